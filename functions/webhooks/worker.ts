/**
 * The webhook worker: makes the attempts that are due. The due index (a Query on a sparse
 * index, never a Scan) is the source of truth; the scheduler (`functions/webhooks/scheduler.ts`)
 * only says when to look. Each attempt is claimed with a conditional write on the delivery's
 * attempt count first, so two workers (or a worker and the retry route) never send the same
 * attempt twice.
 * - AWS (`functions/handlers/webhook-worker.ts`): {@link handleDeliveryMessage} per SQS message,
 *   and {@link runDueDeliveries} as the one-minute sweep;
 * - local: {@link startWebhookWorker} sweeps every `intervalMs` and whenever the local
 *   scheduler says a delivery is due.
 */
import { mapLimit } from '#domain/concurrency.ts';
import type { Deps } from '#domain/ports.ts';
import type { Webhook } from '#domain/webhooks.ts';
import { attemptDelivery, type AttemptOutcome } from '#domain/webhook-delivery.ts';
import { LocalScheduler, type DeliveryMessage } from '#functions/webhooks/scheduler.ts';

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
export async function runDueDeliveries(deps: Deps, now: Date = new Date(), opts: RunOptions = {}): Promise<RunReport> {
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

/** The local worker: runs due deliveries every `intervalMs`, on `kick()`, and when the local scheduler wakes it. */
export function startWebhookWorker(deps: Deps, opts: { intervalMs: number; run?: RunOptions; onReport?: (r: RunReport) => void }): WebhookWorker {
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
  const unlisten = deps.scheduler instanceof LocalScheduler ? deps.scheduler.listen(tick) : undefined;
  return {
    kick: tick,
    async stop() {
      stopped = true;
      unlisten?.();
      clearTimeout(timer);
      await running;
    },
    idle: async () => void (await running),
  };
}

/**
 * Handles one delivery-queue message (AWS): makes the attempt if it is due; if it is not due
 * yet (SQS delays at most 15 minutes), has the scheduler wake it again later. A retry after the
 * attempt is scheduled by the attempt itself.
 */
export async function handleDeliveryMessage(deps: Deps, msg: DeliveryMessage, now: Date = deps.clock.now()): Promise<void> {
  const d = await deps.deliveries.get(msg.webhookId, msg.deliveryId);
  if (!d || d.status !== 'pending' || !d.nextAttemptAt) return;
  if (Date.parse(d.nextAttemptAt) > now.getTime()) return deps.scheduler.wake(d);
  await attemptDelivery(deps, d);
}
