/**
 * Seller items: one per profile (`SELLER#<id>`), also indexed by owner on gsi2, and on gsi1
 * (`CERT#pending` / `<province>#<updatedAt>#<id>`) only while a certificate awaits the
 * department's verification: a sparse index, the department's queue. Each tax code in
 * use has claim items `TAXCODE#<code>` / `SELLER#<sellerId>` (with the owner), so a second
 * account registering the same tax code is found with one Query.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { Seller } from '#domain/sellers.ts';
import { awaitsVerification } from '#domain/certifications.ts';
import type { SellerRepository } from '#domain/ports.ts';
import { entityRepository, listByOwner, ownerIndex, stripKeys, type EntityCodec, type Store } from '#functions/data/store.ts';

export const sellerCodec: EntityCodec<Seller> = {
  resource: 'seller',
  key: (id) => ({ pk: `SELLER#${id}`, sk: 'A' }),
  toItem: (s) => ({ ...sellerCodec.key(s.id), entity: 'seller', ...ownerIndex('SELLER', s.ownerId, s.id), ...pendingCertificationIndex(s), ...s }),
  fromItem: (item) => stripKeys<Seller>(item),
};

const PENDING_CERTIFICATIONS = 'CERT#pending';

/** The queue entry, present only while the seller has a certificate awaiting verification. */
function pendingCertificationIndex(s: Seller) {
  return s.certifications.some(awaitsVerification) ? { gsi1pk: PENDING_CERTIFICATIONS, gsi1sk: `${s.province}#${s.updatedAt}#${s.id}` } : {};
}

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
    listAwaitingVerification: (province, page) =>
      store.queryPage(
        {
          IndexName: 'gsi1',
          KeyConditionExpression: province ? 'gsi1pk = :q AND begins_with(gsi1sk, :p)' : 'gsi1pk = :q',
          ExpressionAttributeValues: { ':q': PENDING_CERTIFICATIONS, ...(province ? { ':p': `${province}#` } : {}) },
        },
        page,
        sellerCodec.fromItem,
      ),
    async taxCodeHolders(taxCode) {
      const out = await store.doc.send(
        new QueryCommand({ TableName: store.tableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `TAXCODE#${taxCode}` }, Limit: 50 }),
      );
      return (out.Items ?? []).map((i) => ({ sellerId: String(i.sellerId), ownerId: String(i.ownerId) }));
    },
  };
}
