/**
 * Alert items.
 * - preferences: `USER#<sub>` / `ALERTPREFS`, versioned.
 * - delivery: `ALERTS#<sub>` / `D#<id>`; the id is deterministic per (notice, channel), so the
 *   conditional create is the guard against a second message for one event.
 * - due index: pending deliveries only (sparse) on gsi3 `ALERT#due#<shard>` /
 *   `<nextAttemptAt ISO>#<id>`; the worker Queries every shard for keys up to now.
 * Finished deliveries expire (TTL) 30 days after their last change.
 */
import { QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { PreconditionFailedError } from '#domain/errors.ts';
import type { AlertDelivery, AlertPreferences } from '#domain/alerts.ts';
import type { AlertDeliveryRepository, AlertPreferenceRepository } from '#domain/ports.ts';
import { stripKeys, userPartition, type Item, type Store } from '#functions/data/store.ts';

const DUE_SHARDS = 4;
const TTL_S = 30 * 86_400;

/** Alert keys, the one place they are spelled. */
export const alertKeys = {
  preferences: (sub: string) => ({ pk: userPartition(sub), sk: 'ALERTPREFS' }),
  /** The partition of a person's deliveries. */
  deliveries: (sub: string) => `ALERTS#${sub}`,
  deliveryPrefix: 'D#',
  delivery: (sub: string, id: string) => ({ pk: alertKeys.deliveries(sub), sk: alertKeys.deliveryPrefix + id }),
  /** gsi3 partition: one shard of the pending deliveries. */
  due: (shard: number) => `ALERT#due#${shard}`,
  dueShardOf: (id: string) => alertKeys.due(id.charCodeAt(id.length - 1) % DUE_SHARDS),
};

export function alertPreferenceRepository(store: Store): AlertPreferenceRepository {
  const table = store.tableName;
  return {
    async get(sub) {
      const item = await store.get(alertKeys.preferences(sub));
      return item && stripKeys<AlertPreferences>(item);
    },
    async initialise(sub, seed) {
      const now = new Date().toISOString();
      // Fills only what is missing: a person's own later choices are never overwritten.
      await store.doc.send(
        new UpdateCommand({
          TableName: table,
          Key: alertKeys.preferences(sub),
          UpdateExpression:
            'SET entity = :e, #sub = :sub, lang = if_not_exists(lang, :lang), #role = if_not_exists(#role, :role), digest = if_not_exists(digest, :f), version = if_not_exists(version, :one), createdAt = if_not_exists(createdAt, :now), updatedAt = :now' +
            (seed.email ? ', email = if_not_exists(email, :email)' : '') +
            (seed.phone ? ', phone = if_not_exists(phone, :phone)' : ''),
          ExpressionAttributeNames: { '#sub': 'sub', '#role': 'role' },
          ExpressionAttributeValues: {
            ':e': 'alert-preferences',
            ':sub': sub,
            ':lang': seed.lang,
            ':role': seed.role,
            ':f': false,
            ':one': 1,
            ':now': now,
            ...(seed.email ? { ':email': seed.email } : {}),
            ...(seed.phone ? { ':phone': seed.phone } : {}),
          },
        }),
      );
    },
    async put(next) {
      const ok = await store.putIf({
        TableName: table,
        Item: { ...alertKeys.preferences(next.sub), entity: 'alert-preferences', ...next },
        ConditionExpression: next.version === 1 ? 'attribute_not_exists(pk) OR version = :prev' : 'version = :prev',
        ExpressionAttributeValues: { ':prev': next.version - 1 },
      });
      if (!ok) throw new PreconditionFailedError('version-mismatch', { resource: 'alert preferences', sent: next.version - 1 });
    },
  };
}

export function alertDeliveryToItem(d: AlertDelivery): Item {
  const due = d.status === 'pending' && d.nextAttemptAt ? { gsi3pk: alertKeys.dueShardOf(d.id), gsi3sk: `${d.nextAttemptAt}#${d.id}` } : {};
  return { ...alertKeys.delivery(d.sub, d.id), entity: 'alert-delivery', ...d, ...due, expiresAt: Math.floor(Date.parse(d.updatedAt) / 1000) + TTL_S };
}
const fromItem = (item: Item) => stripKeys<AlertDelivery>(item);

export function alertDeliveryRepository(store: Store): AlertDeliveryRepository {
  const table = store.tableName;
  return {
    create: (d) => store.putIf({ TableName: table, Item: alertDeliveryToItem(d), ConditionExpression: 'attribute_not_exists(pk)' }),
    async due(now, limit) {
      const shards = await Promise.all(
        Array.from({ length: DUE_SHARDS }, (_, i) =>
          store.doc.send(
            new QueryCommand({
              TableName: table,
              IndexName: 'gsi3',
              KeyConditionExpression: 'gsi3pk = :p AND gsi3sk <= :now',
              ExpressionAttributeValues: { ':p': alertKeys.due(i), ':now': `${now}#~` },
              Limit: limit,
            }),
          ),
        ),
      );
      return shards
        .flatMap((s) => (s.Items ?? []).map(fromItem))
        .sort((a, b) => (a.nextAttemptAt ?? '').localeCompare(b.nextAttemptAt ?? ''))
        .slice(0, limit);
    },
    replaceIf: (next, expected) =>
      store.putIf({
        TableName: table,
        Item: alertDeliveryToItem(next),
        ConditionExpression: '#s = :s AND attempts = :a AND (attribute_not_exists(leaseUntil) OR leaseUntil = :l)',
        ExpressionAttributeNames: { '#s': 'status' },
        ExpressionAttributeValues: { ':s': expected.status, ':a': expected.attempts, ':l': expected.leaseUntil ?? '' },
      }),
    async listBySub(sub, limit) {
      const out = await store.doc.send(
        new QueryCommand({ TableName: table, KeyConditionExpression: 'pk = :p AND begins_with(sk, :d)', ExpressionAttributeValues: { ':p': alertKeys.deliveries(sub), ':d': alertKeys.deliveryPrefix } }),
      );
      return (out.Items ?? []).map(fromItem).sort((a, b) => b.createdAt.localeCompare(a.createdAt)).slice(0, limit);
    },
  };
}
