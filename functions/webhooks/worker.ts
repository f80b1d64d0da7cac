/**
 * The webhook scheduler: finds deliveries whose next attempt is due (a Query on the sparse due
 * index, never a Scan) and makes their attempts, a bounded number at a time. Each attempt is
 * claimed with a conditional write on the delivery's attempt count first, so two workers (or a
 * worker and a manual retry) never send the same attempt twice.
 *
 * Locally {@link startWebhookWorker} polls in-process (the runtime starts it; `kick()` after
 * enqueuing makes the first attempt immediate).
 *
 * In AWS the intended shape (CDK is wired elsewhere) is:
 * - an SQS delivery queue, `{ webhookId, deliveryId }` messages ({@link deliveryMessage}), sent
 *   when a delivery is created or rescheduled with `DelaySeconds` = time until due (at most
 *   900 s; a message that arrives early is sent again with the remaining delay, see
 *   {@link handleDeliveryMessage});
 * - a consumer Lambda (`functions/handlers/webhook-worker.ts`) with a small batch size and
 *   `ReportBatchItemFailures`; the queue's visibility timeout above the 15 s send timeout
 *   (e.g. 60 s, matching {@link CLAIM_LEASE_MS}), and a redrive policy to a DLQ after ~5
 *   receives, for messages the consumer itself keeps failing on (the delivery's own retries are
 *   the schedule, not SQS redelivery);
 * - an EventBridge schedule (e.g. every minute) invoking the same Lambda to sweep the due index
 *   with {@link runDueDeliveries}: it catches anything whose message was lost or dead-lettered,
 *   so the index, not the queue, is the source of truth.
 */
import type { Deps, WebhookDeps } from '#domain/ports.ts';
import type { Webhook } from '#domain/webhooks.ts';
import { CLAIM_LEASE_MS, attemptDelivery, type AttemptOutcome, type Delivery } from '#domain/webhook-delivery.ts';

export { CLAIM_LEASE_MS };

type WorkerDeps = Deps & WebhookDeps;

export interface RunReport {
  attempted: number;
  delivered: number;
  retrying: number;
  dead: number;
  /** Stopped: 410 Gone, or the endpoint was disabled or deleted. */
  failed: number;
  /** Claimed by someone else first. */
  skipped: number;
}

export interface RunOptions {
  /** Attempts in flight at once. */
  concurrency?: number;
  /** Deliveries read from the due index per round. */
  batchSize?: number;
  /** Rounds per run (each round reads the due index again). */
  maxRounds?: number;
}

/** Runs `fn` over `items` with at most `limit` in flight. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  });
  await Promise.all(lanes);
  return out;
}

function count(report: RunReport, outcome: AttemptOutcome) {
  if (outcome.kind === 'skipped') {
    if (outcome.reason === 'claimed-elsewhere') report.skipped++;
    else report.failed++;
    return;
  }
  report.attempted++;
  if (outcome.kind === 'delivered') report.delivered++;
  else if (outcome.kind === 'retry') report.retrying++;
  else if (outcome.kind === 'dead') report.dead++;
  else report.failed++;
}

/**
 * Makes every attempt due at `now`, 16 at a time by default. Endpoints are read once per run
 * (and again after one is disabled). Returns what happened.
 */
export async function runDueDeliveries(deps: WorkerDeps, now: Date = new Date(), opts: RunOptions = {}): Promise<RunReport> {
  const { concurrency = 16, batchSize = 200, maxRounds = 50 } = opts;
  const report: RunReport = { attempted: 0, delivered: 0, retrying: 0, dead: 0, failed: 0, skipped: 0 };
  const endpoints = new Map<string, Promise<Webhook | undefined>>();
  const endpoint = (id: string) => {
    let p = endpoints.get(id);
    if (!p) endpoints.set(id, (p = deps.webhooks.get(id)));
    return p;
  };
  for (let round = 0; round < maxRounds; round++) {
    const due = await deps.deliveries.due(now.toISOString(), batchSize);
    if (due.length === 0) break;
    const outcomes = await mapLimit(due, concurrency, async (d) => {
      const { outcome } = await attemptDelivery(deps, d, { webhook: (await endpoint(d.webhookId)) ?? null });
      if (outcome.kind === 'dead' || outcome.kind === 'gone') endpoints.delete(d.webhookId);
      count(report, outcome);
      return outcome;
    });
    // The index is eventually consistent: if nothing could be claimed, what is left is stale.
    if (outcomes.every((o) => o.kind === 'skipped' && o.reason === 'claimed-elsewhere')) break;
    if (due.length < batchSize) break;
  }
  return report;
}

export interface WebhookWorker {
  /** Runs now (or again right after the current run). */
  kick(): void;
  /** Stops polling and waits for the run in progress. */
  stop(): Promise<void>;
  /** Resolves when no run is in progress. */
  idle(): Promise<void>;
}

/** The local scheduler: runs due deliveries every `intervalMs`, and on `kick()`. */
export function startWebhookWorker(deps: WorkerDeps, opts: { intervalMs: number; run?: RunOptions; onReport?: (r: RunReport) => void }): WebhookWorker {
  let stopped = false;
  let again = false;
  let running: Promise<void> | undefined;
  let timer: NodeJS.Timeout | undefined;

  const schedule = () => {
    if (stopped) return;
    clearTimeout(timer);
    timer = setTimeout(tick, opts.intervalMs);
    timer.unref();
  };
  function tick() {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    clearTimeout(timer);
    running = (async () => {
      do {
        again = false;
        try {
          const report = await runDueDeliveries(deps, new Date(), opts.run);
          opts.onReport?.(report);
        } catch (err) {
          console.error(JSON.stringify({ level: 'error', msg: 'webhook worker run failed', error: String((err as Error)?.stack ?? err) }));
        }
      } while (again && !stopped);
    })().finally(() => {
      running = undefined;
      schedule();
    });
  }
  schedule();
  return {
    kick: tick,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
    idle: async () => void (await running),
  };
}

/** SQS can delay a message at most this long. */
export const MAX_QUEUE_DELAY_S = 900;

export interface DeliveryMessage {
  webhookId: string;
  deliveryId: string;
}

/** The delivery-queue message for a pending delivery, with its delay (AWS). */
export function deliveryMessage(d: Pick<Delivery, 'webhookId' | 'id' | 'nextAttemptAt'>, now: Date): { body: string; delaySeconds: number } {
  const wait = d.nextAttemptAt ? Math.ceil((Date.parse(d.nextAttemptAt) - now.getTime()) / 1000) : 0;
  return { body: JSON.stringify({ webhookId: d.webhookId, deliveryId: d.id } satisfies DeliveryMessage), delaySeconds: Math.min(MAX_QUEUE_DELAY_S, Math.max(0, wait)) };
}

/**
 * Handles one delivery-queue message (AWS): makes the attempt if it is due. Returns the message
 * to send next (the delivery is still pending: not due yet, or rescheduled), or undefined.
 */
export async function handleDeliveryMessage(deps: WorkerDeps, msg: DeliveryMessage, now: Date = new Date()): Promise<{ body: string; delaySeconds: number } | undefined> {
  const d = await deps.deliveries.get(msg.webhookId, msg.deliveryId);
  if (!d || d.status !== 'pending' || !d.nextAttemptAt) return undefined;
  if (Date.parse(d.nextAttemptAt) > now.getTime()) return deliveryMessage(d, now);
  const { delivery } = await attemptDelivery(deps, d);
  return delivery.status === 'pending' ? deliveryMessage(delivery, deps.clock.now()) : undefined;
}
