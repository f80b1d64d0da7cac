/**
 * Inbox items: `INBOX#<sub>` / `N#<id>`. The id is a ULID whose time part is when the thing
 * happened and whose random part is a hash of the dedupe key, so the same notice always gets the
 * same key (a conditional put makes repeats no-ops) and the inbox sorts newest first.
 *
 * Grouped notices (`group` set) gather into one `N#` item per recipient and window:
 * - `INBOX#<sub>` / `GROUP#<group>` points at the open group's notification until `openUntil`
 *   (conditional writes: concurrent events agree on one group);
 * - `INBOX#<sub>` / `SEEN#<dedupeKey>` marks a notice as counted; it is written in the same
 *   transaction as the group's `count + 1`, so a re-delivered event never counts twice.
 */
import { PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { createHash } from 'node:crypto';
import { encodeTime } from 'ulid';
import { crockfordBase32 } from '#domain/base32.ts';
import { GROUP_WINDOW_MS, type Notification, type NotificationInput } from '#domain/notifications.ts';
import type { NotificationRepository } from '#domain/ports.ts';
import { conditionFailure, stripKeys, type Item, type Store } from '#functions/data/store.ts';

const RETENTION_S = 180 * 86_400;
/** Dedupe markers of grouped notices outlive any relay retry (outbox items live 7 days). */
const SEEN_RETENTION_S = 8 * 86_400;

/** A ULID-shaped id: the time of the notice and 80 bits of the dedupe key's hash. */
export function notificationId(at: string, dedupeKey: string): string {
  const hash = createHash('sha256').update(dedupeKey).digest();
  return encodeTime(Date.parse(at), 10) + crockfordBase32(hash.subarray(0, 10), 16);
}

/**
 * Inbox keys, the one place they are spelled. The inbox partition also holds the notice claims of
 * functions/data/mine.ts, outside the `N#` range.
 */
export const inboxKeys = {
  partition: (sub: string) => `INBOX#${sub}`,
  notificationPrefix: 'N#',
  notification: (sub: string, id: string) => ({ pk: inboxKeys.partition(sub), sk: inboxKeys.notificationPrefix + id }),
  group: (sub: string, group: string) => ({ pk: inboxKeys.partition(sub), sk: `GROUP#${group}` }),
  seen: (sub: string, dedupeKey: string) => ({ pk: inboxKeys.partition(sub), sk: `SEEN#${dedupeKey}` }),
  /** Names the event that announced a match state to the user (functions/data/mine.ts). */
  noticeClaim: (sub: string, stateKey: string) => ({ pk: inboxKeys.partition(sub), sk: `STATE#${stateKey}` }),
};
const fromItem = (item: Item) => {
  const { profileSet, ...rest } = stripKeys<Notification & { sub: string; profileSet?: Set<string> }>(item);
  // A grouped notice keeps its profiles as a string set of JSON (see addToGroup).
  return profileSet ? { ...rest, profiles: [...profileSet].sort().map((p) => JSON.parse(p) as NonNullable<Notification['profiles']>[number]) } : rest;
};

export function notificationRepository(store: Store, now: () => Date): NotificationRepository {
  const expiry = (at: string, seconds: number) => Math.floor(Date.parse(at) / 1000) + seconds;

  /** The id of the recipient's group open at `at`, opening one (with `candidate` as its id) if none is. */
  async function openGroup(sub: string, group: string, at: string, candidate: string): Promise<string> {
    const key = inboxKeys.group(sub, group);
    for (;;) {
      try {
        const out = await store.doc.send(
          new UpdateCommand({
            TableName: store.tableName,
            Key: key,
            UpdateExpression: 'SET lastAt = :at',
            ConditionExpression: 'openUntil > :at',
            ExpressionAttributeValues: { ':at': at },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return String(out.Attributes!.notificationId);
      } catch (err) {
        if (!conditionFailure(err)) throw err;
      }
      try {
        const openUntil = new Date(Date.parse(at) + GROUP_WINDOW_MS).toISOString();
        await store.doc.send(
          new PutCommand({
            TableName: store.tableName,
            Item: { ...key, entity: 'notification-group', notificationId: candidate, openUntil, lastAt: at, expiresAt: expiry(openUntil, SEEN_RETENTION_S) },
            ConditionExpression: 'attribute_not_exists(pk) OR openUntil <= :at',
            ExpressionAttributeValues: { ':at': at },
          }),
        );
        return candidate;
      } catch (err) {
        if (!conditionFailure(err)) throw err; // another event opened a group meanwhile: join it
      }
    }
  }

  /** Counts a notice into the recipient's open group, once per dedupe key. */
  async function addToGroup(input: NotificationInput & { group: string }): Promise<boolean> {
    const at = input.at ?? now().toISOString();
    const id = await openGroup(input.sub, input.group, at, notificationId(at, input.dedupeKey));
    const values: Record<string, unknown> = {
      ':e': 'notification',
      ':id': id,
      ':sub': input.sub,
      ':type': input.type,
      ':title': input.title,
      ':body': input.body,
      ':at': at,
      ':exp': expiry(at, RETENTION_S),
      ':false': false,
      ':one': 1,
      ...(input.link ? { ':link': input.link } : {}),
      // A group gathers the recipient's profiles of all its notices (a string set unions on ADD).
      ...(input.profiles?.length ? { ':profiles': new Set(input.profiles.map((p) => JSON.stringify(p))) } : {}),
    };
    const failed = await store.transact([
      {
        Put: {
          TableName: store.tableName,
          Item: { ...inboxKeys.seen(input.sub, input.dedupeKey), entity: 'notification-seen', notificationId: id, expiresAt: expiry(at, SEEN_RETENTION_S) },
          ConditionExpression: 'attribute_not_exists(pk)',
        },
      },
      {
        Update: {
          TableName: store.tableName,
          Key: inboxKeys.notification(input.sub, id),
          // The first notice's text, time and link stay; every notice bumps the count and makes it unread again.
          UpdateExpression:
            'SET #entity = :e, #id = :id, #sub = :sub, #type = if_not_exists(#type, :type), #title = if_not_exists(#title, :title), #body = if_not_exists(#body, :body), ' +
            `#createdAt = if_not_exists(#createdAt, :at), #expiresAt = if_not_exists(#expiresAt, :exp), #read = :false${input.link ? ', #link = if_not_exists(#link, :link)' : ''} ADD #count :one${input.profiles?.length ? ', #profileSet :profiles' : ''}`,
          ExpressionAttributeNames: {
            '#entity': 'entity', '#id': 'id', '#sub': 'sub', '#type': 'type', '#title': 'title', '#body': 'body', '#createdAt': 'createdAt', '#expiresAt': 'expiresAt', '#read': 'read', '#count': 'count',
            ...(input.link ? { '#link': 'link' } : {}),
            ...(input.profiles?.length ? { '#profileSet': 'profileSet' } : {}),
          },
          ExpressionAttributeValues: values,
        },
      },
    ]);
    return !failed; // the only condition is the dedupe marker's
  }

  const add = async (input: NotificationInput) => {
    if (input.group) return addToGroup({ ...input, group: input.group });
    const createdAt = input.at ?? now().toISOString();
    const id = notificationId(createdAt, input.dedupeKey);
    const { dedupeKey: _key, at: _at, group: _group, ...rest } = input;
    try {
      await store.doc.send(
        new PutCommand({
          TableName: store.tableName,
          Item: { ...inboxKeys.notification(input.sub, id), entity: 'notification', ...rest, id, read: false, createdAt, expiresAt: Math.floor(Date.parse(createdAt) / 1000) + RETENTION_S },
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
          ExpressionAttributeValues: { ':pk': inboxKeys.partition(sub), ':n': inboxKeys.notificationPrefix, ...(unreadOnly ? { ':false': false } : {}) },
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
            Key: inboxKeys.notification(sub, id),
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
