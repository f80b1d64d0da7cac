/**
 * Ports: what the use cases need from the outside world. The DynamoDB adapters in
 * `functions/data/` implement them; tests may pass the same adapters against DynamoDB Local.
 */
import type { Seller } from '#domain/sellers.ts';
import type { Buyer } from '#domain/buyers.ts';
import type { Listing, ListingQuery } from '#domain/listings.ts';
import type { Demand, DemandQuery } from '#domain/demands.ts';
import type { Fair, FairQuery, Booking } from '#domain/fairs.ts';
import type { Match } from '#domain/matching/matches.ts';
import type { DemandSide, SupplySide } from '#domain/matching/rules.ts';
import type { StatsDelta, StatsQuery, StatsRow } from '#domain/stats.ts';
import type { FairSuggestion } from '#domain/matching/fair-suggestions.ts';

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

/** What a candidate query returned, with what it cost: the benchmark reports these. */
export interface CandidateRead<T> {
  items: T[];
  /** Items DynamoDB read (ScannedCount), including those a filter expression dropped. */
  itemsRead: number;
  /** Read capacity units consumed. */
  readCapacity: number;
  queries: number;
}

/** The matching index (derived from listings and demands) and its candidate queries. */
export interface MatchIndex {
  syncListing(prev: Listing | undefined, next: Listing | undefined): Promise<void>;
  syncDemand(prev: Demand | undefined, next: Demand | undefined): Promise<void>;
  demandsFor(listing: Listing): Promise<CandidateRead<DemandSide & { ownerId: string }>>;
  listingsFor(demand: DemandSide): Promise<CandidateRead<SupplySide & { ownerId: string }>>;
  /** Active supply of these products (or `cat:<category>` keys) in these provinces, available on or after `from`. */
  supplyIn(keys: string[], provinces: string[], from: string): Promise<(SupplySide & { ownerId: string })[]>;
  demandPartitionsFor(listing: Pick<Listing, 'product' | 'category' | 'province'>): string[];
  supplyPartitionsFor(demand: DemandSide): string[];
}

export type ConfirmOutcome = { ok: true } | { ok: false; reason: 'listing' | 'demand' | 'match' };

export interface MatchRepository {
  get(id: string): Promise<Match | undefined>;
  listByListing(listingId: string): Promise<Match[]>;
  listByDemand(demandId: string): Promise<Match[]>;
  /**
   * Creates the match, or refreshes it if it is still proposed or was superseded. Never
   * touches a declined, confirmed or expired match. Safe to repeat (deterministic ids).
   */
  propose(match: Match): Promise<'created' | 'updated' | 'unchanged' | 'skipped'>;
  /** Marks a proposed match superseded (allocation gave it nothing, or a side went away). */
  supersede(match: Match, status: 'superseded' | 'expired', now: string): Promise<boolean>;
  /** Writes a decision at the next version; 412 if the match changed meanwhile. */
  update(next: Match): Promise<void>;
  /** Confirms and reserves the volume on both sides in one transaction. */
  confirm(next: Match): Promise<ConfirmOutcome>;
}

export interface FairSuggestionRepository {
  /** Records a suggestion once; returns false if it was already recorded. */
  record(s: FairSuggestion & { sellerId: string; ownerId: string }, at: string): Promise<boolean>;
}

export interface StatsRepository {
  /** Applies counter changes once per stream event id (re-delivery does not double count). */
  apply(eventId: string, deltas: StatsDelta[]): Promise<boolean>;
  query(q: StatsQuery): Promise<StatsRow[]>;
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
  matchIndex: MatchIndex;
  matches: MatchRepository;
  stats: StatsRepository;
  fairSuggestions: FairSuggestionRepository;
  clock: Clock;
  ids: IdGenerator;
}
