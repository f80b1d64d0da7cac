/**
 * Event buses. In AWS the relay publishes to an EventBridge custom bus (`source` = the event's
 * source, `detail-type` = its name, `detail` = the whole envelope); other teams subscribe with
 * rules on that bus (docs/events.md). Locally an in-process bus delivers the same envelope to
 * the same consumers.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
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

/** Publishes to an EventBridge bus, 10 entries per call (the API's limit); fails if any entry failed. */
export class EventBridgeBus implements EventBus {
  constructor(
    private readonly client: EventBridgeClient,
    private readonly busName: string,
  ) {}

  async publish(events: Envelope[]): Promise<void> {
    for (let i = 0; i < events.length; i += 10) {
      const batch = events.slice(i, i + 10);
      const out = await this.client.send(
        new PutEventsCommand({
          Entries: batch.map((e) => ({ EventBusName: this.busName, Source: e.source, DetailType: e.name, Detail: JSON.stringify(e), Time: new Date(e.time), Resources: [] })),
        }),
      );
      if (out.FailedEntryCount) throw new Error(`EventBridge rejected ${out.FailedEntryCount} of ${batch.length} events`);
    }
  }
}

export { EventBridgeClient };
