/** ListingPublished: A seller published a listing (chào bán). */
import * as z from 'zod/mini';
import { defineEvent } from '#events/envelope.ts';

export const ListingPublished = defineEvent({
  name: 'ListingPublished',
  source: 'ketnoi.listings',
  version: 1,
  description: 'A seller published a listing (chào bán).',
  data: () =>
    z.object({
      listingId: z.string(),
      sellerId: z.string(),
      sellerName: z.string(),
      product: z.string(),
      productName: z.string(),
      category: z.string(),
      province: z.string(),
      quantityKg: z.number(),
      minOrderKg: z.number(),
      priceVndPerKg: z.optional(z.number()),
      availableFrom: z.string(),
      availableTo: z.string(),
      certifications: z.array(z.string()),
    }),
  example: {
    listingId: '01J8ZQ4V3M6K2T9XH5R7B1C0DE',
    sellerId: '01J8ZQ3Y2N5J1S8WG4Q6A0B9CD',
    sellerName: 'HTX Vải thiều Phúc Lộc',
    product: 'vai-thieu',
    productName: 'Vải thiều',
    category: 'fruit',
    province: 'bac-ninh',
    quantityKg: 20000,
    minOrderKg: 500,
    priceVndPerKg: 25000,
    availableFrom: '2027-06-01',
    availableTo: '2027-07-15',
    certifications: ['VietGAP', 'OCOP'],
  },
});
