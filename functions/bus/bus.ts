/**
 * Event buses. In AWS the relay publishes to an EventBridge custom bus (`eventbridge-bus.ts`,
 * bundled by the stream function only: `source` = the event's source, `detail-type` = its name,
 * `detail` = the whole envelope); other teams subscribe with rules on that bus (docs/events.md). Locally an in-process bus delivers the same envelope to
 * the same consumers.
 */
import type { EventBus } from '#domain/ports.ts';
import type { Envelope } from '#events/envelope.ts';

export type Subscriber = (event: Envelope) => Promise<void>;

/** Delivers to every subscriber before returning; a failing subscriber fails the publish (and the relay retries). */
export class InProcessBus implements EventBus {
  private readonly subscribers: Subscriber[] = [];
  /** Every event published, in order (handy for tests and the local console). */
  readonly published: Envelope[] = [];

  subscribe(subscriber: Subscriber): () => void {
    this.subscribers.push(subscriber);
    return () => this.subscribers.splice(this.subscribers.indexOf(subscriber), 1);
  }

  async publish(events: Envelope[]): Promise<void> {
    for (const event of events) {
      for (const subscriber of [...this.subscribers]) await subscriber(event);
      this.published.push(event);
    }
  }
}
