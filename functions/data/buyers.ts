/** Buyer items: one per profile (`BUYER#<id>`), also indexed by owner on gsi2. */
import type { Buyer } from '#domain/buyers.ts';
import type { BuyerRepository } from '#domain/ports.ts';
import { entityRepository, listByOwner, ownerIndex, stripKeys, type EntityCodec, type Store } from '#functions/data/store.ts';

export const buyerCodec: EntityCodec<Buyer> = {
  resource: 'buyer',
  key: (id) => ({ pk: `BUYER#${id}`, sk: 'A' }),
  toItem: (b) => ({ ...buyerCodec.key(b.id), entity: 'buyer', ...ownerIndex('BUYER', b.ownerId, b.id), ...b }),
  fromItem: (item) => stripKeys<Buyer>(item),
};

export function buyerRepository(store: Store): BuyerRepository {
  return {
    ...entityRepository(store, buyerCodec),
    listByOwner: (ownerId, page) => listByOwner(store, 'BUYER', ownerId, page, buyerCodec.fromItem),
  };
}
