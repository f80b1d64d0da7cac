/** FairCancelled: An organiser cancelled a fair; sellers holding booths are in the audience. */
import * as z from 'zod/mini';
import { defineEvent } from '#events/envelope.ts';

export const FairCancelled = defineEvent({
  name: 'FairCancelled',
  source: 'ketnoi.fairs',
  version: 1,
  description: 'An organiser cancelled a fair; sellers holding booths are in the audience.',
  data: z.object({
    fairId: z.string(),
    organiserSub: z.string(),
    name: z.string(),
    kind: z.string(),
    province: z.string(),
    venue: z.string(),
    startsOn: z.string(),
    endsOn: z.string(),
    registrationClosesOn: z.string(),
    boothCount: z.number(),
    bookedCount: z.number(),
    products: z.array(z.string()),
    categories: z.array(z.string()),
  }),
  example: {
    fairId: '01J8ZQ7C8D9E0F1G2H3J4K5M6N',
    organiserSub: 'org-haiphong',
    name: 'Hội chợ Nông sản và Sản phẩm OCOP vùng Duyên hải 2027',
    kind: 'fair',
    province: 'hai-phong',
    venue: 'Trung tâm Hội chợ Triển lãm Hải Phòng',
    startsOn: '2027-09-10',
    endsOn: '2027-09-14',
    registrationClosesOn: '2027-08-31',
    boothCount: 330,
    bookedCount: 12,
    products: ['vai-thieu', 'nhan-long'],
    categories: ['processed_ocop'],
  },
});
