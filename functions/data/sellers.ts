/**
 * Seller items: one per profile (`SELLER#<id>`), also indexed by owner on gsi2, and on gsi1
 * (`CERT#pending` / `<province>#<updatedAt>#<id>`) only while a certificate awaits the
 * department's verification: a sparse index, the department's queue. Each tax code in
 * use has claim items `TAXCODE#<code>` / `SELLER#<sellerId>` (with the owner), so a second
 * account registering the same tax code is found with one Query.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Seller } from '#domain/sellers.ts';
import { awaitsVerification } from '#domain/schemas.ts';
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
  /** gsi1: the department's queue of certificates awaiting verification, by province. */
  awaitingVerification: 'CERT#pending',
  awaitingVerificationOf: (province: string) => `${province}#`,
  awaitingVerificationSort: (s: Pick<Seller, 'province' | 'updatedAt' | 'id'>) => `${sellerKeys.awaitingVerificationOf(s.province)}${s.updatedAt}#${s.id}`,
};

export const sellerCodec: EntityCodec<Seller> = {
  resource: 'seller',
  key: sellerKeys.item,
  toItem: (s) => ({ ...sellerKeys.item(s.id), entity: 'seller', ...ownerIndex(sellerKeys.ownerKind, s.ownerId, s.id), ...pendingCertificationIndex(s), ...s }),
  fromItem: (item) => stripKeys<Seller>(item),
};

/** The queue entry, present only while the seller has a certificate awaiting verification. */
function pendingCertificationIndex(s: Seller) {
  return s.certifications.some(awaitsVerification) ? { gsi1pk: sellerKeys.awaitingVerification, gsi1sk: sellerKeys.awaitingVerificationSort(s) } : {};
}

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
    listAwaitingVerification: (province, page) =>
      store.queryPage(
        {
          IndexName: 'gsi1',
          KeyConditionExpression: province ? 'gsi1pk = :q AND begins_with(gsi1sk, :p)' : 'gsi1pk = :q',
          ExpressionAttributeValues: { ':q': sellerKeys.awaitingVerification, ...(province ? { ':p': sellerKeys.awaitingVerificationOf(province) } : {}) },
        },
        page,
        sellerCodec.fromItem,
      ),
    async taxCodeHolders(taxCode) {
      const out = await store.doc.send(
        new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': sellerKeys.taxCode(taxCode) }, Limit: 50 }),
      );
      return (out.Items ?? []).map((i) => ({ sellerId: String(i.sellerId), ownerId: String(i.ownerId) }));
    },
  };
}
