/**
 * "My things": what the signed-in user owns, found through indexes, never by scanning.
 *
 * - Profiles and fairs: gsi2 `OWNER#<sub>` / `SELLER#…`, `BUYER#…`, `FAIR#…` (written with them).
 * - Bookings of the user's sellers: gsi2 `OWNER#<sub>` / `BOOKING#<fairId>#<id>` (written with them).
 * - Matches: a match has two owners (the seller's and the buyer's), and one item sits in one
 *   partition of an index, so each match has two small owner entries in its own partition,
 *   `MATCH#<id>` / `OWNER#seller` and `OWNER#buyer`, indexed on gsi1
 *   `MATCHOWNER#<sub>` / `<status>#<side>#<that side's decision>#<profileId>#<matchId>` and
 *   carrying a copy of the match. The stream writes them from every change of the match item
 *   (conditional on the version, so an old record never overwrites a newer one): the match's
 *   write paths stay as they are, and the lists trail a change by the stream's delay (about a
 *   second). The key order makes every "my" question one Query: all my proposals
 *   (`proposed#`), mine as a seller (`proposed#seller#`), those waiting for my answer
 *   (`proposed#seller#pending#`), and those of one profile (`proposed#seller#pending#<sellerId>#`).
 *
 * Notice claims: `INBOX#<sub>` / `STATE#<match state>` names the event that announced a match
 * state to a user, so a second event announcing the same state does not notify again.
 *
 * Counts use Query with `Select: COUNT`: DynamoDB still reads the matching keys, so a count costs
 * what reading those index entries would (0.5 RCU per 4 KB, eventually consistent) but returns
 * no items. The unread count reads the whole inbox with a filter (notifications are kept 180
 * days): about one read unit per 16 notifications.
 */
import { BatchGetCommand, PutCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import type { Match, MatchStatus } from '#domain/matching/matches.ts';
import type { Booking, Fair } from '#domain/fair-views.ts';
import type { Seller } from '#domain/sellers.ts';
import type { Buyer } from '#domain/buyers.ts';
import type { MatchSide, MineRepository } from '#domain/ports.ts';
import { conditionFailure, listByOwner, stripKeys, type Item, type Store } from '#functions/data/store.ts';
import { listingKeys } from '#functions/data/listings.ts';
import { demandKeys } from '#functions/data/demands.ts';
import { fairCodec, fairKeys } from '#functions/data/fairs.ts';
import { matchKeys } from '#functions/data/matches.ts';
import { inboxKeys } from '#functions/data/notifications.ts';
import { sellerCodec } from '#functions/data/sellers.ts';
import { buyerCodec } from '#functions/data/buyers.ts';

const SIDES: MatchSide[] = ['seller', 'buyer'];

/** Match-owner keys, the one place they are spelled; the entries live in their match's partition. */
export const matchOwnerKeys = {
  entry: (matchId: string, side: MatchSide) => ({ pk: matchKeys.partition(matchId), sk: `OWNER#${side}` }),
  /** gsi1 partition: the matches of one user, on either side. */
  byOwner: (sub: string) => `MATCHOWNER#${sub}`,
};

/** The owner entry of one side of a match. */
export function matchOwnerEntry(m: Match, side: MatchSide): Item {
  const sub = side === 'seller' ? m.sellerOwnerId : m.buyerOwnerId;
  const decision = side === 'seller' ? m.sellerDecision : m.buyerDecision;
  const profileId = side === 'seller' ? m.sellerId : m.buyerId;
  return {
    ...matchOwnerKeys.entry(m.id, side),
    entity: 'match-owner',
    gsi1pk: matchOwnerKeys.byOwner(sub),
    gsi1sk: `${m.status}#${side}#${decision}#${profileId}#${m.id}`,
    side,
    version: m.version,
    match: m,
  };
}

/** The key prefix for a match-owner Query; each part needs the ones before it. */
function ownerPrefix(q: { status?: MatchStatus; side?: MatchSide; decision?: string }): string | undefined {
  const parts: string[] = [];
  for (const p of [q.status, q.side, q.decision]) {
    if (p === undefined) break;
    parts.push(p);
  }
  return parts.length ? `${parts.join('#')}#` : undefined;
}

export function mineRepository(store: Store): MineRepository {
  const count = async (input: Omit<QueryCommandInput, 'TableName' | 'Select' | 'ExclusiveStartKey'>): Promise<number> => {
    let total = 0;
    for await (const out of store.pages({ ...input, Select: 'COUNT' })) total += out.Count ?? 0;
    return total;
  };
  const ownerQuery = (sub: string, q: { status?: MatchStatus; side?: MatchSide; decision?: string }) => {
    const prefix = ownerPrefix(q);
    // A side without a status cannot be a key prefix (status comes first): it becomes a filter.
    const sideFilter = q.side && !q.status;
    return {
      IndexName: 'gsi1',
      KeyConditionExpression: prefix ? 'gsi1pk = :pk AND begins_with(gsi1sk, :p)' : 'gsi1pk = :pk',
      ...(sideFilter ? { FilterExpression: '#side = :side', ExpressionAttributeNames: { '#side': 'side' } } : {}),
      ExpressionAttributeValues: { ':pk': matchOwnerKeys.byOwner(sub), ...(prefix ? { ':p': prefix } : {}), ...(sideFilter ? { ':side': q.side } : {}) },
    };
  };

  return {
    async syncMatch(m) {
      await Promise.all(
        SIDES.map(async (side) => {
          try {
            await store.doc.send(
              new PutCommand({
                TableName: store.tableName,
                Item: matchOwnerEntry(m, side),
                ConditionExpression: 'attribute_not_exists(pk) OR #v < :v',
                ExpressionAttributeNames: { '#v': 'version' },
                ExpressionAttributeValues: { ':v': m.version },
              }),
            );
          } catch (err) {
            if (!conditionFailure(err)) throw err; // a newer version is already there
          }
        }),
      );
    },
    matchesOf: (sub, q, page) => store.queryPage(ownerQuery(sub, q), page, (item) => stripKeys<Match>(item.match as Item)),
    async waitingByProfile(sub, side) {
      const waiting = new Map<string, number>();
      const input = { ...ownerQuery(sub, { status: 'proposed', side, decision: 'pending' }), ProjectionExpression: 'gsi1sk' };
      for await (const out of store.pages(input)) {
        for (const item of out.Items ?? []) {
          // gsi1sk is `proposed#<side>#pending#<profileId>#<matchId>` (matchOwnerEntry).
          const profileId = String(item.gsi1sk).split('#')[3];
          waiting.set(profileId, (waiting.get(profileId) ?? 0) + 1);
        }
      }
      return waiting;
    },
    countListings: (sellerId, status) =>
      count({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :p)', ExpressionAttributeValues: { ':pk': listingKeys.search.profile(sellerId), ':p': listingKeys.search.profileStatus(status) } }),
    countDemands: (buyerId, status) =>
      count({ IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :p)', ExpressionAttributeValues: { ':pk': demandKeys.search.profile(buyerId), ':p': demandKeys.search.profileStatus(status) } }),
    countUnread: (sub) =>
      count({
        KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
        FilterExpression: '#read = :false',
        ExpressionAttributeNames: { '#read': 'read' },
        ExpressionAttributeValues: { ':pk': inboxKeys.partition(sub), ':n': inboxKeys.notificationPrefix, ':false': false },
      }),
    fairsOf: (sub, page) => listByOwner<Fair>(store, fairKeys.ownerKind, sub, page, fairCodec.fromItem),
    bookingsOf: (sub, page) => listByOwner<Booking>(store, fairKeys.bookingOwnerKind, sub, page, (item) => stripKeys<Booking>(item)),
    async claimNotice(sub, stateKey, eventId) {
      try {
        await store.doc.send(
          new PutCommand({
            TableName: store.tableName,
            // In the inbox's partition, outside its `N#` range; kept as long as the notifications.
            Item: { ...inboxKeys.noticeClaim(sub, stateKey), entity: 'notice-claim', eventId, expiresAt: Math.floor(Date.now() / 1000) + 180 * 86_400 },
            ConditionExpression: 'attribute_not_exists(pk) OR eventId = :e',
            ExpressionAttributeValues: { ':e': eventId },
          }),
        );
        return true;
      } catch (err) {
        if (conditionFailure(err)) return false;
        throw err;
      }
    },
    async profiles(sellerIds, buyerIds) {
      const keys: Record<string, unknown>[] = [...[...new Set(sellerIds)].map((id) => ({ ...sellerCodec.key(id) })), ...[...new Set(buyerIds)].map((id) => ({ ...buyerCodec.key(id) }))];
      const sellers = new Map<string, Seller>();
      const buyers = new Map<string, Buyer>();
      for (let i = 0; i < keys.length; i += 100) {
        let request: Record<string, { Keys: Record<string, unknown>[] }> | undefined = { [store.tableName]: { Keys: keys.slice(i, i + 100) } };
        for (let round = 0; request && Object.keys(request).length && round < 5; round++) {
          const out = await store.doc.send(new BatchGetCommand({ RequestItems: request }));
          for (const item of out.Responses?.[store.tableName] ?? []) {
            if (item.entity === 'seller') sellers.set(String(item.id), sellerCodec.fromItem(item));
            else if (item.entity === 'buyer') buyers.set(String(item.id), buyerCodec.fromItem(item));
          }
          request = out.UnprocessedKeys as typeof request;
        }
      }
      return { sellers, buyers };
    },
  };
}
