/** Seller items: one per profile (`SELLER#<id>`), also indexed by owner on gsi2. */
import type { Seller } from '#domain/sellers.ts';
import type { SellerRepository } from '#domain/ports.ts';
import { entityRepository, listByOwner, stripKeys, type EntityCodec, type Store } from '#functions/data/store.ts';

export const sellerCodec: EntityCodec<Seller> = {
  resource: 'seller',
  key: (id) => ({ pk: `SELLER#${id}`, sk: 'A' }),
  toItem: (s) => ({ pk: `SELLER#${s.id}`, sk: 'A', entity: 'seller', gsi2pk: `OWNER#${s.ownerId}`, gsi2sk: `SELLER#${s.id}`, ...s }),
  fromItem: (item) => stripKeys<Seller>(item),
};

export function sellerRepository(store: Store): SellerRepository {
  return {
    ...entityRepository(store, sellerCodec),
    listByOwner: (ownerId, page) => listByOwner(store, 'SELLER', ownerId, page, sellerCodec.fromItem),
  };
}
