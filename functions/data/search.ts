/**
 * Listings and demands are searched the same way, through the three secondary indexes
 * (docs/data-model.md): gsi1 one product by status then province, gsi2 a profile's items by
 * status, gsi3 one status by province. Each entity states its key prefixes once in a
 * {@link SearchKeys}; its item's index attributes and its queries are both built from it.
 */
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';

/** An entity's partition keys (and the profile index's sort-key prefix) in the three indexes. */
export interface SearchKeys {
  /** gsi1 partition: one product. */
  product(product: string): string;
  /** gsi2 partition: the seller or buyer profile. */
  profile(profileId: string): string;
  /** gsi2 sort-key prefix for one status; the item's sort key is it plus the id. */
  profileStatus(status: string): string;
  /** gsi3 partition: one status. */
  status(status: string): string;
  /** The attribute that holds the province a search filters on. */
  provinceField: 'province' | 'deliveryProvince';
}

/** The index attributes of an item, from its keys; `productKey` is the gsi1 partition it belongs to. */
export function searchIndexAttributes(keys: SearchKeys, e: { id: string; profileId: string; productKey: string; status: string; province: string }) {
  return {
    gsi1pk: e.productKey,
    gsi1sk: `${e.status}#${e.province}#${e.id}`,
    gsi2pk: keys.profile(e.profileId),
    gsi2sk: keys.profileStatus(e.status) + e.id,
    gsi3pk: keys.status(e.status),
    gsi3sk: `${e.province}#${e.id}`,
  };
}

/** What a search asks for: one status, optionally one profile, product, province and text words. */
export interface SearchQuery {
  status: string;
  profileId?: string;
  product?: string;
  province?: string;
  words?: readonly string[];
}

/** Chooses the narrowest index for the filters given; the rest become filter expressions. */
export function searchQueryInput(keys: SearchKeys, q: SearchQuery): Omit<QueryCommandInput, 'TableName'> {
  const values: Record<string, unknown> = {};
  const filters: string[] = [];
  let input: Omit<QueryCommandInput, 'TableName'>;
  if (q.profileId) {
    Object.assign(values, { ':pk': keys.profile(q.profileId), ':sk': keys.profileStatus(q.status) });
    input = { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :sk)' };
    if (q.product) (filters.push('product = :product'), (values[':product'] = q.product));
    if (q.province) (filters.push(`${keys.provinceField} = :province`), (values[':province'] = q.province));
  } else if (q.product) {
    Object.assign(values, { ':pk': keys.product(q.product), ':sk': `${q.status}#${q.province ? `${q.province}#` : ''}` });
    input = { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :sk)' };
  } else {
    values[':pk'] = keys.status(q.status);
    if (q.province) values[':sk'] = `${q.province}#`;
    input = { IndexName: 'gsi3', KeyConditionExpression: q.province ? 'gsi3pk = :pk AND begins_with(gsi3sk, :sk)' : 'gsi3pk = :pk' };
  }
  q.words?.forEach((w, i) => {
    filters.push(`contains(searchText, :w${i})`);
    values[`:w${i}`] = w;
  });
  return { ...input, FilterExpression: filters.length ? filters.join(' AND ') : undefined, ExpressionAttributeValues: values };
}
