/**
 * What this service itself does with its events: inbox notifications for the audience and
 * webhook deliveries for subscribed profiles (sent by the delivery worker). Idempotent, since a
 * relay may deliver twice: both are keyed on the event id.
 */
import type { Envelope } from '#events/envelope.ts';
import { notificationsFor } from '#domain/notifications.ts';
import type { AppDeps } from '#functions/deps.ts';
import { enqueueDeliveries } from '#domain/webhook-delivery.ts';
import { deliveryMessage } from '#functions/webhooks/worker.ts';
import { roleDecisionNotices } from '#domain/role-requests.ts';

export async function handleEvent(deps: AppDeps, event: Envelope): Promise<void> {
  const [{ created }] = await Promise.all([enqueueDeliveries(deps, event), ...notificationsFor(event).map((n) => deps.notifications.add(n))]);
  const now = deps.clock.now();
  await Promise.all(created.map((d) => deps.deliveryQueue?.send(deliveryMessage(d, now))));
  await Promise.all(roleDecisionNotices(event).map((n) => deps.notifications.add(n))); // joining
  await deps.onEvent?.(event);
}
