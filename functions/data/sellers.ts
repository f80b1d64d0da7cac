/**
 * Seller items: one per profile (`SELLER#<id>`), also indexed by owner on gsi2. Each tax code in
 * use has claim items `TAXCODE#<code>` / `SELLER#<sellerId>` (with the owner), so a second
 * account registering the same tax code is found with one Query.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Seller } from '#domain/sellers.ts';
import type { SellerRepository } from '#domain/ports.ts';
import { entityRepository, listByOwner, ownerIndex, stripKeys, type EntityCodec, type Store } from '#functions/data/store.ts';

/**
 * Seller keys, the one place they are spelled. The profile's partition `SELLER#<id>` also holds
 * its webhook count (functions/data/webhooks.ts), its fair suggestions, and indexes its listings
 * (functions/data/listings.ts); the same tag names the seller in a fair's booth guard.
 */
export const sellerKeys = {
  partition: (id: string) => `SELLER#${id}`,
  item: (id: string) => ({ pk: sellerKeys.partition(id), sk: 'A' }),
  /** Kind on the owner index. */
  ownerKind: 'SELLER',
  taxCode: (taxCode: string) => `TAXCODE#${taxCode}`,
  taxCodeClaim: (taxCode: string, sellerId: string) => ({ pk: sellerKeys.taxCode(taxCode), sk: sellerKeys.partition(sellerId) }),
};

export const sellerCodec: EntityCodec<Seller> = {
  resource: 'seller',
  key: sellerKeys.item,
  toItem: (s) => ({ ...sellerKeys.item(s.id), entity: 'seller', ...ownerIndex(sellerKeys.ownerKind, s.ownerId, s.id), ...s }),
  fromItem: (item) => stripKeys<Seller>(item),
};

export function sellerRepository(store: Store): SellerRepository {
  return {
    ...entityRepository(store, sellerCodec),
    listByOwner: (ownerId, page) => listByOwner(store, sellerKeys.ownerKind, ownerId, page, sellerCodec.fromItem),
    async claimTaxCode(seller) {
      if (!seller.taxCode) return;
      await store.doc.send(
        new PutCommand({ TableName: store.tableName, Item: { ...sellerKeys.taxCodeClaim(seller.taxCode, seller.id), entity: 'tax-code-claim', sellerId: seller.id, ownerId: seller.ownerId } }),
      );
    },
    async taxCodeHolders(taxCode) {
      const out = await store.doc.send(
        new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': sellerKeys.taxCode(taxCode) }, Limit: 50 }),
      );
      return (out.Items ?? []).map((i) => ({ sellerId: String(i.sellerId), ownerId: String(i.ownerId) }));
    },
  };
}
