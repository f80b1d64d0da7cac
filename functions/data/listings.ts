/**
 * Listing items (`LISTING#<id>`). Indexes:
 * - gsi1 `LISTING#P#<product>` / `<status>#<province>#<id>`: browse one product, optionally one province;
 * - gsi2 `SELLER#<sellerId>` / `LISTING#<status>#<id>`: a seller's listings;
 * - gsi3 `LISTING#S#<status>` / `<province>#<id>`: everything in one status, optionally one province.
 */
import type { Listing, ListingQuery } from '#domain/listings.ts';
import type { ListingRepository } from '#domain/ports.ts';
import { entityRepository, stripKeys, type EntityCodec, type Store } from '#functions/data/store.ts';
import { createWithinQuota, type Quotas } from '#functions/data/quotas.ts';
import type { QueryCommandInput } from '@aws-sdk/lib-dynamodb';

export const listingCodec: EntityCodec<Listing> = {
  resource: 'listing',
  key: (id) => ({ pk: `LISTING#${id}`, sk: 'A' }),
  toItem: (l) => ({
    pk: `LISTING#${l.id}`,
    sk: 'A',
    entity: 'listing',
    gsi1pk: `LISTING#P#${l.product}`,
    gsi1sk: `${l.status}#${l.province}#${l.id}`,
    gsi2pk: `SELLER#${l.sellerId}`,
    gsi2sk: `LISTING#${l.status}#${l.id}`,
    gsi3pk: `LISTING#S#${l.status}`,
    gsi3sk: `${l.province}#${l.id}`,
    ...l,
  }),
  fromItem: (item) => stripKeys<Listing>(item),
};

/** Chooses the narrowest index for the filters given; the rest become filter expressions. */
export function listingQueryInput(q: ListingQuery): Omit<QueryCommandInput, 'TableName'> {
  const values: Record<string, unknown> = {};
  const filters: string[] = [];
  let input: Omit<QueryCommandInput, 'TableName'>;
  if (q.sellerId) {
    Object.assign(values, { ':pk': `SELLER#${q.sellerId}`, ':sk': `LISTING#${q.status}#` });
    input = { IndexName: 'gsi2', KeyConditionExpression: 'gsi2pk = :pk AND begins_with(gsi2sk, :sk)' };
    if (q.product) (filters.push('product = :product'), (values[':product'] = q.product));
    if (q.province) (filters.push('province = :province'), (values[':province'] = q.province));
  } else if (q.product) {
    Object.assign(values, { ':pk': `LISTING#P#${q.product}`, ':sk': `${q.status}#${q.province ? `${q.province}#` : ''}` });
    input = { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :pk AND begins_with(gsi1sk, :sk)' };
  } else {
    Object.assign(values, { ':pk': `LISTING#S#${q.status}` });
    input = q.province
      ? { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :sk)' }
      : { IndexName: 'gsi3', KeyConditionExpression: 'gsi3pk = :pk' };
    if (q.province) values[':sk'] = `${q.province}#`;
  }
  q.words?.forEach((w, i) => {
    filters.push(`contains(searchText, :w${i})`);
    values[`:w${i}`] = w;
  });
  return { ...input, FilterExpression: filters.length ? filters.join(' AND ') : undefined, ExpressionAttributeValues: values };
}

/** Listings; with `quotas`, each create counts against its owner's daily quota. */
export function listingRepository(store: Store, quotas?: Quotas): ListingRepository {
  return {
    ...entityRepository(store, listingCodec),
    ...(quotas ? { create: createWithinQuota(store, 'listing', quotas, listingCodec) } : {}),
    search: (q, page) => store.queryPage(listingQueryInput(q), page, listingCodec.fromItem),
  };
}
