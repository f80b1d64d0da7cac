/**
 * Builds the domain events the use cases record with their state changes (see events/ for the
 * schemas). Each carries what a consumer needs, and its audience: the users and profiles whose
 * inboxes and webhooks it concerns.
 */
import type * as z from 'zod/mini';
import type { Envelope, EventDefinition } from '#events/envelope.ts';
import { ListingPublished } from '#events/listing-published.ts';
import { DemandPosted } from '#events/demand-posted.ts';
import { MatchProposed } from '#events/match-proposed.ts';
import { MatchAccepted } from '#events/match-accepted.ts';
import { MatchConfirmed } from '#events/match-confirmed.ts';
import { MatchDeclined } from '#events/match-declined.ts';
import { FairPublished } from '#events/fair-published.ts';
import { FairCancelled } from '#events/fair-cancelled.ts';
import { BoothBooked } from '#events/booth-booked.ts';
import { BoothCancelled } from '#events/booth-cancelled.ts';
import type { Deps } from '#domain/ports.ts';
import type { Listing } from '#domain/listings.ts';
import type { Demand } from '#domain/demands.ts';
import type { Fair, Booking } from '#domain/fair-views.ts';
import type { Match } from '#domain/matching/matches.ts';

type Ids = Pick<Deps, 'ids' | 'clock'>;

export function envelope<D extends z.ZodMiniType>(deps: Ids, def: EventDefinition<D>, subject: string, audience: Partial<Envelope['audience']>, data: z.infer<D>): Envelope {
  return {
    id: deps.ids.next(),
    name: def.name,
    source: def.source,
    version: def.version,
    time: deps.clock.now().toISOString(),
    subject,
    audience: { subs: [...new Set(audience.subs ?? [])], sellerIds: audience.sellerIds ?? [], buyerIds: audience.buyerIds ?? [] },
    data: JSON.parse(JSON.stringify(data)) as Record<string, unknown>,
  };
}

export const listingPublished = (deps: Ids, l: Listing) =>
  envelope(deps, ListingPublished, l.id, { subs: [l.ownerId], sellerIds: [l.sellerId] }, {
    listingId: l.id,
    sellerId: l.sellerId,
    sellerName: l.sellerName,
    product: l.product,
    productName: l.productName,
    category: l.category,
    province: l.province,
    quantityKg: l.quantityKg,
    minOrderKg: l.minOrderKg,
    priceVndPerKg: l.priceVndPerKg,
    availableFrom: l.availableFrom,
    availableTo: l.availableTo,
    certifications: l.certifications.map((c) => c.type),
  });

export const demandPosted = (deps: Ids, d: Demand) =>
  envelope(deps, DemandPosted, d.id, { subs: [d.ownerId], buyerIds: [d.buyerId] }, {
    demandId: d.id,
    buyerId: d.buyerId,
    buyerName: d.buyerName,
    product: d.product,
    category: d.category,
    quantityKg: d.quantityKg,
    maxPriceVndPerKg: d.maxPriceVndPerKg,
    neededFrom: d.neededFrom,
    neededTo: d.neededTo,
    deliveryProvince: d.deliveryProvince,
  });

const MATCH_EVENTS = { proposed: MatchProposed, accepted: MatchAccepted, confirmed: MatchConfirmed, declined: MatchDeclined };

/** A match event; both parties are in the audience. */
export const matchEvent = (deps: Ids, kind: keyof typeof MATCH_EVENTS, m: Match, decidedBy?: 'seller' | 'buyer') =>
  envelope(deps, MATCH_EVENTS[kind], m.id, { subs: [m.sellerOwnerId, m.buyerOwnerId], sellerIds: [m.sellerId], buyerIds: [m.buyerId] }, {
    matchId: m.id,
    listingId: m.listingId,
    demandId: m.demandId,
    sellerId: m.sellerId,
    buyerId: m.buyerId,
    product: m.product,
    sellerProvince: m.sellerProvince,
    deliveryProvince: m.deliveryProvince,
    distanceKm: m.distanceKm,
    priceVndPerKg: m.priceVndPerKg,
    proposedKg: m.proposedKg,
    score: m.score,
    window: m.window,
    reasons: m.reasons,
    status: m.status,
    sellerDecision: m.sellerDecision,
    buyerDecision: m.buyerDecision,
    confirmedKg: m.confirmedKg,
    decidedBy,
  });

const fairData = (f: Fair) => ({
  fairId: f.id,
  organiserSub: f.ownerId,
  name: f.name,
  kind: f.kind,
  province: f.province,
  venue: f.venue,
  startsOn: f.startsOn,
  endsOn: f.endsOn,
  registrationClosesOn: f.registrationClosesOn,
  boothCount: f.boothCount,
  bookedCount: f.bookedCount,
  products: f.products,
  categories: f.categories,
});

export const fairPublished = (deps: Ids, f: Fair) => envelope(deps, FairPublished, f.id, { subs: [f.ownerId] }, fairData(f));

/** A cancelled fair concerns its organiser and every seller holding a booth. */
export const fairCancelled = (deps: Ids, f: Fair, bookings: Booking[]) =>
  envelope(deps, FairCancelled, f.id, { subs: [f.ownerId, ...bookings.map((b) => b.ownerId)], sellerIds: bookings.map((b) => b.sellerId) }, fairData(f));

const boothData = (b: Booking, f: Pick<Fair, 'name' | 'province' | 'venue' | 'startsOn' | 'endsOn'>) => ({
  bookingId: b.id,
  fairId: b.fairId,
  fairName: f.name,
  sellerId: b.sellerId,
  sellerName: b.sellerName,
  province: f.province,
  venue: f.venue,
  startsOn: f.startsOn,
  endsOn: f.endsOn,
});

export const boothBooked = (deps: Ids, b: Booking, f: Fair) => envelope(deps, BoothBooked, b.id, { subs: [b.ownerId, b.fairOwnerId], sellerIds: [b.sellerId] }, boothData(b, f));
export const boothCancelled = (deps: Ids, b: Booking, f: Fair) => envelope(deps, BoothCancelled, b.id, { subs: [b.ownerId, b.fairOwnerId], sellerIds: [b.sellerId] }, boothData(b, f));
