/**
 * Delivery schedulers: they wake a worker when a pending delivery's `nextAttemptAt` comes, and
 * never decide that time themselves (the delivery does; see `domain/webhook-delivery.ts`).
 * - AWS (`sqs-scheduler.ts`): an SQS message `{ webhookId, deliveryId }` delayed until the attempt is due (at most
 *   15 minutes at a time; a message that arrives early is scheduled again for the rest);
 * - local: an in-process timer that kicks the local worker.
 * Both are best effort: the sweep of the due index (every minute in AWS, on every local worker
 * run) catches anything a lost message or a restart missed.
 */
import type { DeliveryScheduler } from '#domain/ports.ts';
import type { Delivery } from '#domain/webhook-delivery.ts';

/** SQS can delay a message at most this long. */
export const MAX_QUEUE_DELAY_S = 900;

export interface DeliveryMessage {
  webhookId: string;
  deliveryId: string;
}

type Due = Pick<Delivery, 'id' | 'webhookId' | 'nextAttemptAt'>;

/** Milliseconds until `d` is due (0 if it is). */
export const msUntilDue = (d: Due, now: Date) => (d.nextAttemptAt ? Math.max(0, Date.parse(d.nextAttemptAt) - now.getTime()) : 0);

/** The delivery-queue message for a pending delivery, delayed until it is due (or the queue's maximum). */
export function deliveryMessage(d: Due, now: Date): { body: string; delaySeconds: number } {
  return {
    body: JSON.stringify({ webhookId: d.webhookId, deliveryId: d.id } satisfies DeliveryMessage),
    delaySeconds: Math.min(MAX_QUEUE_DELAY_S, Math.ceil(msUntilDue(d, now) / 1000)),
  };
}

/** Wakes in-process listeners (the local worker) when a delivery comes due. */
export class LocalScheduler implements DeliveryScheduler {
  private readonly listeners = new Set<() => void>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  async wake(d: Due): Promise<void> {
    if (this.listeners.size === 0) return;
    const fire = () => this.listeners.forEach((l) => l());
    setTimeout(fire, msUntilDue(d, this.now())).unref();
  }

  /** Calls `listener` whenever a woken delivery is due; returns the unsubscribe. */
  listen(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
