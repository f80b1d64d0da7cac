/**
 * The channel consumers ride the inbox: every notice the event consumers (or the stream, for
 * fair suggestions) put in an inbox is also offered to each channel, which enqueues a delivery
 * if the person wants it there. Offering happens whether or not the inbox already had the
 * notice, so a retry after a crash still enqueues; the deterministic delivery id makes a repeat
 * a no-op.
 */
import { enqueueAlerts } from '#domain/alerts.ts';
import type { NotificationInput } from '#domain/notifications.ts';
import type { NotificationRepository } from '#domain/ports.ts';
import { recordNotificationsSent } from '#functions/observability.ts';
import type { Deps } from '#functions/deps.ts';

/** Wraps the inbox so that each notice is also offered to the e-mail and SMS consumers. */
export function withAlerts(inbox: NotificationRepository, deps: () => Pick<Deps, 'alertPreferences' | 'alertDeliveries' | 'clock' | 'portalUrl'>): NotificationRepository {
  const add = async (n: NotificationInput) => {
    const added = await inbox.add(n);
    if (added) recordNotificationsSent('inbox');
    const d = deps();
    await enqueueAlerts(d, n, d.portalUrl);
    return added;
  };
  return { ...inbox, add, notify: async (n) => void (await add(n)) };
}
