/**
 * What this service itself does with its events: inbox notifications for the audience and
 * webhook deliveries for subscribed profiles (the scheduler wakes the delivery worker for them).
 * Each subscriber gets its own view: the inbox text and the webhook body say only what that
 * user or profile may read through the API. Idempotent, since a relay may deliver twice: both
 * are keyed on the event id.
 */
import type { Envelope } from '#events/envelope.ts';
import { notificationsFor } from '#domain/notifications.ts';
import { withParties } from '#domain/parties.ts';
import { refineMatchNotice } from '#domain/match-notices.ts';
import type { Deps } from '#functions/deps.ts';
import { enqueueDeliveries } from '#domain/webhook-delivery.ts';
import { roleDecisionNotices } from '#domain/role-decisions.ts';

/** Handles one event: inbox notifications (grouped where the domain says so) and webhook deliveries. */
export async function handleEvent(deps: Deps, received: Envelope): Promise<void> {
  // Match events learn who the parties are here, for the inbox and the webhooks alike.
  const event = await withParties(deps, received);
  await Promise.all([
    enqueueDeliveries(deps, event),
    ...notificationsFor(event).map(async (n) => {
      const { notice, stateKey } = refineMatchNotice(event, n);
      // The same match state announced by another event (a repeat) is not news twice.
      if (stateKey && !(await deps.mine.claimNotice(notice.sub, stateKey, event.id))) return;
      await deps.notifications.add(notice);
    }),
  ]);
  await Promise.all(roleDecisionNotices(event).map((n) => deps.notifications.add(n)));
}
