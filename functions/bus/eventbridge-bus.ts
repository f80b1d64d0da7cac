/**
 * The EventBridge bus (see `bus.ts`), in its own module so that only the function that relays
 * the outbox (the stream function) bundles the EventBridge client.
 */
import { EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import type { EventBus } from '#domain/ports.ts';
import type { Envelope } from '#events/envelope.ts';

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

/** The bus named `busName`, as the stream function wires it. */
export const eventBridgeBus = (busName: string, region: string): EventBus => new EventBridgeBus(new EventBridgeClient({ region }), busName);
