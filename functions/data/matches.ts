/**
 * Match items (`MATCH#<id>` / `A`, id deterministic from the pair), listed per listing on gsi2
 * (`MATCHES#L#<listingId>`) and per demand on gsi3 (`MATCHES#D#<demandId>`), both sorted by
 * {@link rankKey} so that a page comes out best first.
 */
import { GetCommand, TransactGetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import type { Match, MatchStatus } from '#domain/matching/matches.ts';
import type { ConfirmOutcome, MatchRepository, PageRequest } from '#domain/ports.ts';
import { NotFoundError, PreconditionFailedError, UnavailableError } from '#domain/errors.ts';
import { conditionFailure, stripKeys, type Item, type Store } from '#functions/data/store.ts';
import { listingCodec } from '#functions/data/listings.ts';
import { demandCodec } from '#functions/data/demands.ts';

/** Match keys, the one place they are spelled: items, index attributes and queries use them. */
export const matchKeys = {
  /** The match's partition; it also holds the match's owner entries (functions/data/mine.ts). */
  partition: (id: string) => `MATCH#${id}`,
  item: (id: string) => ({ pk: matchKeys.partition(id), sk: 'A' }),
  /** gsi2 partition: one listing's matches. */
  byListing: (listingId: string) => `MATCHES#L#${listingId}`,
  /** gsi3 partition: one demand's matches. */
  byDemand: (demandId: string) => `MATCHES#D#${demandId}`,
};

/**
 * Sort key that orders a side's matches best score first, ties by id: the score's distance
 * from 1 in billionths, zero-padded (scores lie in [0, 1]), then the id.
 */
export const rankKey = (m: Pick<Match, 'score' | 'id'>) => `${String(Math.round((1 - Math.min(1, Math.max(0, m.score))) * 1e9)).padStart(10, '0')}#${m.id}`;

export const matchToItem = (m: Match): Item => ({
  ...matchKeys.item(m.id),
  entity: 'match',
  gsi2pk: matchKeys.byListing(m.listingId),
  gsi2sk: rankKey(m),
  gsi3pk: matchKeys.byDemand(m.demandId),
  gsi3sk: rankKey(m),
  ...m,
});
export const matchFromItem = (item: Item) => stripKeys<Match>(item);

/** The fields that allocation and scoring may change on a live proposal. */
const PROPOSAL_FIELDS = ['score', 'factors', 'reasons', 'proposedKg', 'distanceKm', 'priceVndPerKg', 'window'] as const;

/** Random wait before retry `attempt` (0-based): up to 20 ms, doubling. */
const backoff = (attempt: number) => new Promise((r) => setTimeout(r, Math.random() * 20 * 2 ** attempt));

export function matchRepository(store: Store): MatchRepository {
  const listBy = async (index: 'gsi2' | 'gsi3', pk: string) => {
    const items: Match[] = [];
    for await (const res of store.pages({ IndexName: index, KeyConditionExpression: `${index}pk = :pk`, ExpressionAttributeValues: { ':pk': pk } })) {
      items.push(...(res.Items ?? []).map(matchFromItem));
    }
    return items;
  };
  /** One page of a side's matches in rank order; a status filter reads on until the page is full. */
  const pageBy = (index: 'gsi2' | 'gsi3', pk: string, page: PageRequest, status?: MatchStatus) =>
    store.queryPage(
      {
        IndexName: index,
        KeyConditionExpression: `${index}pk = :pk`,
        ...(status ? { FilterExpression: '#s = :status', ExpressionAttributeNames: { '#s': 'status' } } : {}),
        ExpressionAttributeValues: { ':pk': pk, ...(status ? { ':status': status } : {}) },
      },
      page,
      matchFromItem,
    );

  return {
    async get(id) {
      const res = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: matchKeys.item(id), ConsistentRead: true }));
      return res.Item && matchFromItem(res.Item);
    },
    listByListing: (listingId) => listBy('gsi2', matchKeys.byListing(listingId)),
    listByDemand: (demandId) => listBy('gsi3', matchKeys.byDemand(demandId)),
    pageByListing: (listingId, page, status) => pageBy('gsi2', matchKeys.byListing(listingId), page, status),
    pageByDemand: (demandId, page, status) => pageBy('gsi3', matchKeys.byDemand(demandId), page, status),

    async propose(m, events = []) {
      try {
        await store.create(matchToItem(m), events);
        return 'created';
      } catch (err) {
        if (!conditionFailure(err)) throw err;
      }
      const current = await this.get(m.id);
      if (!current || !['proposed', 'superseded'].includes(current.status)) return 'skipped';
      const same = current.status === 'proposed' && PROPOSAL_FIELDS.every((f) => JSON.stringify(current[f]) === JSON.stringify(m[f]));
      if (same) return 'unchanged';
      const revived = current.status === 'superseded';
      const next: Match = {
        ...current,
        ...Object.fromEntries(PROPOSAL_FIELDS.map((f) => [f, m[f]])),
        status: 'proposed',
        // A changed quantity needs fresh consent from both sides.
        ...(revived || current.proposedKg !== m.proposedKg ? { sellerDecision: 'pending', buyerDecision: 'pending' } : {}),
        version: current.version + 1,
        updatedAt: m.updatedAt,
      } as Match;
      try {
        await this.update(next);
        return 'updated';
      } catch (err) {
        if (err instanceof PreconditionFailedError || err instanceof NotFoundError) return 'skipped';
        throw err;
      }
    },

    supersede(m, status, now) {
      return this.supersedeById(m.id, status, now);
    },

    async supersedeById(id, status, now) {
      try {
        await store.doc.send(
          new UpdateCommand({
            TableName: store.tableName,
            Key: matchKeys.item(id),
            UpdateExpression: 'SET #s = :s, #v = #v + :one, updatedAt = :now',
            ConditionExpression: '#s = :proposed',
            ExpressionAttributeNames: { '#s': 'status', '#v': 'version' },
            ExpressionAttributeValues: { ':s': status, ':one': 1, ':now': now, ':proposed': 'proposed' },
          }),
        );
        return true;
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) return false;
        throw err;
      }
    },

    update: (next, events = []) => store.replaceVersioned(matchToItem(next) as Item & { version: number }, 'match', next.id, events, next),

    /**
     * One transaction: the match becomes confirmed (if still at the version read), and the
     * listing and demand each lose the quantity, on condition they still have it. A listing
     * left with nothing becomes sold_out, a demand fulfilled; the stream then re-runs
     * allocation for both.
     */
    async confirm(next, events = []): Promise<ConfirmOutcome> {
      const qty = next.confirmedKg ?? next.proposedKg;
      /** The side's item with the quantity taken off, written only if nobody changed it since the read. */
      const reserve = (item: Item, codec: typeof listingCodec | typeof demandCodec, active: string, emptied: string) => {
        const entity = codec.fromItem(item) as { remainingKg: number; version: number; status: string };
        const remainingKg = entity.remainingKg - qty;
        const after = { ...entity, remainingKg, status: remainingKg <= 0 ? emptied : active, version: entity.version + 1, updatedAt: next.updatedAt };
        return {
          Put: {
            TableName: store.tableName,
            Item: (codec.toItem as (e: unknown) => Item)(after),
            ConditionExpression: '#v = :seen AND #s = :active',
            ExpressionAttributeNames: { '#v': 'version', '#s': 'status' },
            ExpressionAttributeValues: { ':seen': entity.version, ':active': active },
          },
        };
      };
      for (let attempt = 0; attempt < 8; attempt++) {
        // One snapshot of the three items: a side that lacks the volume because this very match
        // was just confirmed by a concurrent request must read as "the match changed", not as
        // "volume gone".
        const snapshot = await store.doc
          .send(
            new TransactGetCommand({
              TransactItems: [matchKeys.item(next.id), listingCodec.key(next.listingId), demandCodec.key(next.demandId)].map((Key) => ({ Get: { TableName: store.tableName, Key } })),
            }),
          )
          .catch((err: unknown) => {
            // A read that collides with a transaction in flight is cancelled; read again shortly.
            if (err instanceof TransactionCanceledException) return undefined;
            throw err;
          });
        if (!snapshot) {
          await backoff(attempt);
          continue;
        }
        const [match, listing, demand] = (snapshot.Responses ?? []).map((r) => r.Item);
        if (!match || match.version !== next.version - 1 || match.status !== 'proposed') return { ok: false, reason: 'match' };
        if (!listing || listing.status !== 'active' || Number(listing.remainingKg) < qty) return { ok: false, reason: 'listing' };
        if (!demand || demand.status !== 'open' || Number(demand.remainingKg) < qty) return { ok: false, reason: 'demand' };
        // The match's write carries the idempotency record of the confirming request.
        const reasons = await store.transact(
          [
            {
              Put: {
                TableName: store.tableName,
                Item: matchToItem(next),
                ConditionExpression: '#v = :prev AND #s = :proposed',
                ExpressionAttributeNames: { '#v': 'version', '#s': 'status' },
                ExpressionAttributeValues: { ':prev': next.version - 1, ':proposed': 'proposed' },
              },
            },
            reserve(listing, listingCodec, 'active', 'sold_out'),
            reserve(demand, demandCodec, 'open', 'fulfilled'),
            ...store.outboxPuts(events),
          ],
          { resource: 'match', entity: next },
        );
        if (!reasons) return { ok: true };
        if (reasons[0]?.Code === 'ConditionalCheckFailed') return { ok: false, reason: 'match' };
        // A side that changed since the read (another confirmation, an edit) is read again and re-checked.
        await backoff(attempt);
      }
      throw new UnavailableError('busy-retry');
    },
  };
}
