/**
 * Idempotency records (`IDEMPOTENCY#<sub>#<key>` / `A`), kept 24 hours by TTL. A record is
 * claimed before the use case runs (so a concurrent duplicate sees it and gets 409) and
 * completed with the response afterwards (so a retry gets the same response).
 */
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import type { Store } from '#functions/data/store.ts';

const RETENTION_S = 24 * 3600;
/** A claim older than this is from a crashed invocation and may be taken over. */
const STALE_CLAIM_MS = 60_000;

export interface StoredResponse {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type ClaimResult =
  | { state: 'claimed' }
  | { state: 'in-progress' }
  | { state: 'mismatch' }
  | { state: 'completed'; response: StoredResponse };

export const idempotencyKey = (sub: string, key: string) => ({ pk: `IDEMPOTENCY#${sub}#${key}`, sk: 'A' });

export class IdempotencyStore {
  constructor(private readonly store: Store) {}

  async claim(sub: string, key: string, requestHash: string, now = Date.now()): Promise<ClaimResult> {
    try {
      await this.store.doc.send(
        new PutCommand({
          TableName: this.store.tableName,
          Item: { ...idempotencyKey(sub, key), entity: 'idempotency', state: 'in-progress', requestHash, claimedAt: now, expiresAt: Math.floor(now / 1000) + RETENTION_S },
          ConditionExpression: 'attribute_not_exists(pk) OR (#s = :progress AND claimedAt < :stale)',
          ExpressionAttributeNames: { '#s': 'state' },
          ExpressionAttributeValues: { ':progress': 'in-progress', ':stale': now - STALE_CLAIM_MS },
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
      return { state: 'claimed' };
    } catch (err) {
      if (!(err instanceof ConditionalCheckFailedException) || !err.Item) throw err;
      const old = err.Item as Record<string, { S?: string }>;
      if (old.requestHash?.S !== requestHash) return { state: 'mismatch' };
      if (old.state?.S !== 'completed') return { state: 'in-progress' };
      return { state: 'completed', response: JSON.parse(old.response?.S ?? '{}') as StoredResponse };
    }
  }

  async complete(sub: string, key: string, response: StoredResponse): Promise<void> {
    await this.store.doc.send(
      new UpdateCommand({
        TableName: this.store.tableName,
        Key: idempotencyKey(sub, key),
        UpdateExpression: 'SET #s = :done, #r = :response',
        ExpressionAttributeNames: { '#s': 'state', '#r': 'response' },
        ExpressionAttributeValues: { ':done': 'completed', ':response': JSON.stringify(response) },
      }),
    );
  }

  /** Forgets a claim whose request failed, so the client may retry with the same key. */
  async release(sub: string, key: string): Promise<void> {
    await this.store.doc.send(new DeleteCommand({ TableName: this.store.tableName, Key: idempotencyKey(sub, key) }));
  }
}
