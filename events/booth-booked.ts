/** BoothBooked: A cooperative booked a booth for one of its sellers. */
import * as z from 'zod/mini';
import { defineEvent } from '#events/envelope.ts';

export const BoothBooked = defineEvent({
  name: 'BoothBooked',
  source: 'ketnoi.fairs',
  version: 1,
  description: 'A cooperative booked a booth for one of its sellers.',
  data: z.object({
    bookingId: z.string(),
    fairId: z.string(),
    fairName: z.string(),
    sellerId: z.string(),
    sellerName: z.string(),
    province: z.string(),
    venue: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
  }),
  example: {
    bookingId: '01J8ZQ8D9E0F1G2H3J4K5M6N7P',
    fairId: '01J8ZQ7C8D9E0F1G2H3J4K5M6N',
    fairName: 'Hội chợ Nông sản và Sản phẩm OCOP vùng Duyên hải 2027',
    sellerId: '01J8ZQ3Y2N5J1S8WG4Q6A0B9CD',
    sellerName: 'HTX Vải thiều Phúc Lộc',
    province: 'hai-phong',
    venue: 'Trung tâm Hội chợ Triển lãm Hải Phòng',
    startsOn: '2027-09-10',
    endsOn: '2027-09-14',
  },
});
