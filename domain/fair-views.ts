/**
 * A fair and a booking as the API shows them (their output schemas, statuses and types), apart
 * from the fairs' use cases and input schemas: the matching's fair suggestions and the "me"
 * routes show fairs and bookings, and importing domain/fairs.ts would build its schemas in
 * those functions at every cold start.
 */
import * as z from 'zod/mini';
import { id, meta } from '#domain/schemas.ts';
import { effectiveReach, FairReachOut } from '#domain/fair-reach.ts';

export const FAIR_KINDS = ['fair', 'exhibition', 'conference', 'market_day'] as const;
export const FAIR_STATUSES = ['draft', 'published', 'cancelled'] as const;
export type FairStatus = (typeof FAIR_STATUSES)[number];

export const FairOut = z.object({
  id,
  ownerId: z.string(),
  name: z.string(),
  kind: z.enum(FAIR_KINDS),
  province: z.string(),
  venue: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  registrationClosesOn: z.string(),
  boothCount: z.number(),
  bookedCount: z.number(),
  availableBooths: z.number(),
  products: z.array(z.string()),
  categories: z.array(z.string()),
  description: z.optional(z.string()),
  status: z.enum(FAIR_STATUSES),
  publishedAt: z.optional(z.string()),
  boothFeeVnd: z.optional(z.number()),
  approvalRequired: z.optional(z.boolean()),
  reach: z.optional(FairReachOut),
  ...meta,
});
export type Fair = Omit<z.infer<typeof FairOut>, 'availableBooths'>;
/** Adds the derived free-booth figure for output. */
export const fairView = (f: Fair) => ({ ...f, reach: effectiveReach(f), availableBooths: Math.max(0, f.boothCount - f.bookedCount) });

export const BOOKING_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type BookingStatus = (typeof BOOKING_STATUSES)[number];

export const BookingOut = z.object({
  id,
  fairId: z.string(),
  sellerId: z.string(),
  sellerName: z.string(),
  ownerId: z.string(),
  note: z.optional(z.string()),
  /** Booth number, 1…boothCount; auto-assigned, the organiser may change it. */
  boothNumber: z.optional(z.number().register(z.globalRegistry, { description: 'Booth number from 1 to the fair’s boothCount: the lowest free one at booking, the organiser may reassign it', examples: [12] })),
  status: z.optional(z.enum(BOOKING_STATUSES).register(z.globalRegistry, { description: '`approved` at once when the fair needs no approval; else `pending` until the organiser decides. A rejected booking frees its booth', examples: ['pending'] })),
  sellerKind: z.optional(z.string()),
  sellerProvince: z.optional(z.string().register(z.globalRegistry, { description: "Province code of the seller (the exhibitor's home province)", examples: ['bac-ninh'] })),
  products: z.optional(z.array(z.string()).register(z.globalRegistry, { description: 'Product codes the exhibitor shows', examples: [['vai-thieu']] })),
  contact: z.optional(z.object({ name: z.optional(z.string()), phone: z.optional(z.string()), email: z.optional(z.string()) })),
  certifications: z.optional(z.array(z.object({ type: z.string(), stars: z.optional(z.number()), validUntil: z.string() }))),
  feeVnd: z.optional(z.number().register(z.globalRegistry, { description: 'The booth fee at the time of booking, VND', examples: [3_000_000] })),
  version: z.optional(z.number()),
  createdAt: z.string(),
});
export type Booking = z.infer<typeof BookingOut> & { fairOwnerId: string };
