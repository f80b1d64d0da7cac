/**
 * Per-user daily quotas on creates (listings, demands, webhooks), kept in the table: one
 * counter item per user and day (`QUOTA#<sub>#<yyyy-mm-dd>` / `<kind>`, the day in Vietnam
 * time), raised by a conditional update in the create's own transaction, so a create over the
 * quota writes nothing and concurrent creates cannot pass it. Counters expire (TTL) two days on.
 */
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { nextVietnamHour } from '#domain/alerts.ts';
import { TooManyRequestsError } from '#domain/errors.ts';
import { todayInVietnam } from '#domain/versioning.ts';
import type { EntityCodec, Store, TransactItem } from '#functions/data/store.ts';

export type QuotaKind = 'listing' | 'demand' | 'webhook';
export type QuotaLimits = Record<QuotaKind, number>;

/** Creates per user and Vietnam day when the configuration says nothing (functions/config.ts). */
export const DEFAULT_QUOTAS: QuotaLimits = { listing: 200, demand: 200, webhook: 20 };

const DAY_MS = 86_400_000;

export const quotaKey = (sub: string, kind: QuotaKind, day: string) => ({ pk: `QUOTA#${sub}#${day}`, sk: kind });

/** Seconds from `now` to the next midnight in Vietnam, when the day's counters no longer count. */
export function secondsToNextVietnamDay(now: Date): number {
  return Math.max(1, Math.ceil((nextVietnamHour(now, 0).getTime() - now.getTime()) / 1000));
}

/** A user's quota for one kind of create on the day of `now`. */
export class Quota {
  private readonly day: string;
  constructor(
    private readonly store: Store,
    readonly kind: QuotaKind,
    readonly sub: string,
    readonly limit: number,
    private readonly now: Date,
  ) {
    this.day = todayInVietnam(now);
  }

  /** The conditional counter update to add to the create's transaction. */
  guard(): TransactItem {
    return {
      Update: {
        TableName: this.store.tableName,
        Key: quotaKey(this.sub, this.kind, this.day),
        UpdateExpression: 'SET entity = :e, expiresAt = if_not_exists(expiresAt, :ttl) ADD #n :one',
        ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
        ExpressionAttributeNames: { '#n': 'count' },
        ExpressionAttributeValues: { ':e': 'quota', ':one': 1, ':limit': this.limit, ':ttl': Math.floor((this.now.getTime() + 2 * DAY_MS) / 1000) },
      },
    };
  }

  /** The 429 for this quota. */
  exceeded(): TooManyRequestsError {
    return new TooManyRequestsError('quota-exceeded', { kind: this.kind, max: this.limit }, secondsToNextVietnamDay(this.now));
  }

  /**
   * Runs a create `write` whose transaction includes {@link guard}: cancelled with the counter at
   * the limit, it throws {@link exceeded}. (Collisions with the same person's other creates are
   * retried by Store.transact; reading the counter after the fact keeps this independent of where
   * the guard sits among the transaction's items.)
   */
  async enforce<T>(write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (err instanceof TransactionCanceledException && (await this.used()) >= this.limit) throw this.exceeded();
      throw err;
    }
  }

  /** Creates counted so far today. */
  async used(): Promise<number> {
    const item = await this.store.get(quotaKey(this.sub, this.kind, this.day));
    return Number(item?.count ?? 0);
  }
}

/** Makes quotas for the store with the configured limits. */
export function quotas(store: Store, limits: QuotaLimits, clock: () => Date = () => new Date()) {
  return (kind: QuotaKind, sub: string) => new Quota(store, kind, sub, limits[kind], clock());
}
export type Quotas = ReturnType<typeof quotas>;

/** An entity's create counted against its owner's daily quota of `kind`, in the same transaction. */
export function createWithinQuota<T extends { id: string; version: number; ownerId: string }>(store: Store, kind: QuotaKind, quotasOf: Quotas, codec: EntityCodec<T>) {
  return (entity: T, events?: Parameters<Store['create']>[1]) => {
    const quota = quotasOf(kind, entity.ownerId);
    return quota.enforce(() => store.create(codec.toItem(entity), events, { resource: codec.resource, entity }, [quota.guard()]));
  };
}
