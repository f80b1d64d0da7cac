/**
 * The matching index: small items, derived from listings and demands by the stream processor,
 * that let matching find candidates with a few Queries and no Scan.
 *
 * - Supply (one listing → up to 4 items): `SUPPLY#<product>#<province>#<shard>` and
 *   `SUPPLY#<product>#ANY#<shard>`, plus the same under `cat:<category>`; sort key
 *   `<availableFrom>#<listingId>`.
 * - Demand (one demand → one item per province it sources from, or one under `ANY`):
 *   `DEMAND#<product or cat:category>#<sourceProvince|ANY>#<shard>`; sort key `<neededFrom>#<demandId>`.
 *
 * - Market part members (one per listing or demand): `PART#<category>` / `L#<id>` or `D#<id>`,
 *   read with the rest of the part by functions/data/market-parts.ts.
 *
 * Only active listings and open demands with volume left are indexed. A new listing reads the
 * demand partitions for its product and its category, in its province and `ANY`, up to its
 * `availableTo` (key condition: demands that start after the listing ends, the common case of a
 * demand posted ahead of its season, are never read; those that ended before it starts are rare
 * in an open book and dropped by the filter). Season-hot
 * products (see `hotShards` in the product catalogue) spread writes over several shards.
 * Each item carries what the hard filters and the score need, so no item is read twice.
 */
import { DeleteCommand, PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import type { Listing } from '#domain/listings.ts';
import type { Demand } from '#domain/demands.ts';
import { DEMAND_FIELDS, SUPPLY_FIELDS, acceptedSourceProvinces, isLive, type DemandSide, type SupplySide } from '#domain/matching/rules.ts';
import { productByCode } from '#domain/reference/products.ts';
import type { CandidateRead, MatchIndex } from '#domain/ports.ts';
import type { Item, Store } from '#functions/data/store.ts';
import { partKeyOf } from '#domain/matching/market.ts';
import { partKeys } from '#functions/data/market-parts.ts';
import { mapLimit } from '#domain/concurrency.ts';

const shardsOf = (product: string | undefined) => (product ? (productByCode(product)?.hotShards ?? 1) : 1);

/** A stable shard for an id, so an item always lands in the same partition. */
export function shardOf(id: string, shards: number): number {
  if (shards <= 1) return 0;
  return createHash('sha1').update(id).digest().readUInt32BE(0) % shards;
}

/**
 * Matching-index keys, the one place they are spelled. A product key is the product code, or
 * `cat:<category>` for a whole category; a province is a code or {@link matchIndexKeys.any}.
 */
export const matchIndexKeys = {
  supply: (productKey: string, province: string, shard: number) => `SUPPLY#${productKey}#${province}#${shard}`,
  demand: (productKey: string, province: string, shard: number) => `DEMAND#${productKey}#${province}#${shard}`,
  category: (category: string) => `cat:${category}`,
  isCategory: (productKey: string) => productKey.startsWith(matchIndexKeys.category('')),
  /** Stands for every province: items of listings and demands open to all of them. */
  any: 'ANY',
};

/** Every shard of every (product key, province) partition built by `partition`. */
function partitionsOf(partition: (productKey: string, province: string, shard: number) => string, productKeys: string[], provinces: string[]): string[] {
  return productKeys.flatMap((key) => {
    const shards = matchIndexKeys.isCategory(key) ? 1 : shardsOf(key);
    return provinces.flatMap((p) => Array.from({ length: shards }, (_, s) => partition(key, p, s)));
  });
}

/** The provinces a demand sources from, or {@link matchIndexKeys.any}. */
function sourceProvinces(d: DemandSide): string[] {
  const area = acceptedSourceProvinces(d);
  return area === 'any' ? [matchIndexKeys.any] : area;
}

const productKeyOf = (e: { product?: string; category: string }) => e.product ?? matchIndexKeys.category(e.category);

// What matching reads, plus the owner (who is told) and the version (which copy the index holds).
const SUPPLY_INDEX_FIELDS = [...SUPPLY_FIELDS, 'ownerId', 'version'];
const DEMAND_INDEX_FIELDS = [...DEMAND_FIELDS, 'ownerId', 'version'];
const pick = <T extends object>(o: T, keys: readonly string[]) => Object.fromEntries(keys.map((k) => [k, (o as Record<string, unknown>)[k]]).filter(([, v]) => v !== undefined));

/** The index items a listing should have right now (none unless it is on offer). */
export function supplyIndexItems(l: Listing): Item[] {
  if (!isLive.listing(l)) return [];
  const sk = `${l.availableFrom}#${l.id}`;
  const projected = { entity: 'supply-index', ...pick(l, SUPPLY_INDEX_FIELDS) };
  const shard = shardOf(l.id, shardsOf(l.product));
  const category = matchIndexKeys.category(l.category);
  return [
    matchIndexKeys.supply(l.product, l.province, shard),
    matchIndexKeys.supply(l.product, matchIndexKeys.any, shard),
    matchIndexKeys.supply(category, l.province, 0),
    matchIndexKeys.supply(category, matchIndexKeys.any, 0),
  ].map((pk) => ({ pk, sk, ...projected })).concat({ ...partKeys.member(partKeyOf(l), 'L', l.id), ...projected });
}

/** The index items a demand should have right now: one per province it sources from. */
export function demandIndexItems(d: Demand): Item[] {
  if (!isLive.demand(d)) return [];
  const key = productKeyOf(d);
  const shard = shardOf(d.id, shardsOf(d.product));
  const projected = { entity: 'demand-index', ...pick(d, DEMAND_INDEX_FIELDS) };
  return [...sourceProvinces(d).map((p) => ({ pk: matchIndexKeys.demand(key, p, shard), sk: `${d.neededFrom}#${d.id}`, ...projected })), { ...partKeys.member(partKeyOf(d), 'D', d.id), ...projected }];
}

/** Partitions read at once per candidate search: enough to overlap latency, few enough to share sockets. */
const QUERY_CONCURRENCY = 8;

const keyOf = (i: Item) => `${i.pk}\u0000${i.sk}`;

export function matchIndex(store: Store): MatchIndex {
  /** Puts `next` and deletes what `prev` had that `next` lacks; versions keep stale records from winning. */
  async function sync(prevItems: Item[], nextItems: Item[], version: number) {
    const keep = new Set(nextItems.map(keyOf));
    const deletes = prevItems.filter((i) => !keep.has(keyOf(i)));
    const guard = (p: Promise<unknown>) => p.catch((err) => (err instanceof ConditionalCheckFailedException ? undefined : Promise.reject(err)));
    await Promise.all([
      ...nextItems.map((item) =>
        guard(
          store.doc.send(
            new PutCommand({
              TableName: store.tableName,
              Item: item,
              ConditionExpression: 'attribute_not_exists(pk) OR #v <= :v',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':v': version },
            }),
          ),
        ),
      ),
      ...deletes.map((item) =>
        guard(
          store.doc.send(
            new DeleteCommand({
              TableName: store.tableName,
              Key: { pk: item.pk, sk: item.sk },
              ConditionExpression: '#v < :v',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':v': version },
            }),
          ),
        ),
      ),
    ]);
  }

  /** Runs a candidate query over all its partitions, counting what DynamoDB read and charged. */
  async function queryAll<T>(q: CandidateQuery): Promise<CandidateRead<T>> {
    const out: CandidateRead<T> = { items: [], itemsRead: 0, readCapacity: 0, queries: 0 };
    await mapLimit(q.pks, QUERY_CONCURRENCY, async (pk) => {
      for await (const res of store.pages({ ...queryInput(q, pk), ReturnConsumedCapacity: 'TOTAL' })) {
        out.queries++;
        out.itemsRead += res.ScannedCount ?? 0;
        out.readCapacity += res.ConsumedCapacity?.CapacityUnits ?? 0;
        for (const item of res.Items ?? []) out.items.push(item as T);
      }
    });
    return out;
  }

  return {
    async syncListing(prev, next) {
      await sync(prev ? supplyIndexItems(prev) : [], next ? supplyIndexItems(next) : [], next?.version ?? (prev?.version ?? 0) + 1);
    },
    async syncDemand(prev, next) {
      await sync(prev ? demandIndexItems(prev) : [], next ? demandIndexItems(next) : [], next?.version ?? (prev?.version ?? 0) + 1);
    },
    demandPartitionsFor,
    supplyPartitionsFor,
    async supplyIn(keys, provinces, from) {
      const pks = partitionsOf(matchIndexKeys.supply, keys, provinces);
      const read = await queryAll<SupplySide & { ownerId: string }>({ pks, upTo: '9999-12-31', filter: 'availableTo >= :from', values: { ':from': from } });
      const unique = new Map(read.items.map((i) => [i.id, i]));
      return [...unique.values()];
    },
    async demandsIn(keys, provinces, from, to) {
      const pks = partitionsOf(matchIndexKeys.demand, keys, provinces);
      const read = await queryAll<DemandSide & { ownerId: string }>({ pks, upTo: to, filter: 'neededTo >= :from', values: { ':from': from } });
      return [...new Map(read.items.map((i) => [i.id, i])).values()];
    },
    /** Open demands that may want this listing: its product and category, its province and ANY. */
    demandsFor: (l) => queryAll<DemandSide & { ownerId: string }>(demandCandidateQuery(l)),
    /** Active listings this demand may take: its product (or category) in each province it sources from. */
    listingsFor: (d) => queryAll<SupplySide & { ownerId: string }>({ pks: supplyPartitionsFor(d), upTo: d.neededTo, filter: 'availableTo >= :from', values: { ':from': d.neededFrom } }),
  };
}

/** A candidate search: partitions read up to a start date (key condition) and a window filter. */
export interface CandidateQuery {
  pks: string[];
  /** Items whose window starts on or before this date (sort keys are `<start date>#<id>`). */
  upTo: string;
  filter: string;
  values: Record<string, unknown>;
}

/** The Query input for one partition of a candidate search. */
export const queryInput = (q: CandidateQuery, pk: string) => ({
  KeyConditionExpression: 'pk = :pk AND sk <= :upTo',
  FilterExpression: q.filter,
  ExpressionAttributeValues: { ':pk': pk, ':upTo': `${q.upTo}#~`, ...q.values },
});

/** How a listing's candidate demands are read: also the benchmark's floor. */
export function demandCandidateQuery(l: Pick<Listing, 'product' | 'category' | 'province' | 'availableFrom' | 'availableTo'>): CandidateQuery {
  return { pks: demandPartitionsFor(l), upTo: l.availableTo, filter: 'neededTo >= :from', values: { ':from': l.availableFrom } };
}

/** The demand-index partitions a listing's candidates live in. */
export function demandPartitionsFor(l: Pick<Listing, 'product' | 'category' | 'province'>): string[] {
  return [l.province, matchIndexKeys.any].flatMap((province) => partitionsOf(matchIndexKeys.demand, [l.product, matchIndexKeys.category(l.category)], [province]));
}

/** The supply-index partitions a demand's candidates live in. */
export function supplyPartitionsFor(d: DemandSide): string[] {
  return partitionsOf(matchIndexKeys.supply, [productKeyOf(d)], sourceProvinces(d));
}
