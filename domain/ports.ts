/**
 * Ports: what the use cases need from the outside world. The DynamoDB adapters in
 * `functions/data/` implement them; tests may pass the same adapters against DynamoDB Local.
 */
import type { Seller } from '#domain/sellers.ts';
import type { Buyer } from '#domain/buyers.ts';
import type { Listing, ListingQuery } from '#domain/listings.ts';
import type { Demand, DemandQuery } from '#domain/demands.ts';
import type { Fair, FairQuery, Booking } from '#domain/fairs.ts';

export interface Page<T> {
  items: T[];
  /** Opaque, encrypted; give it back to get the next page. */
  nextCursor?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

/** Basic persistence of one versioned entity kind. `update` fails with 412 on a stale version. */
export interface EntityRepository<T extends { id: string; version: number }> {
  create(entity: T): Promise<void>;
  get(id: string): Promise<T | undefined>;
  /** Writes `next` if the stored version is still `next.version - 1`. */
  update(next: T): Promise<void>;
}

export interface SellerRepository extends EntityRepository<Seller> {
  listByOwner(ownerId: string, page: PageRequest): Promise<Page<Seller>>;
}
export interface BuyerRepository extends EntityRepository<Buyer> {
  listByOwner(ownerId: string, page: PageRequest): Promise<Page<Buyer>>;
}
export interface ListingRepository extends EntityRepository<Listing> {
  search(query: ListingQuery, page: PageRequest): Promise<Page<Listing>>;
}
export interface DemandRepository extends EntityRepository<Demand> {
  search(query: DemandQuery, page: PageRequest): Promise<Page<Demand>>;
}
export interface FairRepository extends EntityRepository<Fair> {
  search(query: FairQuery, page: PageRequest): Promise<Page<Fair>>;
}

export type BookingOutcome =
  | { ok: true }
  | { ok: false; reason: 'fair-full' | 'already-booked' | 'registration-closed' | 'not-published' | 'fair-missing' };

export interface BookingRepository {
  /** Atomically takes a booth: the fair's booked count and the booking rise together or not at all. */
  book(booking: Booking, today: string): Promise<BookingOutcome>;
  get(fairId: string, bookingId: string): Promise<Booking | undefined>;
  /** Atomically frees the booth. Returns false if the booking was already gone. */
  cancel(booking: Booking): Promise<boolean>;
  listByFair(fairId: string, page: PageRequest): Promise<Page<Booking>>;
}

export interface Clock {
  now(): Date;
}
export interface IdGenerator {
  next(): string;
}

/** Everything the use cases may touch, passed in as an argument. */
export interface Deps {
  sellers: SellerRepository;
  buyers: BuyerRepository;
  listings: ListingRepository;
  demands: DemandRepository;
  fairs: FairRepository;
  bookings: BookingRepository;
  clock: Clock;
  ids: IdGenerator;
}
