/**
 * Thin helpers over the DynamoDB document client shared by the entity adapters: conditional
 * create, versioned replace, and paged queries with sealed cursors.
 */
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
  type QueryCommandInput,
  type QueryCommandOutput,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException, TransactionCanceledException, type CancellationReason } from '@aws-sdk/client-dynamodb';
import type { Envelope } from '#events/envelope.ts';
import { NotFoundError, PreconditionFailedError, UnavailableError } from '#domain/errors.ts';
import type { OwnedKind } from '#domain/access.ts';
import type { Page, PageRequest } from '#domain/ports.ts';
import type { CursorCodec } from '#functions/data/cursor.ts';
import { completionPending, completionPut, IdempotencyConflict } from '#functions/data/idempotency.ts';
import { TABLE } from '#infra/table.ts';

export type Item = Record<string, unknown>;
export type TransactItem = NonNullable<TransactWriteCommandInput['TransactItems']>[number];

/**
 * How long a transaction that keeps colliding with others on a hot item (a fair's booked count
 * in a rush) is retried before 503 with Retry-After. A time, not a count of attempts: on a busy
 * machine each attempt holds its items longer and collides more, and 12 attempts (about 4 s of
 * backoff) left 6 of 200 simultaneous bookings with a 503 while booths were free.
 */
const TRANSACTION_RETRY_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export interface Key {
  pk: string;
  sk: string;
}

/**
 * The entity a write stores, named so that the idempotency record of the request it completes
 * (if any) is written in the same transaction.
 */
export interface Written {
  resource: OwnedKind;
  entity: unknown;
}

export class Store {
  constructor(
    readonly doc: DynamoDBDocumentClient,
    readonly tableName: string,
    readonly cursors: CursorCodec,
  ) {}

  /**
   * Writes a new item and its events (outbox) in one transaction: no committed change without
   * its event, no event without its change. Fails if the key is taken. `guards` are more
   * conditional writes the create depends on (a quota counter, functions/data/quotas.ts).
   */
  async create(item: Item, events: Envelope[] = [], written?: Written, guards: TransactItem[] = []): Promise<void> {
    const put = { TableName: this.tableName, Item: item, ConditionExpression: 'attribute_not_exists(pk)' };
    await this.write([{ Put: put }, ...this.outboxPuts(events), ...guards], written);
  }

  /**
   * Writes `items` atomically: alone when there is one and no idempotency record joins, else in a
   * transaction (see {@link transact}). Failures are thrown as DynamoDB reports them (a failed
   * condition as a TransactionCanceledException with the reasons indexed as in `items`), so
   * {@link conditionFailure} reads them; {@link IdempotencyConflict} if the record's own
   * condition failed.
   */
  private async write(items: TransactItem[], written?: Written): Promise<void> {
    if (items.length === 1 && !(written && completionPending(written))) return this.sendAlone(items);
    const reasons = await this.transact(items, written);
    if (reasons) throw new TransactionCanceledException({ message: 'Transaction cancelled', $metadata: {}, CancellationReasons: reasons });
  }

  private async sendAlone(items: TransactItem[]): Promise<void> {
    const [only] = items;
    if (only.Put) await this.doc.send(new PutCommand(only.Put));
    else if (only.Update) await this.doc.send(new UpdateCommand(only.Update));
    else if (only.Delete) await this.doc.send(new DeleteCommand(only.Delete));
    else await this.doc.send(new TransactWriteCommand({ TransactItems: items }));
  }

  /** Outbox items for events, to add to the transaction that makes the change. */
  outboxPuts(events: Envelope[]) {
    return events.map((e) => ({ Put: { TableName: this.tableName, Item: outboxItem(e), ConditionExpression: 'attribute_not_exists(pk)' } }));
  }

  /** Sends one conditional put; false when its condition failed. */
  async putIf(put: ConstructorParameters<typeof PutCommand>[0]): Promise<boolean> {
    try {
      await this.doc.send(new PutCommand(put));
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  }

  async get(key: Key, consistent = true): Promise<Item | undefined> {
    const out = await this.doc.send(new GetCommand({ TableName: this.tableName, Key: key, ConsistentRead: consistent }));
    return out.Item;
  }

  /** Replaces an item (and records its events) if its stored version is the one before `item.version`; else 412 (or 404 if gone). */
  async replaceVersioned(item: Item & { version: number }, resource: OwnedKind, id: string, events: Envelope[] = [], entity?: unknown): Promise<void> {
    const put = {
      TableName: this.tableName,
      Item: item,
      ConditionExpression: 'attribute_exists(pk) AND #v = :prev',
      ExpressionAttributeNames: { '#v': 'version' },
      ExpressionAttributeValues: { ':prev': item.version - 1 },
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD' as const,
    };
    try {
      await this.writeWithEvents({ Put: put }, events, entity === undefined ? undefined : { resource, entity });
    } catch (err) {
      const failure = conditionFailure(err);
      if (!failure) throw err;
      if (!failure.item) throw new NotFoundError('not-found', { resource, id });
      throw new PreconditionFailedError('version-mismatch', { resource, sent: item.version - 1 });
    }
  }

  /** Sends one conditional write alone, or in a transaction with the outbox items of its events. */
  async writeWithEvents(write: { Put: NonNullable<TransactItem['Put']> } | { Update: NonNullable<TransactItem['Update']> }, events: Envelope[], written?: Written): Promise<void> {
    await this.write([write, ...this.outboxPuts(events)], written);
  }

  /**
   * Runs a transaction, retrying (with jittered backoff) while it collides with other
   * transactions on the same items, e.g. a counter many requests bump at once. Returns the
   * cancellation reasons (indexed as in `items`) if a condition failed, undefined if it
   * committed; 503 if it kept colliding.
   *
   * When `written` names the entity that completes the current idempotent request, the request's
   * record (with its answer) joins the transaction, so the change and the record commit together
   * or not at all. If the record's own condition fails (another request with the key committed
   * first), this throws {@link IdempotencyConflict} whatever else failed.
   */
  async transact(items: TransactItem[], written?: Written): Promise<CancellationReason[] | undefined> {
    const started = Date.now();
    for (let attempt = 1; ; attempt++) {
      const record = written && completionPut(this.tableName, written.resource, written.entity);
      try {
        await this.doc.send(new TransactWriteCommand({ TransactItems: record ? [...items, record.item] : items }));
        return undefined;
      } catch (err) {
        // Not committed: a later attempt (or a later write of the request) carries the record again.
        record?.release();
        if (!(err instanceof TransactionCanceledException)) throw err;
        const reasons = err.CancellationReasons ?? [];
        if (record && reasons[items.length]?.Code === 'ConditionalCheckFailed') throw new IdempotencyConflict();
        if (reasons.some((r) => r.Code === 'ConditionalCheckFailed')) return reasons.slice(0, items.length);
        if (Date.now() - started >= TRANSACTION_RETRY_MS) throw new UnavailableError('busy-retry');
        await sleep(Math.random() * Math.min(1000, 20 * 2 ** attempt));
      }
    }
  }

  /** Every page of a query, to the end of what it selects; for reads that need it all. */
  async *pages(input: Omit<QueryCommandInput, 'TableName' | 'ExclusiveStartKey'>): AsyncGenerator<QueryCommandOutput> {
    let startKey: Record<string, unknown> | undefined;
    do {
      const out = await this.doc.send(new QueryCommand({ ...input, TableName: this.tableName, ExclusiveStartKey: startKey }));
      yield out;
      startKey = out.LastEvaluatedKey;
    } while (startKey);
  }

  /**
   * Runs one page of a query. A filter may make DynamoDB return fewer items than asked for
   * while more exist, so it keeps reading until the page is full or the partition ends.
   */
  async queryPage<T>(input: Omit<QueryCommandInput, 'TableName' | 'Limit' | 'ExclusiveStartKey'>, page: PageRequest, decode: (item: Item) => T): Promise<Page<T>> {
    const fingerprint = JSON.stringify([input.IndexName, input.KeyConditionExpression, input.FilterExpression, input.ExpressionAttributeValues]);
    let startKey = page.cursor ? this.cursors.open(page.cursor, fingerprint) : undefined;
    const items: T[] = [];
    for (let round = 0; round < 10 && items.length < page.limit; round++) {
      const out = await this.doc.send(
        new QueryCommand({ ...input, TableName: this.tableName, Limit: page.limit - items.length, ExclusiveStartKey: startKey }),
      );
      for (const item of out.Items ?? []) items.push(decode(item));
      startKey = out.LastEvaluatedKey;
      if (!startKey) break;
    }
    return { items, nextCursor: startKey ? this.cursors.seal(startKey, fingerprint) : undefined };
  }
}

/**
 * If `err` says the condition of a write failed (alone, or as the first item of a transaction),
 * returns the item as it stood (when the write asked for it); otherwise undefined.
 */
export function conditionFailure(err: unknown): { item?: Record<string, unknown> } | undefined {
  if (err instanceof ConditionalCheckFailedException) return { item: err.Item };
  const first = err instanceof TransactionCanceledException ? err.CancellationReasons?.[0] : undefined;
  return first?.Code === 'ConditionalCheckFailed' ? { item: first.Item } : undefined;
}

/** How long relayed outbox items are kept (the stream carries them; TTL cleans up). */
const OUTBOX_TTL_S = 7 * 86_400;

/** The key of an event's outbox item. */
export const outboxKey = (eventId: string): Key => ({ pk: `OUTBOX#${eventId}`, sk: 'A' });

/** The outbox item for an event: the stream relays it to the event bus. */
export function outboxItem(e: Envelope): Item {
  return { ...outboxKey(e.id), entity: 'outbox', envelope: e, expiresAt: Math.floor(Date.parse(e.time) / 1000) + OUTBOX_TTL_S };
}

/** The attributes the table itself uses (keys of the table and its indexes, TTL) plus the entity tag. */
const STORAGE_ATTRIBUTES: ReadonlySet<string> = new Set([
  TABLE.partitionKey,
  TABLE.sortKey,
  TABLE.ttlAttribute,
  ...TABLE.globalSecondaryIndexes.flatMap((i) => [i.partitionKey, i.sortKey]),
  'entity',
]);

/** Drops the storage attributes (keys, TTL, entity tag), leaving the entity. */
export function stripKeys<T>(item: Item): T {
  const rest: Item = {};
  for (const k in item) if (!STORAGE_ATTRIBUTES.has(k)) rest[k] = item[k];
  return rest as T;
}

/** How one entity kind maps to items: its key and its item shape. */
export interface EntityCodec<T extends { id: string; version: number }> {
  resource: OwnedKind;
  key(id: string): Key;
  toItem(entity: T): Item;
  fromItem(item: Item): T;
}

/** Create, get and versioned update for an entity kind, given its codec. */
export function entityRepository<T extends { id: string; version: number }>(store: Store, codec: EntityCodec<T>) {
  return {
    create: (entity: T, events?: Envelope[]) => store.create(codec.toItem(entity), events, { resource: codec.resource, entity }),
    get: async (id: string) => {
      const item = await store.get(codec.key(id));
      return item && codec.fromItem(item);
    },
    update: (entity: T, events?: Envelope[]) => store.replaceVersioned(codec.toItem(entity) as Item & { version: number }, codec.resource, entity.id, events, entity),
  };
}

/**
 * The owner index (gsi2 `OWNER#<sub>` / `<KIND>#<id…>`): what a user owns, by kind. The one place
 * its keys are spelled; items write {@link ownerIndex}, {@link listByOwner} reads it.
 */
export const ownerIndex = (kind: string, ownerId: string, ...id: string[]) => ({ gsi2pk: `OWNER#${ownerId}`, gsi2sk: [kind, ...id].join('#') });

/**
 * The partition of a person's own items (`USER#<sub>`): alert preferences
 * (functions/data/alert-preferences.ts), the pending role-request slot and the local group
 * directory (functions/data/role-requests.ts).
 */
export const userPartition = (sub: string) => `USER#${sub}`;

/** One page of what an owner holds of one kind (sellers, buyers, fairs, bookings, role requests). */
export function listByOwner<T>(store: Store, prefix: string, ownerId: string, page: PageRequest, decode: (item: Item) => T) {
  const { gsi2pk, gsi2sk } = ownerIndex(prefix, ownerId, '');
  return store.queryPage(
    {
      IndexName: 'gsi2',
      KeyConditionExpression: 'gsi2pk = :o AND begins_with(gsi2sk, :p)',
      ExpressionAttributeValues: { ':o': gsi2pk, ':p': gsi2sk },
    },
    page,
    decode,
  );
}
