/**
 * Demand items (`DEMAND#<id>`). Indexes:
 * - gsi1 `DEMAND#P#<product>` (or `DEMAND#C#<category>` for a whole-category demand) /
 *   `<status>#<deliveryProvince>#<id>`;
 * - gsi2 `BUYER#<buyerId>` / `DEMAND#<status>#<id>`;
 * - gsi3 `DEMAND#S#<status>` / `<deliveryProvince>#<id>`.
 */
import type { Demand, DemandQuery } from '#domain/demands.ts';
import type { DemandRepository } from '#domain/ports.ts';
import { entityRepository, stripKeys, type EntityCodec, type Store } from '#functions/data/store.ts';
import { createWithinQuota, type Quotas } from '#functions/data/quotas.ts';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export const demandCodec: EntityCodec<Demand> = {
  resource: 'demand',
  key: (id) => ({ pk: `DEMAND#${id}`, sk: 'A' }),
  toItem: (d) => ({
    pk: `DEMAND#${d.id}`,
    sk: 'A',
    entity: 'demand',
    gsi1pk: d.product ? `DEMAND#P#${d.product}` : `DEMAND#C#${d.category}`,
    gsi1sk: `${d.status}#${d.deliveryProvince}#${d.id}`,
    gsi2pk: `BUYER#${d.buyerId}`,
    gsi2sk: `DEMAND#${d.status}#${d.id}`,
    gsi3pk: `DEMAND#S#${d.status}`,
    gsi3sk: `${d.deliveryProvince}#${d.id}`,
    ...d,
  }),
  fromItem: (item) => stripKeys<Demand>(item),
};

export function demandQueryInput(q: DemandQuery): Omit<QueryCommandInput, 'TableName'> {
  const values: Record<string, unknown> = {};
  const filters: string[] = [];
  let input: Omit<QueryCommandInput, 'TableName'>;
  if (q.buyerId) {
    Object.assign(values, { ':pk': `BUYER#${q.buyerId}`, ':sk': `DEMAND#${q.status}#` });
    input = { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :sk)' };
    if (q.product) (filters.push('product = :product'), (values[':product'] = q.product));
    if (q.province) (filters.push('deliveryProvince = :province'), (values[':province'] = q.province));
  } else if (q.product) {
    Object.assign(values, { ':pk': `DEMAND#P#${q.product}`, ':sk': `${q.status}#${q.province ? `${q.province}#` : ''}` });
    input = { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :sk)' };
  } else {
    values[':pk'] = `DEMAND#S#${q.status}`;
    if (q.province) values[':sk'] = `${q.province}#`;
    input = { IndexName: 'gsi3', KeyConditionExpression: q.province ? 'gsi3pk = :pk AND begins_with(gsi3sk, :sk)' : 'gsi3pk = :pk' };
  }
  return { ...input, FilterExpression: filters.length ? filters.join(' AND ') : undefined, ExpressionAttributeValues: values };
}

/** Demands; with `quotas`, each create counts against its owner's daily quota. */
export function demandRepository(store: Store, quotas?: Quotas): DemandRepository {
  return {
    ...entityRepository(store, demandCodec),
    ...(quotas ? { create: createWithinQuota(store, 'demand', quotas, demandCodec) } : {}),
    search: (q, page) => store.queryPage(demandQueryInput(q), page, demandCodec.fromItem),
  };
}
