/**
 * What this service itself does with its events: inbox notifications for the audience and
 * webhook deliveries for subscribed profiles. Idempotent, since a relay may deliver twice.
 */
import type { Envelope } from '#events/envelope.ts';
import { notificationsFor } from '#domain/notifications.ts';
import type { AppDeps } from '#functions/deps.ts';

export async function handleEvent(deps: AppDeps, event: Envelope): Promise<void> {
  await Promise.all(notificationsFor(event).map((n) => deps.notifications.add(n)));
  await deps.onEvent?.(event);
}
