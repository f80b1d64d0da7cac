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
import { buyerKeys } from '#functions/data/buyers.ts';
import { searchIndexAttributes, searchQueryInput, type SearchKeys } from '#functions/data/search.ts';

/** Demand keys, the one place they are spelled: items, index attributes and searches use them. */
export const demandKeys = {
  item: (id: string) => ({ pk: `DEMAND#${id}`, sk: 'A' }),
  /** gsi1 partition of a whole-category demand (no product). */
  category: (category: string) => `DEMAND#C#${category}`,
  search: {
    product: (product) => `DEMAND#P#${product}`,
    profile: buyerKeys.partition,
    profileStatus: (status) => `DEMAND#${status}#`,
    status: (status) => `DEMAND#S#${status}`,
    provinceField: 'deliveryProvince',
  } satisfies SearchKeys,
};

export const demandCodec: EntityCodec<Demand> = {
  resource: 'demand',
  key: demandKeys.item,
  toItem: (d) => ({
    ...demandKeys.item(d.id),
    entity: 'demand',
    ...searchIndexAttributes(demandKeys.search, {
      id: d.id,
      profileId: d.buyerId,
      productKey: d.product ? demandKeys.search.product(d.product) : demandKeys.category(d.category),
      status: d.status,
      province: d.deliveryProvince,
    }),
    ...d,
  }),
  fromItem: (item) => stripKeys<Demand>(item),
};

/** The query for a demand search. */
export const demandQueryInput = (q: DemandQuery) => searchQueryInput(demandKeys.search, { ...q, profileId: q.buyerId });

/** Demands; with `quotas`, each create counts against its owner's daily quota. */
export function demandRepository(store: Store, quotas?: Quotas): DemandRepository {
  return {
    ...entityRepository(store, demandCodec),
    ...(quotas ? { create: createWithinQuota(store, 'demand', quotas, demandCodec) } : {}),
    search: (q, page) => store.queryPage(demandQueryInput(q), page, demandCodec.fromItem),
  };
}
