/**
 * Role request items.
 * - request: `ROLEREQ#<id>` / `A`; per person on gsi2 `OWNER#<sub>` / `ROLEREQ#<id>`; per status
 *   on gsi1 `ROLEREQ#<status>` / `<province>#<createdAt>#<id>` (a department's queue is a
 *   `begins_with` on its province).
 * - pending slot: `USER#<sub>` / `PENDINGREQ`, written with a pending request in one transaction
 *   (one pending request per person) and removed with its decision.
 * - local group directory: `USER#<sub>` / `GROUPS` (Cognito holds groups in AWS).
 */
import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { ROLES, type Role } from '#domain/access.ts';
import { ConflictError, NotFoundError, PreconditionFailedError } from '#domain/errors.ts';
import type { GroupDirectory, RoleRequestRepository } from '#domain/ports.ts';
import type { RoleRequest } from '#domain/role-requests.ts';
import { listByOwner, ownerIndex, stripKeys, userPartition, type Item, type Store } from '#functions/data/store.ts';

const ROLEREQ = 'ROLEREQ';

/** Role-request keys, the one place they are spelled. */
export const roleRequestKeys = {
  item: (id: string) => ({ pk: `${ROLEREQ}#${id}`, sk: 'A' }),
  /** gsi1 partition: the requests in one status. */
  byStatus: (status: string) => `${ROLEREQ}#${status}`,
  /** Kind on the owner index. */
  ownerKind: ROLEREQ,
  pendingSlot: (sub: string) => ({ pk: userPartition(sub), sk: 'PENDINGREQ' }),
  groups: (sub: string) => ({ pk: userPartition(sub), sk: 'GROUPS' }),
};

const toItem = (r: RoleRequest): Item => ({
  ...roleRequestKeys.item(r.id),
  entity: 'role-request',
  gsi1pk: roleRequestKeys.byStatus(r.status),
  gsi1sk: `${r.organisation?.province ?? '-'}#${r.createdAt}#${r.id}`,
  ...ownerIndex(roleRequestKeys.ownerKind, r.sub, r.id),
  ...r,
});
const fromItem = (item: Item) => stripKeys<RoleRequest>(item);

export function roleRequestRepository(store: Store): RoleRequestRepository {
  const table = store.tableName;
  return {
    async create(r, events = []) {
      const put = { Put: { TableName: table, Item: toItem(r), ConditionExpression: 'attribute_not_exists(pk)' } };
      const slot = r.status === 'pending' ? [{ Put: { TableName: table, Item: { ...roleRequestKeys.pendingSlot(r.sub), entity: 'role-request-slot', requestId: r.id }, ConditionExpression: 'attribute_not_exists(pk)' } }] : [];
      const failed = await store.transact([...slot, put, ...store.outboxPuts(events)], { resource: 'role-request', entity: r });
      if (!failed) return;
      if (slot.length && failed[0]?.Code === 'ConditionalCheckFailed') throw new ConflictError('role-request-pending');
      throw new Error(`role request ${r.id} exists`);
    },
    async get(id) {
      const item = await store.get(roleRequestKeys.item(id));
      return item && fromItem(item);
    },
    async decide(next, events) {
      const failed = await store.transact(
        [
          {
            Put: {
              TableName: table,
              Item: toItem(next),
              ConditionExpression: 'attribute_exists(pk) AND #v = :prev',
              ExpressionAttributeNames: { '#v': 'version' },
              ExpressionAttributeValues: { ':prev': next.version - 1 },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            },
          },
          { Delete: { TableName: table, Key: roleRequestKeys.pendingSlot(next.sub) } },
          ...store.outboxPuts(events),
        ],
        { resource: 'role-request', entity: next },
      );
      if (!failed) return;
      if (failed[0]?.Code !== 'ConditionalCheckFailed') throw new Error(`decision on role request ${next.id} failed: ${failed.map((r) => r.Code).join(',')}`);
      if (!failed[0].Item) throw new NotFoundError('not-found', { resource: 'role-request', id: next.id });
      throw new PreconditionFailedError('version-mismatch', { resource: 'role-request', sent: next.version - 1 });
    },
    listBySub: (sub, page) => listByOwner(store, roleRequestKeys.ownerKind, sub, page, fromItem),
    listByStatus: (status, province, page) =>
      store.queryPage(
        {
          IndexName: 'gsi1',
          KeyConditionExpression: province ? 'gsi1pk = :s AND begins_with(gsi1sk, :p)' : 'gsi1pk = :s',
          ExpressionAttributeValues: { ':s': roleRequestKeys.byStatus(status), ...(province ? { ':p': `${province}#` } : {}) },
        },
        page,
        fromItem,
      ),
  };
}

/** The local runtime's group directory; in AWS, Cognito's groups (functions/joining/cognito-groups.ts). */
export function dynamoGroupDirectory(store: Store): GroupDirectory {
  return {
    async addToGroup(sub, role) {
      await store.doc.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: roleRequestKeys.groups(sub),
          UpdateExpression: 'ADD #g :g SET entity = :e',
          ExpressionAttributeNames: { '#g': 'groups' },
          ExpressionAttributeValues: { ':g': new Set([role]), ':e': 'user-groups' },
        }),
      );
    },
    async groupsOf(sub) {
      const out = await store.doc.send(new GetCommand({ TableName: store.tableName, Key: roleRequestKeys.groups(sub), ConsistentRead: true }));
      const groups = out.Item?.groups as Set<string> | undefined;
      return [...(groups ?? [])].filter((g): g is Role => (ROLES as readonly string[]).includes(g));
    },
  };
}

