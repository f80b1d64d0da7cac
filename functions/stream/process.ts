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
import type { Fair } from '#domain/fairs.ts';
import type { Match } from '#domain/matching/matches.ts';
import { rematch, type MatchRunReport } from '#domain/matching/engine.ts';
import { statsDeltas } from '#domain/stats.ts';
import { recordFairSuggestions } from '#domain/matching/fair-suggestions.ts';
import type { AppDeps } from '#functions/deps.ts';
import type { Envelope } from '#events/envelope.ts';
import { stripKeys } from '#functions/data/store.ts';

type Image = Record<string, unknown> & { entity?: string };

const image = (raw: Record<string, unknown> | undefined): Image | undefined =>
  raw ? (unmarshall(raw as Record<string, AttributeValue>) as Image) : undefined;

/** Fields whose change can change a listing's or a demand's matches. */
const MATCH_RELEVANT = [
  'status', 'remainingKg', 'quantityKg', 'minOrderKg', 'minQuantityKg', 'priceVndPerKg', 'maxPriceVndPerKg', 'availableFrom', 'availableTo',
  'neededFrom', 'neededTo', 'province', 'certifications', 'requiredCertifications', 'sourcingProvinces', 'maxDistanceKm', 'deliveryProvince',
];
const matchRelevantChange = (oldImg: Image | undefined, newImg: Image | undefined) =>
  !oldImg || !newImg || MATCH_RELEVANT.some((f) => JSON.stringify(oldImg[f]) === JSON.stringify(newImg[f]) === false);

export interface StreamReport {
  records: number;
  matching?: MatchRunReport;
  relayed?: number;
}

/** Processes one batch of stream records. Throws to have the batch retried. */
export async function processStreamRecords(deps: AppDeps, records: DynamoDBRecord[]): Promise<StreamReport> {
  const listings = new Map<string, Listing>();
  const demands = new Map<string, Demand>();
  const published: Fair[] = [];
  const outbox: Envelope[] = [];
  const work: Promise<unknown>[] = [];

  for (const record of records) {
    const oldImg = image(record.dynamodb?.OldImage as Record<string, unknown> | undefined);
    const newImg = image(record.dynamodb?.NewImage as Record<string, unknown> | undefined);
    const entity = (newImg ?? oldImg)?.entity;
    if (!entity) continue;
    if (entity === 'outbox') {
      if (record.eventName === 'INSERT' && newImg) outbox.push(newImg.envelope as Envelope);
      continue;
    }
    const deltas = statsDeltas(oldImg, newImg);
    if (deltas.length && record.eventID) work.push(deps.stats.apply(record.eventID, deltas));
    if (entity === 'listing') {
      const prev = oldImg && stripKeys<Listing>(oldImg);
      const next = newImg && stripKeys<Listing>(newImg);
      work.push(deps.matchIndex.syncListing(prev, next));
      if (next && matchRelevantChange(oldImg, newImg)) listings.set(next.id, next);
    } else if (entity === 'demand') {
      const prev = oldImg && stripKeys<Demand>(oldImg);
      const next = newImg && stripKeys<Demand>(newImg);
      work.push(deps.matchIndex.syncDemand(prev, next));
      if (next && matchRelevantChange(oldImg, newImg)) demands.set(next.id, next);
    } else if (entity === 'match' && newImg) {
      // "My matches" lists and counts (functions/data/mine.ts).
      work.push(deps.mine.syncMatch(stripKeys<Match>(newImg)));
    } else if (entity === 'fair' && newImg?.status === 'published' && oldImg?.status !== 'published') {
      published.push(stripKeys<Fair>(newImg));
    }
  }
  // The index must be current before matching reads it.
  await Promise.all(work);
  const [matching] = await Promise.all([
    rematch(deps, [...listings.values()], [...demands.values()]),
    ...published.map((fair) => recordFairSuggestions(deps, fair)),
  ]);
  // The relay: events committed with their changes go to the bus. If publishing fails the batch
  // is retried, so an event is delivered at least once; consumers deduplicate on its id.
  await deps.bus.publish(outbox);
  return { records: records.length, matching, relayed: outbox.length };
}
