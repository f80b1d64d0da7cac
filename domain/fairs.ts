/** Fairs (hội chợ), conferences and market days with a limited number of booths (gian hàng). */
import * as z from 'zod/mini';
import { categoryField, dateIssues, id, isoDate, optionalText, pageQuery, productField, provinceField, text } from '#domain/schemas.ts';
import { assertOwner, type Caller } from '#domain/access.ts';
import { ConflictError, NotFoundError, UnavailableError, ValidationError, fieldIssue, type FieldIssue } from '#domain/errors.ts';
import { assertVersion, newEntityMeta, nextVersion, todayInVietnam } from '#domain/versioning.ts';
import { getOwnedSeller } from '#domain/lookups.ts';
import type { Deps, Page, PageRequest } from '#domain/ports.ts';
import { kindField, FAIR_KIND_WORDS } from '#domain/kinds.ts';
import { FairReachInput } from '#domain/fair-reach.ts';
import { FAIR_KINDS, type Booking, type Fair, type FairStatus } from '#domain/fair-views.ts';
import { boothBooked, boothCancelled, fairCancelled, fairPublished } from '#domain/event-builders.ts';

const editable = {
  name: text(200),
  kind: kindField(FAIR_KINDS, FAIR_KIND_WORDS),
  province: provinceField,
  venue: text(300),
  startsOn: isoDate,
  endsOn: isoDate,
  registrationClosesOn: isoDate,
  boothCount: z.int().check(z.positive(), z.lte(5000)),
  products: z.optional(z.array(productField).check(z.maxLength(50))),
  categories: z.optional(z.array(categoryField).check(z.maxLength(10))),
  description: optionalText(4000),
  /** Optional fee per booth, VND. */
  boothFeeVnd: z.optional(z.int().check(z.gte(0), z.lte(1_000_000_000)).register(z.globalRegistry, { description: 'Fee per booth in VND (0 or absent: free); shown on each booking and in the exhibitor list', examples: [3_000_000] })),
  /** Whether the organiser approves each booking (pending → approved/rejected). */
  approvalRequired: z.optional(z.boolean().register(z.globalRegistry, { description: 'When true, bookings start `pending` and hold their booth until the organiser approves or rejects them', examples: [true] })),
  reach: z.optional(FairReachInput),
};

export const FairCreate = z.strictObject(editable);
export const FairPatch = z.strictObject({ ...z.partial(z.object(editable)).shape, version: z.optional(z.int()) });

export const FairSearchParams = z.strictObject({
  province: z.optional(provinceField),
  from: z.optional(isoDate),
  to: z.optional(isoDate),
  product: z.optional(productField),
  ...pageQuery,
});
export interface FairQuery {
  province?: string;
  from?: string;
  to?: string;
  product?: string;
}

export const BookingCreate = z.strictObject({
  sellerId: id,
  note: optionalText(500),
  /** Products the seller will show; defaults to those of its active listings. */
  products: z.optional(z.array(productField).check(z.maxLength(20)).register(z.globalRegistry, { description: "Products the seller will show; defaults to the products of the seller's active listings", examples: [['vai-thieu', 'nhan-long']] })),
});

/** The fair's date rules; `changed` limits the horizon rules to the dates a change sets. */
function checkDates(f: Pick<Fair, 'startsOn' | 'endsOn' | 'registrationClosesOn'>, today: string, changed?: ReadonlySet<string>) {
  const others: [string, string][] = [
    ['startsOn', f.startsOn],
    ['registrationClosesOn', f.registrationClosesOn],
  ];
  const issues: FieldIssue[] = dateIssues(today, { end: ['endsOn', f.endsOn], others }, changed);
  if (f.startsOn > f.endsOn) issues.push(fieldIssue('endsOn', 'window-order'));
  if (f.registrationClosesOn > f.startsOn) issues.push(fieldIssue('registrationClosesOn', 'dates-order'));
  if (issues.length) throw new ValidationError(issues);
}

/** Creates a fair as a draft owned by the calling organiser. */
export async function createFair(deps: Deps, caller: Caller, input: z.infer<typeof FairCreate>): Promise<Fair> {
  checkDates(input, todayInVietnam(deps.clock.now()));
  const fair: Fair = {
    ...input,
    products: [...new Set(input.products ?? [])],
    categories: [...new Set(input.categories ?? [])],
    bookedCount: 0,
    status: 'draft',
    ownerId: caller.sub,
    ...newEntityMeta(deps.ids.next(), deps.clock.now()),
  };
  await deps.fairs.create(fair);
  return fair;
}

/** Reads a fair. Drafts are visible to their organiser and admins only; others get 404. */
export async function getFair(deps: Deps, caller: Caller, fairId: string): Promise<Fair> {
  const fair = await deps.fairs.get(fairId);
  if (!fair) throw new NotFoundError('not-found', { resource: 'fair', id: fairId });
  if (fair.status === 'draft') assertOwner(caller, fair.ownerId, 'fair', { id: fairId, adminMay: true, hide: true });
  return fair;
}

async function getOwnedFair(deps: Deps, caller: Caller, fairId: string, adminMay = false) {
  const fair = await getFair(deps, caller, fairId);
  assertOwner(caller, fair.ownerId, 'fair', { id: fairId, adminMay });
  return fair;
}

/** Changes a fair at the version the caller read. Booth count cannot drop below booked booths. */
export async function updateFair(deps: Deps, caller: Caller, fairId: string, patch: z.infer<typeof FairPatch>, ifMatch: number | undefined): Promise<Fair> {
  const current = await getOwnedFair(deps, caller, fairId);
  if (current.status === 'cancelled') throw new ConflictError('invalid-state', { resource: 'fair', state: current.status, expected: 'draft or published' });
  const { version, ...changes } = patch;
  const next = nextVersion(current, changes as Partial<Fair>, ifMatch ?? version, 'fair', deps.clock.now());
  if (next.boothCount < current.bookedCount) {
    throw new ValidationError([fieldIssue('boothCount', 'below-booked', { min: current.bookedCount })]);
  }
  checkDates(next, todayInVietnam(deps.clock.now()), new Set(Object.keys(changes)));
  // The booked count changes under us as bookings arrive; the store keeps it out of this write.
  await deps.fairs.update(next);
  return next;
}

async function transition(deps: Deps, caller: Caller, fairId: string, ifMatch: number | undefined, from: FairStatus[], to: FairStatus): Promise<Fair> {
  const current = await getOwnedFair(deps, caller, fairId);
  // The version comes first: a stale one gets 412 even if the fair is already in the target state.
  assertVersion(current, ifMatch, 'fair');
  if (current.status === to) return current;
  if (!from.includes(current.status)) throw new ConflictError('invalid-state', { resource: 'fair', state: current.status, expected: from.join(' or ') });
  const now = deps.clock.now();
  const changes: Partial<Fair> = { status: to, ...(to === 'published' ? { publishedAt: now.toISOString() } : {}) };
  const next = nextVersion(current, changes, ifMatch, 'fair', now);
  const events = to === 'published' ? [fairPublished(deps, next)] : [fairCancelled(deps, next, await allBookings(deps, fairId))];
  await deps.fairs.update(next, events);
  return next;
}

/** Opens a draft fair to the public and to booth bookings. */
export const publishFair = (deps: Deps, caller: Caller, fairId: string, ifMatch?: number) => transition(deps, caller, fairId, ifMatch, ['draft'], 'published');
/** Cancels a fair; existing bookings stay on record, no new ones are taken. */
export const cancelFair = (deps: Deps, caller: Caller, fairId: string, ifMatch?: number) => transition(deps, caller, fairId, ifMatch, ['draft', 'published'], 'cancelled');

export async function searchFairs(deps: Deps, params: FairQuery, page: PageRequest): Promise<Page<Fair>> {
  return deps.fairs.search(params, page);
}

/** The fairs the caller organises, drafts included. */
export const myFairs = (deps: Deps, caller: Caller, page: PageRequest): Promise<Page<Fair>> => deps.mine.fairsOf(caller.sub, page);

/**
 * Booth-number collisions a booking survives beyond one per booth before answering 503 (busy).
 * A collision means another booking took the number meanwhile, so a booking can lose at most
 * once per booth (and once per booth freed by a cancellation meanwhile): it keeps trying until it
 * gets a booth or the fair is full, however slow the machine. A fixed 12 could answer 503 while
 * booths were free: when many cooperatives race for the last few, losing 12 in a row is likely.
 */
const EXTRA_BOOKING_ATTEMPTS = 12;

/** Books one booth at a published fair for a seller the caller owns. */
export async function bookBooth(deps: Deps, caller: Caller, fairId: string, input: z.infer<typeof BookingCreate>): Promise<Booking> {
  const fair = await getFair(deps, caller, fairId);
  const seller = await getOwnedSeller(deps, caller, input.sellerId);
  if (fair.status !== 'published') throw new ConflictError('invalid-state', { resource: 'fair', state: fair.status, expected: 'published' });
  const now = deps.clock.now();
  const today = todayInVietnam(now);
  if (today > fair.registrationClosesOn) throw new ConflictError('registration-closed', { date: fair.registrationClosesOn });
  const products = input.products ?? [...new Set((await deps.listings.search({ sellerId: seller.id, status: 'active' }, { limit: 100 })).items.map((l) => l.product))];
  const base: Booking = {
    id: deps.ids.next(),
    fairId,
    sellerId: seller.id,
    sellerName: seller.name,
    sellerKind: seller.kind,
    sellerProvince: seller.province,
    products: [...new Set(products)],
    contact: seller.contact,
    certifications: seller.certifications.map(({ type, stars, validUntil }) => ({ type, stars, validUntil })),
    ownerId: caller.sub,
    fairOwnerId: fair.ownerId,
    note: input.note,
    status: fair.approvalRequired ? 'pending' : 'approved',
    ...(fair.boothFeeVnd ? { feeVnd: fair.boothFeeVnd } : {}),
    version: 1,
    createdAt: now.toISOString(),
  };
  // The lowest free booth number. Bookings arriving together read the same free numbers: after
  // a collision each picks at random among all the free ones, so that a rush of cooperatives
  // (a fair opening its registration) spreads over the booths instead of colliding on the first.
  let outcome: Awaited<ReturnType<typeof deps.bookings.book>> = { ok: false, reason: 'booth-taken' };
  let booking = base;
  for (let attempt = 0; attempt < fair.boothCount + EXTRA_BOOKING_ATTEMPTS && !outcome.ok && outcome.reason === 'booth-taken'; attempt++) {
    const taken = new Set(await deps.bookings.boothNumbers(fairId));
    const free: number[] = [];
    for (let n = 1; n <= fair.boothCount && (attempt > 0 || free.length === 0); n++) if (!taken.has(n)) free.push(n);
    if (free.length === 0) throw new ConflictError('fair-full', { boothCount: fair.boothCount });
    booking = { ...base, boothNumber: free[Math.floor(Math.random() * free.length)] };
    outcome = await deps.bookings.book(booking, today, [boothBooked(deps, booking, fair)]);
  }
  if (outcome.ok) return booking;
  switch (outcome.reason) {
    case 'booth-taken':
      throw new UnavailableError('busy-retry');
    case 'fair-full':
      throw new ConflictError('fair-full', { boothCount: fair.boothCount });
    case 'already-booked':
      throw new ConflictError('already-booked');
    case 'registration-closed':
      throw new ConflictError('registration-closed', { date: fair.registrationClosesOn });
    case 'not-published':
      throw new ConflictError('invalid-state', { resource: 'fair', state: 'not published', expected: 'published' });
    case 'fair-missing':
      throw new NotFoundError('not-found', { resource: 'fair', id: fairId });
  }
}

/** Every booking of a fair (for the audience of a cancellation). */
async function allBookings(deps: Deps, fairId: string): Promise<Booking[]> {
  const all: Booking[] = [];
  let cursor: string | undefined;
  do {
    const page = await deps.bookings.listByFair(fairId, { limit: 100, cursor });
    all.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor);
  return all;
}

/** Lists a fair's bookings: its organiser and admins only. */
export async function listBookings(deps: Deps, caller: Caller, fairId: string, page: PageRequest): Promise<Page<Booking>> {
  await getOwnedFair(deps, caller, fairId, true);
  return deps.bookings.listByFair(fairId, page);
}

/** Frees a booth: the cooperative that booked it or the fair's organiser. */
export async function cancelBooking(deps: Deps, caller: Caller, fairId: string, bookingId: string): Promise<void> {
  const booking = await deps.bookings.get(fairId, bookingId);
  if (!booking) throw new NotFoundError('not-found', { resource: 'booking', id: bookingId });
  assertOwner(caller, [booking.ownerId, booking.fairOwnerId], 'booking', { id: bookingId });
  const fair = await deps.fairs.get(fairId);
  const removed = await deps.bookings.cancel(booking, fair ? [boothCancelled(deps, booking, fair)] : []);
  if (!removed) throw new NotFoundError('not-found', { resource: 'booking', id: bookingId });
}

