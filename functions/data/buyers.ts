/** Buyer items: one per profile (`BUYER#<id>`), also indexed by owner on gsi2. */
import type { Buyer } from '#domain/buyers.ts';
import type { BuyerRepository } from '#domain/ports.ts';
import { entityRepository, listByOwner, ownerIndex, stripKeys, type EntityCodec, type Store } from '#functions/data/store.ts';

/**
 * Buyer keys, the one place they are spelled. The profile's partition `BUYER#<id>` also holds its
 * webhook count (functions/data/webhooks.ts) and indexes its demands (functions/data/demands.ts).
 */
export const buyerKeys = {
  partition: (id: string) => `BUYER#${id}`,
  item: (id: string) => ({ pk: buyerKeys.partition(id), sk: 'A' }),
  /** Kind on the owner index. */
  ownerKind: 'BUYER',
};

export const buyerCodec: EntityCodec<Buyer> = {
  resource: 'buyer',
  key: buyerKeys.item,
  toItem: (b) => ({ ...buyerKeys.item(b.id), entity: 'buyer', ...ownerIndex(buyerKeys.ownerKind, b.ownerId, b.id), ...b }),
  fromItem: (item) => stripKeys<Buyer>(item),
};

export function buyerRepository(store: Store): BuyerRepository {
  return {
    ...entityRepository(store, buyerCodec),
    listByOwner: (ownerId, page) => listByOwner(store, buyerKeys.ownerKind, ownerId, page, buyerCodec.fromItem),
  };
}
