/**
 * Webhook items.
 * - endpoint: `WEBHOOK#<id>` / `A`, listed per profile on gsi2 `SELLER#<id>` or `BUYER#<id>` /
 *   `WEBHOOK#<id>`; its signing secrets are stored sealed (`secrets[].sealed`), never in plain;
 * - endpoint count: `SELLER#<id>` or `BUYER#<id>` / `WEBHOOKS`, `{ count }`, changed in the same
 *   transaction as every create and delete, and conditional on the cap, so the cap holds under
 *   any concurrency (a read-then-write count does not: 60 concurrent creates stored 48);
 * - delivery: `WEBHOOK#<webhookId>` / `DELIVERY#<deliveryId>` (same partition as its endpoint,
 *   newest event last). The delivery id is deterministic per (endpoint, event), so the
 *   conditional create is the dedupe guard: one delivery per endpoint and event.
 * - due index: pending deliveries only (sparse) on gsi3 `DELIVERY#due#<shard>` /
 *   `<nextAttemptAt ISO>#<deliveryId>`; the worker Queries the shards for keys up to now. Four
 *   shards spread the index's write load over partitions.
 * Finished deliveries expire (TTL) 30 days after their last change.
 */
import { GetCommand, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { NotFoundError, PreconditionFailedError } from '#domain/errors.ts';
import type { Webhook, WebhookProfile } from '#domain/webhooks.ts';
import type { Delivery, DeliveryStatus } from '#domain/webhook-delivery.ts';
import type { DeliveryRepository, WebhookRepository } from '#domain/ports.ts';
import { entityRepository, stripKeys, type EntityCodec, type Item, type Store } from '#functions/data/store.ts';
import type { Quotas } from '#functions/data/quotas.ts';

export const DUE_SHARDS = 4;
const DELIVERY_TTL_S = 30 * 86_400;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export const webhookKey = (id: string) => ({ pk: `WEBHOOK#${id}`, sk: 'A' });
export const profileKey = (p: WebhookProfile) => `${p.kind === 'seller' ? 'SELLER' : 'BUYER'}#${p.id}`;
export const endpointCountKey = (p: WebhookProfile) => ({ pk: profileKey(p), sk: 'WEBHOOKS' });
export const deliveryKey = (webhookId: string, deliveryId: string) => ({ pk: `WEBHOOK#${webhookId}`, sk: `DELIVERY#${deliveryId}` });
export const dueShardKey = (deliveryId: string) => `DELIVERY#due#${Math.max(0, CROCKFORD.indexOf(deliveryId.at(-1) ?? '0')) % DUE_SHARDS}`;

export const webhookCodec: EntityCodec<Webhook> = {
  resource: 'webhook',
  key: webhookKey,
  toItem: (w) => ({ ...webhookKey(w.id), entity: 'webhook', gsi2pk: profileKey(w.profile), gsi2sk: `WEBHOOK#${w.id}`, ...w }),
  fromItem: (item) => stripKeys<Webhook>(item),
};

export function deliveryToItem(d: Delivery): Item {
  const due = d.status === 'pending' && d.nextAttemptAt ? { gsi3pk: dueShardKey(d.id), gsi3sk: `${d.nextAttemptAt}#${d.id}` } : {};
  const ttl = d.status === 'pending' ? {} : { expiresAt: Math.floor(Date.parse(d.updatedAt) / 1000) + DELIVERY_TTL_S };
  return { ...deliveryKey(d.webhookId, d.id), entity: 'webhook-delivery', ...d, ...due, ...ttl };
}
export const deliveryFromItem = (item: Item) => stripKeys<Delivery>(item);

/** Webhook endpoints; with `quotas`, each create also counts against its owner's daily quota. */
export function webhookRepository(store: Store, quotas?: Quotas): WebhookRepository {
  const byProfile = (profile: WebhookProfile) => ({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :w)',
    ExpressionAttributeValues: { ':p': profileKey(profile), ':w': 'WEBHOOK#' },
  });
  const { get, update } = entityRepository(store, webhookCodec);
  return {
    get,
    update,
    async createWithinLimit(webhook, limit) {
      const quota = quotas?.('webhook', webhook.ownerId);
      const failed = await store.transact(
        [
        {
          Update: {
            TableName: store.tableName,
            Key: endpointCountKey(webhook.profile),
            UpdateExpression: 'SET entity = :e ADD #n :one',
            ConditionExpression: 'attribute_not_exists(#n) OR #n < :limit',
            ExpressionAttributeNames: { '#n': 'count' },
            ExpressionAttributeValues: { ':e': 'webhook-count', ':one': 1, ':limit': limit },
          },
        },
          { Put: { TableName: store.tableName, Item: webhookCodec.toItem(webhook), ConditionExpression: 'attribute_not_exists(pk)' } },
          ...(quota ? [quota.guard()] : []),
        ],
        { resource: 'webhook', entity: webhook },
      );
      if (failed?.[1]?.Code === 'ConditionalCheckFailed') throw new Error(`webhook ${webhook.id} exists`);
      if (quota && failed?.[2]?.Code === 'ConditionalCheckFailed') throw quota.exceeded();
      return !failed;
    },
    listByProfile: (profile, page) => store.queryPage(byProfile(profile), page, webhookCodec.fromItem),
    async allOfProfile(profile) {
      const items: Webhook[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const out = await store.doc.send(new QueryCommand({ TableName: store.tableName, ...byProfile(profile), ExclusiveStartKey: startKey }));
        items.push(...(out.Items ?? []).map(webhookCodec.fromItem));
        startKey = out.LastEvaluatedKey;
      } while (startKey);
      return items;
    },
    async remove(webhook) {
      const failed = await store.transact([
        {
          Delete: {
            TableName: store.tableName,
            Key: webhookKey(webhook.id),
            ConditionExpression: 'attribute_exists(pk) AND #v = :v',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':v': webhook.version },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        {
          Update: {
            TableName: store.tableName,
            Key: endpointCountKey(webhook.profile),
            UpdateExpression: 'ADD #n :minus',
            ConditionExpression: '#n > :zero',
            ExpressionAttributeNames: { '#n': 'count' },
            ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
          },
        },
      ]);
      if (!failed) return;
      if (failed[0]?.Code !== 'ConditionalCheckFailed') throw new Error(`endpoint count of ${profileKey(webhook.profile)} is already 0`);
      if (!failed[0].Item) throw new NotFoundError('not-found', { resource: 'webhook', id: webhook.id });
      throw new PreconditionFailedError('version-mismatch', { resource: 'webhook', sent: webhook.version });
    },
  };
}

export function deliveryRepository(store: Store): DeliveryRepository {
  const conditional = async (put: ConstructorParameters<typeof PutCommand>[0]) => {
    try {
      await store.doc.send(new PutCommand(put));
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  };
  return {
    create: (d) => conditional({ TableName: store.tableName, Item: deliveryToItem(d), ConditionExpression: 'attribute_not_exists(pk)' }),

    async get(webhookId, deliveryId) {
      const out = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: deliveryKey(webhookId, deliveryId), ConsistentRead: true }));
      return out.Item && deliveryFromItem(out.Item);
    },

    listByWebhook: (webhookId, page, status?: DeliveryStatus) =>
      store.queryPage(
        {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
          ScanIndexForward: false,
          ...(status
            ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' }, ExpressionAttributeValues: { ':pk': `WEBHOOK#${webhookId}`, ':d': 'DELIVERY#', ':s': status } }
            : { ExpressionAttributeValues: { ':pk': `WEBHOOK#${webhookId}`, ':d': 'DELIVERY#' } }),
        },
        page,
        deliveryFromItem,
      ),

    async due(now, limit) {
      const bound = `${now}#~`;
      const shards = await Promise.all(
        Array.from({ length: DUE_SHARDS }, async (_, n) => {
          const out = await store.doc.send(
            new QueryCommand({
              TableName: store.tableName,
              IndexName: 'gsi3',
              KeyConditionExpression: 'gsi3pk = :pk AND gsi3sk <= :bound',
              ExpressionAttributeValues: { ':pk': `DELIVERY#due#${n}`, ':bound': bound },
              Limit: limit,
            }),
          );
          return out.Items ?? [];
        }),
      );
      return shards
        .flat()
        .sort((a, b) => String(a.gsi3sk).localeCompare(String(b.gsi3sk)))
        .slice(0, limit)
        .map(deliveryFromItem);
    },

    replaceIf: (next, expected) =>
      conditional({
        TableName: store.tableName,
        Item: deliveryToItem(next),
        ConditionExpression: `attemptCount = :n AND #s = :s AND ${expected.claim ? '#c = :c' : 'attribute_not_exists(#c)'}`,
        ExpressionAttributeNames: { '#s': 'status', '#c': 'claim' },
        ExpressionAttributeValues: { ':n': expected.attemptCount, ':s': expected.status, ...(expected.claim ? { ':c': expected.claim } : {}) },
      }),
  };
}
