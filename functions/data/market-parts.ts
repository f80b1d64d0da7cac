/**
 * Market parts in the table (see domain/matching/market.ts), all in the part's own partition
 * `PART#<category>`, so the whole state of a part is one Query:
 *
 * - `V`: the part's version (one more per finished allocation change) and its lease
 *   (`leaseOwner`, `leaseUntil`, epoch ms). Two stream batches touching the same part take turns.
 * - `L#<listingId>` / `D#<demandId>`: members, the same projections as the matching index,
 *   written with it (functions/data/match-index.ts).
 * - `A#<listingId>`: the listing's proposals as allocated (`flows`: demand id → kg) and the demands
 *   it must never be proposed to again (`closed`).
 */
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { randomUUID } from 'node:crypto';
import type { MarketPartLease, MarketParts, MarketPartState } from '#domain/ports.ts';
import type { DemandNode, SupplyNode } from '#domain/matching/market.ts';
import { UnavailableError } from '#domain/errors.ts';
import { stripKeys, type Store } from '#functions/data/store.ts';

/** Market-part keys, the one place they are spelled (members are written by functions/data/match-index.ts). */
export const partKeys = {
  partition: (key: string) => `PART#${key}`,
  version: (key: string) => ({ pk: partKeys.partition(key), sk: 'V' }),
  /** Sort-key prefixes of the part's members and allocations. */
  prefix: { L: 'L#', D: 'D#', A: 'A#' },
  member: (key: string, side: 'L' | 'D', id: string) => ({ pk: partKeys.partition(key), sk: partKeys.prefix[side] + id }),
  allocation: (key: string, listingId: string) => ({ pk: partKeys.partition(key), sk: partKeys.prefix.A + listingId }),
};

/** Longer than any allocation change takes; a worker that dies holding a lease blocks its part this long. */
const LEASE_MS = 30_000;
/** How long a batch waits for a busy part before it fails and is retried by the stream. */
const WAIT_MS = 60_000;

const busy = (err: unknown) => err instanceof ConditionalCheckFailedException;

export function marketParts(store: Store): MarketParts {
  return {
    async lock(key) {
      const owner = randomUUID();
      const started = Date.now();
      for (let attempt = 0; ; attempt++) {
        const now = Date.now();
        try {
          const res = await store.doc.send(
            new UpdateCommand({
              TableName: store.tableName,
              Key: partKeys.version(key),
              UpdateExpression: 'SET leaseOwner = :me, leaseUntil = :until, entity = :entity',
              ConditionExpression: 'attribute_not_exists(leaseUntil) OR leaseUntil < :now',
              ExpressionAttributeValues: { ':me': owner, ':until': now + LEASE_MS, ':now': now, ':entity': 'market-part' },
              ReturnValues: 'ALL_NEW',
            }),
          );
          return lease(key, owner, Number(res.Attributes?.version ?? 0));
        } catch (err) {
          if (!busy(err)) throw err;
          if (Date.now() - started > WAIT_MS) throw new UnavailableError('busy-retry');
          await new Promise((r) => setTimeout(r, 5 + Math.random() * Math.min(200, 10 * 2 ** Math.min(attempt, 5))));
        }
      }
    },

    async load(key) {
      const state: MarketPartState = { listings: [], demands: [], allocations: [] };
      for await (const res of store.pages({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': partKeys.partition(key) } })) {
        for (const item of res.Items ?? []) {
          const sk = String(item.sk);
          const { L, D, A } = partKeys.prefix;
          if (sk.startsWith(L)) state.listings.push(member<SupplyNode>(item));
          else if (sk.startsWith(D)) state.demands.push(member<DemandNode>(item));
          else if (sk.startsWith(A)) state.allocations.push({ listingId: sk.slice(A.length), flows: (item.flows as Record<string, number>) ?? {}, closed: (item.closed as string[]) ?? [] });
        }
      }
      return state;
    },

    async saveAllocation(key, listingId, flows, closed) {
      // Empty maps and lists are left out: stream images cannot carry them.
      const set = ['entity = :entity'];
      const remove: string[] = [];
      const values: Record<string, unknown> = { ':entity': 'market-allocation' };
      if (Object.keys(flows).length > 0) (set.push('flows = :f'), (values[':f'] = flows));
      else remove.push('flows');
      if (closed.length > 0) (set.push('closed = :c'), (values[':c'] = closed));
      else remove.push('closed');
      await store.doc.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: partKeys.allocation(key, listingId),
          UpdateExpression: `SET ${set.join(', ')}` + (remove.length ? ` REMOVE ${remove.join(', ')}` : ''),
          ExpressionAttributeValues: values,
        }),
      );
    },
  };

  function lease(key: string, owner: string, version: number): MarketPartLease {
    const end = (update: string, values: Record<string, unknown> = {}) =>
      store.doc.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: partKeys.version(key),
          UpdateExpression: update,
          ConditionExpression: 'leaseOwner = :me',
          ExpressionAttributeValues: { ':me': owner, ...values },
          ReturnValues: 'ALL_NEW',
        }),
      );
    return {
      version,
      async release() {
        try {
          const res = await end('SET version = if_not_exists(version, :zero) + :one REMOVE leaseOwner, leaseUntil', { ':zero': 0, ':one': 1 });
          return Number(res.Attributes?.version);
        } catch (err) {
          // Someone took the part after our lease ran out: what we wrote may interleave with their
          // work, so the batch fails and is processed again from the table's state.
          if (busy(err)) throw new UnavailableError('busy-retry');
          throw err;
        }
      },
      async abandon() {
        await end('REMOVE leaseOwner, leaseUntil').catch((err) => (busy(err) ? undefined : Promise.reject(err)));
      },
    };
  }
}

const member = <T>(item: Record<string, unknown>): T => stripKeys<T>(item);
