/**
 * What happens after a write, driven by the table's stream (the same code in AWS and locally):
 * keep the matching index in step with listings and demands, re-run matching for those that
 * changed, record fair suggestions when a fair is published, and update the statistics.
 * Every step is idempotent, so a re-delivered batch changes nothing twice.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import type { Listing } from '#domain/listings.ts';
import type { Demand } from '#domain/demands.ts';
import type { Fair } from '#domain/fair-views.ts';
import type { Match } from '#domain/matching/matches.ts';
import { rematch, type DecidedPair, type MatchRunReport } from '#domain/matching/engine.ts';
import { statsDeltas } from '#domain/stats.ts';
import { DEMAND_FIELDS, SUPPLY_FIELDS } from '#domain/matching/rules.ts';
import { recordFairSuggestions } from '#domain/matching/fair-suggestions.ts';
import type { Deps } from '#functions/deps.ts';
import type { Envelope } from '#events/envelope.ts';
import { stripKeys } from '#functions/data/store.ts';

type Image = Record<string, unknown> & { entity?: string };

const image = (raw: Record<string, unknown> | undefined): Image | undefined =>
  raw ? (unmarshall(raw as Record<string, AttributeValue>) as Image) : undefined;

/** Fields whose change can change a listing's or a demand's matches: what matching reads, the status (isLive) and the quantity remainingKg follows. */
const MATCH_RELEVANT = [...new Set(['status', 'quantityKg', ...SUPPLY_FIELDS, ...DEMAND_FIELDS])];
const matchRelevantChange = (oldImg: Image | undefined, newImg: Image | undefined) =>
  !oldImg || !newImg || MATCH_RELEVANT.some((f) => JSON.stringify(oldImg[f]) === JSON.stringify(newImg[f]) === false);

export interface StreamReport {
  records: number;
  matching?: MatchRunReport;
  relayed?: number;
  /** Records that could not be processed, with why; the others were (see reportBatchItemFailures). */
  failures: { record: DynamoDBRecord; error: unknown }[];
}

/**
 * Processes one batch of stream records, each on its own: a record that fails (a malformed
 * item, a step that throws) is reported in `failures` and takes no other record down with it.
 */
export async function processStreamRecords(deps: Deps, records: DynamoDBRecord[]): Promise<StreamReport> {
  const listings = new Map<string, { item: Listing; record: DynamoDBRecord }>();
  const demands = new Map<string, { item: Demand; record: DynamoDBRecord }>();
  const published: { fair: Fair; record: DynamoDBRecord }[] = [];
  const outbox: { event: Envelope; record: DynamoDBRecord }[] = [];
  const decided: { pair: DecidedPair; record: DynamoDBRecord }[] = [];
  const work: Promise<unknown>[] = [];
  const failed = new Map<DynamoDBRecord, unknown>();
  const fail = (record: DynamoDBRecord, error: unknown) => void (failed.has(record) || failed.set(record, error));
  const guarded = (record: DynamoDBRecord, p: Promise<unknown>) => work.push(p.catch((err) => fail(record, err)));

  for (const record of records) {
    try {
      const oldImg = image(record.dynamodb?.OldImage as Record<string, unknown> | undefined);
      const newImg = image(record.dynamodb?.NewImage as Record<string, unknown> | undefined);
      const entity = (newImg ?? oldImg)?.entity;
      if (!entity) continue;
      if (entity === 'outbox') {
        if (record.eventName === 'INSERT' && newImg) outbox.push({ event: newImg.envelope as Envelope, record });
        continue;
      }
      const deltas = statsDeltas(oldImg, newImg);
      if (deltas.length && record.eventID) guarded(record, deps.stats.apply(record.eventID, deltas));
      if (entity === 'listing') {
        const prev = oldImg && stripKeys<Listing>(oldImg);
        const next = newImg && stripKeys<Listing>(newImg);
        guarded(record, deps.matchIndex.syncListing(prev, next));
        if (next && matchRelevantChange(oldImg, newImg)) listings.set(next.id, { item: next, record });
      } else if (entity === 'demand') {
        const prev = oldImg && stripKeys<Demand>(oldImg);
        const next = newImg && stripKeys<Demand>(newImg);
        guarded(record, deps.matchIndex.syncDemand(prev, next));
        if (next && matchRelevantChange(oldImg, newImg)) demands.set(next.id, { item: next, record });
      } else if (entity === 'match') {
        // "My matches" lists and counts (functions/data/mine.ts).
        if (newImg) guarded(record, deps.mine.syncMatch(stripKeys<Match>(newImg)));
        if (oldImg?.status === 'proposed' && (newImg?.status === 'declined' || newImg?.status === 'confirmed')) {
          decided.push({ pair: { listingId: String(newImg.listingId), demandId: String(newImg.demandId), category: String(newImg.category) }, record });
        }
      } else if (entity === 'fair' && newImg?.status === 'published' && oldImg?.status !== 'published') {
        published.push({ fair: stripKeys<Fair>(newImg), record });
      }
    } catch (err) {
      fail(record, err);
    }
  }
  // The index must be current before matching reads it.
  await Promise.all(work);
  const ok = <T extends { record: DynamoDBRecord }>(xs: Iterable<T>) => [...xs].filter((x) => !failed.has(x.record));
  const [matching] = await Promise.all([
    rematchIsolating(deps, ok(listings.values()), ok(demands.values()), ok(decided), fail),
    ...ok(published).map(({ fair, record }) => recordFairSuggestions(deps, fair).catch((err) => fail(record, err))),
  ]);
  // The relay: events committed with their changes go to the bus. A failed event's record is
  // retried, so an event is delivered at least once; consumers deduplicate on its id.
  const relay = ok(outbox);
  await deps.bus.publish(relay.map((o) => o.event)).catch(async () => {
    for (const { event, record } of relay) await deps.bus.publish([event]).catch((err) => fail(record, err));
  });
  return { records: records.length, matching, relayed: relay.length, failures: [...failed].map(([record, error]) => ({ record, error })) };
}

/** Matches the batch at once; if that fails, each item alone, so only the one at fault fails. */
async function rematchIsolating(
  deps: Deps,
  listings: { item: Listing; record: DynamoDBRecord }[],
  demands: { item: Demand; record: DynamoDBRecord }[],
  decided: { pair: DecidedPair; record: DynamoDBRecord }[],
  fail: (record: DynamoDBRecord, error: unknown) => void,
): Promise<MatchRunReport | undefined> {
  try {
    return await rematch(deps, listings.map((l) => l.item), demands.map((d) => d.item), decided.map((d) => d.pair));
  } catch {
    for (const { item, record } of listings) await rematch(deps, [item], []).catch((err) => fail(record, err));
    for (const { item, record } of demands) await rematch(deps, [], [item]).catch((err) => fail(record, err));
    for (const { pair, record } of decided) await rematch(deps, [], [], [pair]).catch((err) => fail(record, err));
    return undefined;
  }
}
