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
import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { NotFoundError, PreconditionFailedError } from '#domain/errors.ts';
import type { Webhook, WebhookProfile } from '#domain/webhooks.ts';
import type { Delivery, DeliveryStatus } from '#domain/webhook-delivery.ts';
import { CROCKFORD } from '#domain/base32.ts';
import type { DeliveryRepository, WebhookRepository } from '#domain/ports.ts';
import { entityRepository, stripKeys, type EntityCodec, type Item, type Store } from '#functions/data/store.ts';
import type { Quotas } from '#functions/data/quotas.ts';
import { sellerKeys } from '#functions/data/sellers.ts';
import { buyerKeys } from '#functions/data/buyers.ts';

export const DUE_SHARDS = 4;
const DELIVERY_TTL_S = 30 * 86_400;

const WEBHOOK = 'WEBHOOK#';

/** Webhook keys, the one place they are spelled: items, index attributes and queries use them. */
export const webhookKeys = {
  partition: (id: string) => WEBHOOK + id,
  item: (id: string) => ({ pk: webhookKeys.partition(id), sk: 'A' }),
  /** gsi2: the profile's partition (functions/data/sellers.ts, buyers.ts), sorted `WEBHOOK#<id>`. */
  profile: (p: WebhookProfile) => (p.kind === 'seller' ? sellerKeys.partition(p.id) : buyerKeys.partition(p.id)),
  inProfile: (id: string) => WEBHOOK + id,
  inProfilePrefix: WEBHOOK,
  endpointCount: (p: WebhookProfile) => ({ pk: webhookKeys.profile(p), sk: 'WEBHOOKS' }),
  deliveryPrefix: 'DELIVERY#',
  delivery: (webhookId: string, deliveryId: string) => ({ pk: webhookKeys.partition(webhookId), sk: webhookKeys.deliveryPrefix + deliveryId }),
  /** gsi3 partition: one shard of the pending deliveries. */
  due: (shard: number) => `DELIVERY#due#${shard}`,
  dueShardOf: (deliveryId: string) => webhookKeys.due(Math.max(0, CROCKFORD.indexOf(deliveryId.at(-1) ?? '0')) % DUE_SHARDS),
};

export const webhookCodec: EntityCodec<Webhook> = {
  resource: 'webhook',
  key: webhookKeys.item,
  toItem: (w) => ({ ...webhookKeys.item(w.id), entity: 'webhook', gsi2pk: webhookKeys.profile(w.profile), gsi2sk: webhookKeys.inProfile(w.id), ...w }),
  fromItem: (item) => stripKeys<Webhook>(item),
};

export function deliveryToItem(d: Delivery): Item {
  const due = d.status === 'pending' && d.nextAttemptAt ? { gsi3pk: webhookKeys.dueShardOf(d.id), gsi3sk: `${d.nextAttemptAt}#${d.id}` } : {};
  const ttl = d.status === 'pending' ? {} : { expiresAt: Math.floor(Date.parse(d.updatedAt) / 1000) + DELIVERY_TTL_S };
  return { ...webhookKeys.delivery(d.webhookId, d.id), entity: 'webhook-delivery', ...d, ...due, ...ttl };
}
export const deliveryFromItem = (item: Item) => stripKeys<Delivery>(item);

/** Webhook endpoints; with `quotas`, each create also counts against its owner's daily quota. */
export function webhookRepository(store: Store, quotas?: Quotas): WebhookRepository {
  const byProfile = (profile: WebhookProfile) => ({
    IndexName: 'gsi2',
    KeyConditionExpression: 'gsi2pk = :p AND begins_with(gsi2sk, :w)',
    ExpressionAttributeValues: { ':p': webhookKeys.profile(profile), ':w': webhookKeys.inProfilePrefix },
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
            Key: webhookKeys.endpointCount(webhook.profile),
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
      for await (const out of store.pages(byProfile(profile))) items.push(...(out.Items ?? []).map(webhookCodec.fromItem));
      return items;
    },
    async remove(webhook) {
      const failed = await store.transact([
        {
          Delete: {
            TableName: store.tableName,
            Key: webhookKeys.item(webhook.id),
            ConditionExpression: 'attribute_exists(pk) AND #v = :v',
            ExpressionAttributeNames: { '#v': 'version' },
            ExpressionAttributeValues: { ':v': webhook.version },
            ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
          },
        },
        {
          Update: {
            TableName: store.tableName,
            Key: webhookKeys.endpointCount(webhook.profile),
            UpdateExpression: 'ADD #n :minus',
            ConditionExpression: '#n > :zero',
            ExpressionAttributeNames: { '#n': 'count' },
            ExpressionAttributeValues: { ':minus': -1, ':zero': 0 },
          },
        },
      ]);
      if (!failed) return;
      if (failed[0]?.Code !== 'ConditionalCheckFailed') throw new Error(`endpoint count of ${webhookKeys.profile(webhook.profile)} is already 0`);
      if (!failed[0].Item) throw new NotFoundError('not-found', { resource: 'webhook', id: webhook.id });
      throw new PreconditionFailedError('version-mismatch', { resource: 'webhook', sent: webhook.version });
    },
  };
}

export function deliveryRepository(store: Store): DeliveryRepository {

  return {
    create: (d) => store.putIf({ TableName: store.tableName, Item: deliveryToItem(d), ConditionExpression: 'attribute_not_exists(pk)' }),

    async get(webhookId, deliveryId) {
      const out = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: webhookKeys.delivery(webhookId, deliveryId), ConsistentRead: true }));
      return out.Item && deliveryFromItem(out.Item);
    },

    listByWebhook: (webhookId, page, status?: DeliveryStatus) =>
      store.queryPage(
        {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :d)',
          ScanIndexForward: false,
          ExpressionAttributeValues: { ':pk': webhookKeys.partition(webhookId), ':d': webhookKeys.deliveryPrefix, ...(status ? { ':s': status } : {}) },
          ...(status ? { FilterExpression: '#s = :s', ExpressionAttributeNames: { '#s': 'status' } } : {}),
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
              ExpressionAttributeValues: { ':pk': webhookKeys.due(n), ':bound': bound },
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
      store.putIf({
        TableName: store.tableName,
        Item: deliveryToItem(next),
        ConditionExpression: `attemptCount = :n AND #s = :s AND ${expected.claim ? '#c = :c' : 'attribute_not_exists(#c)'}`,
        ExpressionAttributeNames: { '#s': 'status', '#c': 'claim' },
        ExpressionAttributeValues: { ':n': expected.attemptCount, ':s': expected.status, ...(expected.claim ? { ':c': expected.claim } : {}) },
      }),
  };
}
