/**
 * Sends due alert deliveries: claims each (a lease, so two workers never send one delivery at
 * once), sends it (digests: one message for all of a person's due items on a channel), and
 * records the outcome; a failure is retried with backoff, and after the last attempt the
 * delivery is `failed` and the person told in the inbox. In AWS a scheduled Lambda runs this
 * every minute (functions/handlers/alert-worker.ts); locally an in-process timer does.
 */
import { afterFailure, failureNotice, renderEmail, renderSms, type AlertDelivery } from '#domain/alerts.ts';
import type { AlertSenders, Deps } from '#domain/ports.ts';
import { signUnsubscribe } from '#functions/alerts/unsubscribe-token.ts';

const LEASE_MS = 60_000;

export interface AlertWorkerSettings {
  /** Public base URL of the API, for unsubscribe links. */
  apiUrl: string;
  unsubscribeKey: Buffer;
}

export interface AlertRunReport {
  sent: number;
  /** Of those sent, by channel (the `NotificationsSent` metric). */
  sentBy: Record<AlertDelivery['channel'], number>;
  retried: number;
  failed: number;
}

/** One pass over the due deliveries. */
export async function runDueAlerts(deps: Pick<Deps, 'alertDeliveries' | 'clock' | 'notifications'>, senders: AlertSenders, settings: AlertWorkerSettings, limit = 100): Promise<AlertRunReport> {
  const report: AlertRunReport = { sent: 0, sentBy: { email: 0, sms: 0 }, retried: 0, failed: 0 };
  const now = deps.clock.now();
  const due = await deps.alertDeliveries.due(now.toISOString(), limit);
  const claimed: AlertDelivery[] = [];
  for (const d of due) {
    const lease = { ...d, leaseUntil: new Date(now.getTime() + LEASE_MS).toISOString(), nextAttemptAt: new Date(now.getTime() + LEASE_MS).toISOString(), updatedAt: now.toISOString() };
    if (await deps.alertDeliveries.replaceIf(lease, d)) claimed.push(lease);
  }
  // A digest is one message for everything of one person on one channel that is due now.
  const groups = new Map<string, AlertDelivery[]>();
  for (const d of claimed) {
    const key = d.digest ? `${d.sub}|${d.channel}|${d.to}` : d.id;
    groups.set(key, [...(groups.get(key) ?? []), d]);
  }
  await Promise.all(
    [...groups.values()].map(async (items) => {
      try {
        const { messageId } = await send(senders, settings, items);
        const at = deps.clock.now().toISOString();
        for (const d of items) {
          await deps.alertDeliveries.replaceIf({ ...d, status: 'sent', attempts: d.attempts + 1, sentAt: at, messageId, leaseUntil: undefined, nextAttemptAt: undefined, lastError: undefined, updatedAt: at }, d);
          report.sent++;
          report.sentBy[d.channel]++;
        }
      } catch (err) {
        const message = `${(err as Error)?.name ?? 'Error'}: ${(err as Error)?.message ?? String(err)}`;
        for (const d of items) {
          const next = afterFailure(d, message, deps.clock.now());
          if (!(await deps.alertDeliveries.replaceIf(next, d))) continue;
          if (next.status === 'failed') {
            report.failed++;
            await deps.notifications.notify(failureNotice(next));
          } else report.retried++;
        }
      }
    }),
  );
  return report;
}

function send(senders: AlertSenders, settings: AlertWorkerSettings, items: AlertDelivery[]) {
  const first = items[0];
  if (first.channel === 'sms') return senders.sms.send({ to: first.to, text: renderSms(items) });
  const type = items.length === 1 ? first.type : '*';
  const token = signUnsubscribe(settings.unsubscribeKey, { sub: first.sub, channel: 'email', type });
  return senders.email.send(renderEmail(items, `${settings.apiUrl.replace(/\/$/, '')}/v1/alerts/unsubscribe?token=${token}`));
}

export interface AlertWorker {
  /** Runs a pass now (after the current one, if any). */
  kick(): Promise<AlertRunReport | undefined>;
  stop(): Promise<void>;
}

/** The local stand-in for the schedule: a pass every `intervalMs` and on each kick (kicks that come while one waits share it), never two at once. */
export function startAlertWorker(deps: () => Pick<Deps, 'alertDeliveries' | 'clock' | 'notifications'>, senders: AlertSenders, settings: AlertWorkerSettings, opts: { intervalMs: number }): AlertWorker {
  let running: Promise<AlertRunReport | undefined> = Promise.resolve(undefined);
  /** A pass queued behind the running one: later kicks join it (it starts after them). */
  let queued: Promise<AlertRunReport | undefined> | undefined;
  let stopped = false;
  const pass = () =>
    (queued ??= running = running.then(async () => {
      queued = undefined;
      if (stopped) return undefined;
      try {
        return await runDueAlerts(deps(), senders, settings);
      } catch (err) {
        console.error('alert worker pass failed', err);
        return undefined;
      }
    }));
  const timer = setInterval(() => void pass(), opts.intervalMs);
  timer.unref();
  return {
    kick: pass,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}
