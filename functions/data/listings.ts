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
import { sellerKeys } from '#functions/data/sellers.ts';
import { searchIndexAttributes, searchQueryInput, type SearchKeys } from '#functions/data/search.ts';

/** Listing keys, the one place they are spelled: items, index attributes and searches use them. */
export const listingKeys = {
  item: (id: string) => ({ pk: `LISTING#${id}`, sk: 'A' }),
  search: {
    product: (product) => `LISTING#P#${product}`,
    profile: sellerKeys.partition,
    profileStatus: (status) => `LISTING#${status}#`,
    status: (status) => `LISTING#S#${status}`,
    provinceField: 'province',
  } satisfies SearchKeys,
};

export const listingCodec: EntityCodec<Listing> = {
  resource: 'listing',
  key: listingKeys.item,
  toItem: (l) => ({
    ...listingKeys.item(l.id),
    entity: 'listing',
    ...searchIndexAttributes(listingKeys.search, { id: l.id, profileId: l.sellerId, productKey: listingKeys.search.product(l.product), status: l.status, province: l.province }),
    ...l,
  }),
  fromItem: (item) => stripKeys<Listing>(item),
};

/** The query for a listing search. */
export const listingQueryInput = (q: ListingQuery) => searchQueryInput(listingKeys.search, { ...q, profileId: q.sellerId });

/** Listings; with `quotas`, each create counts against its owner's daily quota. */
export function listingRepository(store: Store, quotas?: Quotas): ListingRepository {
  return {
    ...entityRepository(store, listingCodec),
    ...(quotas ? { create: createWithinQuota(store, 'listing', quotas, listingCodec) } : {}),
    search: (q, page) => store.queryPage(listingQueryInput(q), page, listingCodec.fromItem),
  };
}
