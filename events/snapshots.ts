/**
 * Data shapes shared by several events: the match events carry the same match snapshot, the
 * fair events the same fair, the booth events the same booking.
 */
import * as z from 'zod/mini';

/** One side of a match: its public summary, and its contact in `MatchConfirmed` only (domain/parties.ts). */
export const PartySnapshot = () =>
  z.object({
  id: z.string(),
  name: z.string(),
  kind: z.string(),
  province: z.string(),
  certifications: z.array(z.object({ type: z.string(), stars: z.optional(z.number()), validUntil: z.string(), verification: z.optional(z.string()) })),
  reviewFlags: z.optional(z.array(z.string())),
  contact: z.optional(z.object({ name: z.optional(z.string()), phone: z.optional(z.string()), email: z.optional(z.string()) })),
});

/** A snapshot of the match after the change, with what a consumer needs to act on it. */
export const MatchSnapshot = () =>
  z.object({
  matchId: z.string(),
  listingId: z.string(),
  demandId: z.string(),
  sellerId: z.string(),
  buyerId: z.string(),
  product: z.string(),
  sellerProvince: z.string(),
  deliveryProvince: z.string(),
  distanceKm: z.number(),
  priceVndPerKg: z.optional(z.number()),
  proposedKg: z.number(),
  score: z.number(),
  window: z.object({ from: z.string(), to: z.string(), days: z.number() }),
  reasons: z.object({ vi: z.array(z.string()), en: z.array(z.string()) }),
  status: z.string(),
  sellerDecision: z.string(),
  buyerDecision: z.string(),
  confirmedKg: z.optional(z.number()),
  decidedBy: z.optional(z.enum(['seller', 'buyer'])),
  /** Who sells and who buys (added when the event is handled; contacts only once confirmed). */
  seller: z.optional(PartySnapshot()),
  buyer: z.optional(PartySnapshot()),
  /** In `MatchConfirmed`: what each side does next, in Vietnamese and English. */
  nextStep: z.optional(z.object({ seller: z.object({ vi: z.string(), en: z.string() }), buyer: z.object({ vi: z.string(), en: z.string() }) })),
});

export const matchExample = (over: Partial<z.infer<ReturnType<typeof MatchSnapshot>>>): z.infer<ReturnType<typeof MatchSnapshot>> => ({

  matchId: 'MWDM05E328S40RNHV99RWHM4WD',
  listingId: '01J8ZQ4V3M6K2T9XH5R7B1C0DE',
  demandId: '01J8ZQ6B7C8D9E0F1G2H3J4K5M',
  sellerId: '01J8ZQ3Y2N5J1S8WG4Q6A0B9CD',
  buyerId: '01J8ZQ5A6B7C8D9E0F1G2H3J4K',
  product: 'vai-thieu',
  sellerProvince: 'bac-ninh',
  deliveryProvince: 'hai-phong',
  distanceKm: 70.2,
  priceVndPerKg: 25000,
  proposedKg: 5000,
  score: 0.8123,
  window: { from: '2027-06-10', to: '2027-07-10', days: 31 },
  reasons: { vi: ['Giá 25.000 ₫/kg thấp hơn 17% so với giá tối đa 30.000 ₫/kg'], en: ['Price 25,000 ₫/kg is 17% under your maximum of 30,000 ₫/kg'] },
  status: 'proposed',
  sellerDecision: 'pending',
  buyerDecision: 'pending',
  ...over,
});

/** The fair as published or cancelled. */
export const FairSnapshot = () =>
  z.object({
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
  });

export const fairExample = (over: Partial<z.infer<ReturnType<typeof FairSnapshot>>>): z.infer<ReturnType<typeof FairSnapshot>> => ({

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
  bookedCount: 0,
  products: ['vai-thieu', 'nhan-long'],
  categories: ['processed_ocop'],
  ...over,
});

/** A booking with the fair's name, place and dates. */
export const BoothSnapshot = () =>
  z.object({
  bookingId: z.string(),
  fairId: z.string(),
  fairName: z.string(),
  sellerId: z.string(),
  sellerName: z.string(),
  province: z.string(),
  venue: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  });

export const boothExample: z.infer<ReturnType<typeof BoothSnapshot>> = {
  bookingId: '01J8ZQ8D9E0F1G2H3J4K5M6N7P',
  fairId: '01J8ZQ7C8D9E0F1G2H3J4K5M6N',
  fairName: 'Hội chợ Nông sản và Sản phẩm OCOP vùng Duyên hải 2027',
  sellerId: '01J8ZQ3Y2N5J1S8WG4Q6A0B9CD',
  sellerName: 'HTX Vải thiều Phúc Lộc',
  province: 'hai-phong',
  venue: 'Trung tâm Hội chợ Triển lãm Hải Phòng',
  startsOn: '2027-09-10',
  endsOn: '2027-09-14',
  };
