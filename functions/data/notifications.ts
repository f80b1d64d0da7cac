/**
 * Inbox items: `INBOX#<sub>` / `N#<id>`. The id is a ULID whose time part is when the thing
 * happened and whose random part is a hash of the dedupe key, so the same notice always gets the
 * same key (a conditional put makes repeats no-ops) and the inbox sorts newest first.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';
import type { Notification } from '#domain/notifications.ts';
import type { NotificationRepository } from '#domain/ports.ts';
import { stripKeys, type Item, type Store } from '#functions/data/store.ts';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const RETENTION_S = 180 * 86_400;

/** A ULID-shaped id: the time of the notice and 80 bits of the dedupe key's hash. */
export function notificationId(at: string, dedupeKey: string): string {
  const hash = createHash('sha256').update(dedupeKey).digest();
  let bits = '';
  for (const byte of hash.subarray(0, 10)) bits += byte.toString(2).padStart(8, '0');
  let random = '';
  for (let i = 0; i < 80; i += 5) random += CROCKFORD[parseInt(bits.slice(i, i + 5), 2)];
  return encodeTime(Date.parse(at), 10) + random;
}

export const notificationKey = (sub: string, id: string) => ({ pk: `INBOX#${sub}`, sk: `N#${id}` });
const fromItem = (item: Item) => stripKeys<Notification & { sub: string }>(item);

export function notificationRepository(store: Store, now: () => Date): NotificationRepository {
  const add = async (input: Parameters<NotificationRepository['add']>[0]) => {
    const createdAt = input.at ?? now().toISOString();
    const id = notificationId(createdAt, input.dedupeKey);
    const { dedupeKey: _key, at: _at, ...rest } = input;
    try {
      await store.doc.send(
        new PutCommand({
          TableName: store.tableName,
          Item: { ...notificationKey(input.sub, id), entity: 'notification', ...rest, id, read: false, createdAt, expiresAt: Math.floor(Date.parse(createdAt) / 1000) + RETENTION_S },
          ConditionExpression: 'attribute_not_exists(pk)',
        }),
      );
      return true;
    } catch (err) {
      if (err instanceof ConditionalCheckFailedException) return false;
      throw err;
    }
  };
  return {
    add,
    notify: async (input) => void (await add(input)),
    list: (sub, unreadOnly, page) =>
      store.queryPage(
        {
          KeyConditionExpression: 'pk = :pk AND begins_with(sk, :n)',
          FilterExpression: unreadOnly ? '#read = :false' : undefined,
          ExpressionAttributeNames: unreadOnly ? { '#read': 'read' } : undefined,
          ExpressionAttributeValues: { ':pk': `INBOX#${sub}`, ':n': 'N#', ...(unreadOnly ? { ':false': false } : {}) },
          ScanIndexForward: false,
        },
        page,
        fromItem,
      ),
    async markRead(sub, id) {
      try {
        const out = await store.doc.send(
          new UpdateCommand({
            TableName: store.tableName,
            Key: notificationKey(sub, id),
            UpdateExpression: 'SET #read = :true',
            ConditionExpression: 'attribute_exists(pk)',
            ExpressionAttributeNames: { '#read': 'read' },
            ExpressionAttributeValues: { ':true': true },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return out.Attributes && fromItem(out.Attributes);
      } catch (err) {
        if (err instanceof ConditionalCheckFailedException) return undefined;
        throw err;
      }
    },
  };
}
