/**
 * Idempotency records (`IDEMPOTENCY#<sub>#<key>` / `A`, kept 24 hours by TTL): the hash of the
 * request and the response it got.
 *
 * The record is written in the same DynamoDB transaction as the change the request makes (see
 * {@link completionPut}, added by the Store to the write of the entity the route names), so a
 * committed change always has its record and a record always has its change. A retry after a
 * crash, a timeout or a lost answer therefore either finds the record and replays it, or finds
 * nothing because nothing was committed, and runs once more. There is no "in progress" claim to
 * go stale or to be taken over.
 *
 * The request scope travels with the request in an AsyncLocalStorage, so the domain's use cases
 * and ports stay unaware of it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { OwnedKind } from '#domain/access.ts';
import type { Item, Store } from '#functions/data/store.ts';

export const IDEMPOTENCY_RETENTION_S = 24 * 3600;

export interface StoredResponse {
  status: number;
  body?: string;
  headers?: Record<string, string>;
}

export interface IdempotencyRecord {
  requestHash: string;
  response: StoredResponse;
}

export const idempotencyKey = (sub: string, key: string) => ({ pk: `IDEMPOTENCY#${sub}#${key}`, sk: 'A' });

/** What the HTTP pipeline knows about an idempotent request while it runs. */
export interface IdempotencyScope {
  sub: string;
  key: string;
  requestHash: string;
  now: Date;
  /** The kind of entity whose write completes the request; its write carries the record. */
  resource?: OwnedKind;
  /** The response the request gives once that entity is written, as the record keeps it. */
  render?: (entity: unknown) => StoredResponse;
  /** Set once a write has carried the record. */
  recorded?: StoredResponse;
  /** Set when the request has finished: later writes (stray async work) carry nothing. */
  closed?: boolean;
}

/** The record's write failed its condition: another request with this key committed first. */
export class IdempotencyConflict extends Error {
  constructor() {
    super('idempotency-conflict');
    this.name = 'IdempotencyConflict';
  }
}

const scopes = new AsyncLocalStorage<IdempotencyScope>();

/** Runs `fn` with the request's idempotency scope. */
export const withIdempotencyScope = <T>(scope: IdempotencyScope, fn: () => Promise<T>) => scopes.run(scope, fn);

const recordItem = (scope: Pick<IdempotencyScope, 'sub' | 'key' | 'requestHash' | 'now'>, response: StoredResponse): Item => ({
  ...idempotencyKey(scope.sub, scope.key),
  entity: 'idempotency',
  requestHash: scope.requestHash,
  response: JSON.stringify(response),
  createdAt: scope.now.toISOString(),
  expiresAt: Math.floor(scope.now.getTime() / 1000) + IDEMPOTENCY_RETENTION_S,
});

/** The record's condition: no record, or one whose 24 h are over (TTL deletes lazily). */
const freeKey = (now: Date) => ({
  ConditionExpression: 'attribute_not_exists(pk) OR expiresAt < :now',
  ExpressionAttributeValues: { ':now': Math.floor(now.getTime() / 1000) },
});

/** Whether a write of this entity would carry the current request's record (see {@link completionPut}). */
export function completionPending(written: { resource: OwnedKind }): boolean {
  const scope = scopes.getStore();
  return !!scope && !scope.closed && !scope.recorded && !!scope.render && scope.resource === written.resource;
}

/**
 * The Put of the completed record for the current request, if the entity being written is the
 * one that completes it and no write has carried the record yet; undefined otherwise. The Store
 * adds it to the transaction that writes the entity, and calls `release` if that transaction
 * fails, so that a retried write carries the record again.
 */
export function completionPut(tableName: string, resource: OwnedKind, entity: unknown): { item: { Put: Record<string, unknown> & { TableName: string; Item: Item } }; release(): void } | undefined {
  const scope = scopes.getStore();
  if (!scope || !completionPending({ resource })) return undefined;
  const response = scope.render!(entity);
  scope.recorded = response;
  return {
    item: { Put: { TableName: tableName, Item: recordItem(scope, response), ...freeKey(scope.now) } },
    release: () => void (scope.recorded = undefined),
  };
}

/** Reading and writing records outside a transaction. */
export class IdempotencyStore {
  constructor(private readonly store: Store) {}

  /** The live record for a key, if any. */
  async get(sub: string, key: string, now: Date): Promise<IdempotencyRecord | undefined> {
    const item = await this.store.get(idempotencyKey(sub, key));
    if (!item || Number(item.expiresAt) < Math.floor(now.getTime() / 1000)) return undefined;
    return { requestHash: String(item.requestHash), response: JSON.parse(String(item.response)) as StoredResponse };
  }

  /**
   * Records the response of a request whose change was not written through the Store with the
   * record (a no-op, or an operation with effects outside the table). Throws
   * {@link IdempotencyConflict} if another request with this key recorded first.
   */
  async put(scope: Pick<IdempotencyScope, 'sub' | 'key' | 'requestHash' | 'now'>, response: StoredResponse): Promise<void> {
    try {
      await this.store.doc.send(new PutCommand({ TableName: this.store.tableName, Item: recordItem(scope, response), ...freeKey(scope.now) }));
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) throw new IdempotencyConflict();
      throw err;
    }
  }
}
