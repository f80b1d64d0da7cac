/**
 * Seller items: one per profile (`SELLER#<id>`), also indexed by owner on gsi2. Each tax code in
 * use has claim items `TAXCODE#<code>` / `SELLER#<sellerId>` (with the owner), so a second
 * account registering the same tax code is found with one Query.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Seller } from '#domain/sellers.ts';
import type { SellerRepository } from '#domain/ports.ts';
import { entityRepository, listByOwner, ownerIndex, stripKeys, type EntityCodec, type Store } from '#functions/data/store.ts';

export const sellerCodec: EntityCodec<Seller> = {
  resource: 'seller',
  key: (id) => ({ pk: `SELLER#${id}`, sk: 'A' }),
  toItem: (s) => ({ ...sellerCodec.key(s.id), entity: 'seller', ...ownerIndex('SELLER', s.ownerId, s.id), ...s }),
  fromItem: (item) => stripKeys<Seller>(item),
};

export function sellerRepository(store: Store): SellerRepository {
  return {
    ...entityRepository(store, sellerCodec),
    listByOwner: (ownerId, page) => listByOwner(store, 'SELLER', ownerId, page, sellerCodec.fromItem),
    async claimTaxCode(seller) {
      if (!seller.taxCode) return;
      await store.doc.send(
        new PutCommand({ TableName: store.tableName, Item: { pk: `TAXCODE#${seller.taxCode}`, sk: `SELLER#${seller.id}`, entity: 'tax-code-claim', sellerId: seller.id, ownerId: seller.ownerId } }),
      );
    },
    async taxCodeHolders(taxCode) {
      const out = await store.doc.send(
        new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `TAXCODE#${taxCode}` }, Limit: 50 }),
      );
      return (out.Items ?? []).map((i) => ({ sellerId: String(i.sellerId), ownerId: String(i.ownerId) }));
    },
  };
}
