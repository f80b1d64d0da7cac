/** DemandPosted: A buyer posted a purchase demand (nhu cầu thu mua). */
import * as z from 'zod/mini';
import { defineEvent } from '#events/envelope.ts';

export const DemandPosted = defineEvent({
  name: 'DemandPosted',
  source: 'ketnoi.demands',
  version: 1,
  description: 'A buyer posted a purchase demand (nhu cầu thu mua).',
  data: () =>
    z.object({
      demandId: z.string(),
      buyerId: z.string(),
      buyerName: z.string(),
      product: z.optional(z.string()),
      category: z.string(),
      quantityKg: z.number(),
      maxPriceVndPerKg: z.optional(z.number()),
      neededFrom: z.string(),
      neededTo: z.string(),
      deliveryProvince: z.string(),
    }),
  example: {
    demandId: '01J8ZQ6B7C8D9E0F1G2H3J4K5M',
    buyerId: '01J8ZQ5A6B7C8D9E0F1G2H3J4K',
    buyerName: 'Siêu thị Phố Xanh Hải Phòng',
    product: 'vai-thieu',
    category: 'fruit',
    quantityKg: 5000,
    maxPriceVndPerKg: 30000,
    neededFrom: '2027-06-10',
    neededTo: '2027-07-10',
    deliveryProvince: 'hai-phong',
  },
});
