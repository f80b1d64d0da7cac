/**
 * The envelope every domain event travels in, on EventBridge in AWS and on the in-process bus
 * locally. `detail-type` is `name`, `source` is `source`; consumers get everything they need in
 * `data` without calling back, and `audience` says whose event it is (for inboxes and webhooks).
 */
import * as z from 'zod/mini';

export const Audience = z.object({
  /** Signed-in users (JWT `sub`) the event concerns: their inbox gets it. */
  subs: z.array(z.string()),
  /** Seller profiles whose webhooks may receive it. */
  sellerIds: z.array(z.string()),
  /** Buyer profiles whose webhooks may receive it. */
  buyerIds: z.array(z.string()),
});
export type Audience = z.infer<typeof Audience>;

export const Envelope = z.object({
  /** ULID, unique per event; consumers deduplicate on it. */
  id: z.string(),
  /** e.g. `MatchProposed`. */
  name: z.string(),
  /** e.g. `ketnoi.matching`. */
  source: z.string(),
  version: z.int(),
  /** ISO timestamp of the state change. */
  time: z.string(),
  /** The id of the entity the event is about. */
  subject: z.string(),
  audience: Audience,
  data: z.record(z.string(), z.unknown()),
});
export type Envelope = z.infer<typeof Envelope>;

/** A domain event's definition: one per file in `events/`. */
export interface EventDefinition<D extends z.ZodMiniType> {
  name: string;
  source: string;
  version: number;
  description: string;
  readonly data: D;
  example: z.infer<D>;
}

/**
 * Declares an event with its data schema and an example that must satisfy it (checked in tests).
 * The schema is built on first use (`data`): most functions only name the events they record
 * (domain/event-builders.ts) and never parse one, so their cold start does not build them.
 */
export function defineEvent<D extends z.ZodMiniType>(def: Omit<EventDefinition<D>, 'data'> & { data: () => D }): EventDefinition<D> {
  let data: D | undefined;
  const { data: build, ...rest } = def;
  return {
    ...rest,
    get data() {
      return (data ??= build());
    },
  };
}
