/**
 * Ports: what the use cases need from the outside world. The DynamoDB adapters in
 * `functions/data/` implement them; tests may pass the same adapters against DynamoDB Local.
 */
import type { Seller } from '#domain/sellers.ts';
import type { Envelope } from '#events/envelope.ts';
import type { Buyer } from '#domain/buyers.ts';
import type { Listing, ListingQuery } from '#domain/listings.ts';
import type { Demand, DemandQuery } from '#domain/demands.ts';
import type { Fair, FairQuery, Booking } from '#domain/fairs.ts';
import type { Match } from '#domain/matching/matches.ts';
import type { DemandSide, SupplySide } from '#domain/matching/rules.ts';
import type { StatsDelta, StatsQuery, StatsRow } from '#domain/stats.ts';
import type { FairSuggestion } from '#domain/matching/fair-suggestions.ts';
import type { Webhook, WebhookProfile } from '#domain/webhooks.ts'; // webhooks
import type { Delivery, DeliveryStatus } from '#domain/webhook-delivery.ts'; // webhooks
import type { Notification, NotificationInput } from '#domain/notifications.ts';

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
/**
 * Basic persistence of one versioned entity kind. Events passed to a write are recorded in the
 * same transaction (outbox), then relayed to the event bus from the table's stream.
 */
export interface EntityRepository<T extends { id: string; version: number }> {
  create(entity: T, events?: Envelope[]): Promise<void>;
  get(id: string): Promise<T | undefined>;
  /** Writes `next` if the stored version is still `next.version - 1`. */
  update(next: T, events?: Envelope[]): Promise<void>;
}

export interface SellerRepository extends EntityRepository<Seller> {
  listByOwner(ownerId: string, page: PageRequest): Promise<Page<Seller>>;
  /** Records that this seller uses its tax code (idempotent). */
  claimTaxCode(seller: Pick<Seller, 'id' | 'ownerId' | 'taxCode'>): Promise<void>;
  /** The sellers (and their owners) that registered this tax code. */
  taxCodeHolders(taxCode: string): Promise<{ sellerId: string; ownerId: string }[]>;
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
  book(booking: Booking, today: string, events?: Envelope[]): Promise<BookingOutcome>;
  get(fairId: string, bookingId: string): Promise<Booking | undefined>;
  /** Atomically frees the booth. Returns false if the booking was already gone. */
  cancel(booking: Booking, events?: Envelope[]): Promise<boolean>;
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
  propose(match: Match, events?: Envelope[]): Promise<'created' | 'updated' | 'unchanged' | 'skipped'>;
  /** Marks a proposed match superseded (allocation gave it nothing, or a side went away). */
  supersede(match: Match, status: 'superseded' | 'expired', now: string): Promise<boolean>;
  /** Writes a decision at the next version; 412 if the match changed meanwhile. */
  update(next: Match, events?: Envelope[]): Promise<void>;
  /** Confirms and reserves the volume on both sides in one transaction. */
  confirm(next: Match, events?: Envelope[]): Promise<ConfirmOutcome>;
}

export interface FairSuggestionRepository {
  /** Records a suggestion once; returns false if it was already recorded. */
  record(s: FairSuggestion & { sellerId: string; ownerId: string }, at: string): Promise<boolean>;
}

/** Anything that can put a message in a user's inbox (deduplicated by `dedupeKey`). */
export interface NotificationSink {
  notify(input: NotificationInput): Promise<void>;
}

export interface NotificationRepository extends NotificationSink {
  /** Adds a notification once per dedupe key; false if it was already there. */
  add(input: NotificationInput): Promise<boolean>;
  list(sub: string, unreadOnly: boolean, page: PageRequest): Promise<Page<Notification>>;
  markRead(sub: string, id: string): Promise<Notification | undefined>;
}

export interface StatsRepository {
  /** Applies counter changes once per stream event id (re-delivery does not double count). */
  apply(eventId: string, deltas: StatsDelta[]): Promise<boolean>;
  query(q: StatsQuery): Promise<StatsRow[]>;
}

/** Where relayed events go: EventBridge in AWS, an in-process bus locally. */
export interface EventBus {
  publish(events: Envelope[]): Promise<void>;
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
  notifications: NotificationRepository;
  mine: MineRepository;
  bus: EventBus;
  clock: Clock;
  ids: IdGenerator;
}

// ---- My things (domain/me.ts, functions/data/mine.ts) ------------------------------------------

export type MatchSide = 'seller' | 'buyer';

/** What the signed-in user owns and what waits for them, by index Queries (never a Scan). */
export interface MineRepository {
  /** Keeps the per-owner entries of a match in step with it (called from the stream; idempotent, never goes back a version). */
  syncMatch(match: Match): Promise<void>;
  /** The user's matches on either or one side, optionally in one status, one decision of theirs and one profile. */
  matchesOf(sub: string, q: { status?: Match['status']; side?: MatchSide }, page: PageRequest): Promise<Page<Match>>;
  countMatches(sub: string, q: { status?: Match['status']; side?: MatchSide; decision?: Match['sellerDecision']; profileId?: string }): Promise<number>;
  countListings(sellerId: string, status: Listing['status']): Promise<number>;
  countDemands(buyerId: string, status: Demand['status']): Promise<number>;
  countUnread(sub: string): Promise<number>;
  /** The fairs the user organises, drafts included. */
  fairsOf(sub: string, page: PageRequest): Promise<Page<Fair>>;
  /** The booth bookings of the user's sellers. */
  bookingsOf(sub: string, page: PageRequest): Promise<Page<Booking>>;
  /**
   * Claims the right to announce a state (`stateKey`) to `sub` for event `eventId`: true the first
   * time, and again for the same event (a re-delivery finishes its work); false for another event.
   */
  claimNotice(sub: string, stateKey: string, eventId: string): Promise<boolean>;
  /** Seller and buyer profiles by id, in one batch read. */
  profiles(sellerIds: string[], buyerIds: string[]): Promise<{ sellers: Map<string, Seller>; buyers: Map<string, Buyer> }>;
}

// ---- Webhooks (domain/webhooks.ts, domain/webhook-delivery.ts) -------------------------------

/** Registered endpoints: `WEBHOOK#<id>` / `A`, listed per profile on gsi2. */
export interface WebhookRepository extends EntityRepository<Webhook> {
  listByProfile(profile: WebhookProfile, page: PageRequest): Promise<Page<Webhook>>;
  /** Every endpoint of a profile (at most MAX_WEBHOOKS_PER_PROFILE). */
  allOfProfile(profile: WebhookProfile): Promise<Webhook[]>;
  remove(id: string): Promise<void>;
}

/** Deliveries of events to endpoints, and the index of those due. */
export interface DeliveryRepository {
  /** Writes a new delivery; false if one with this (deterministic) id exists: one per endpoint and event. */
  create(delivery: Delivery): Promise<boolean>;
  get(webhookId: string, deliveryId: string): Promise<Delivery | undefined>;
  /** Newest first; optionally only those in one status. */
  listByWebhook(webhookId: string, page: PageRequest, status?: DeliveryStatus): Promise<Page<Delivery>>;
  /** Pending deliveries whose next attempt is due at `now` (ISO), earliest first: a Query, never a Scan. */
  due(now: string, limit: number): Promise<Delivery[]>;
  /**
   * Replaces the delivery with `next` if the stored one still has the attempt count, status and
   * claim of `expected` (the copy it was computed from); false otherwise.
   */
  replaceIf(next: Delivery, expected: Delivery): Promise<boolean>;
}

/** DNS, behind a port so tests can make a host resolve anywhere. */
export interface HostResolver {
  /** Every address (IPv4 and IPv6) the host resolves to; empty or a throw when it does not. */
  resolve(hostname: string): Promise<string[]>;
}

export type WebhookTransportResult = { statusCode: number; retryAfter?: string } | { error: string };

/** Sends one signed POST, connecting to `address` (already checked) for `url`'s host. */
export interface WebhookTransport {
  post(request: { url: string; address: string; headers: Record<string, string>; body: string; timeoutMs: number }): Promise<WebhookTransportResult>;
}

export interface WebhookSettings {
  /** KETNOI_MODE=local: http and loopback endpoints are allowed. */
  localMode: boolean;
  /** Multiplies every retry delay (WEBHOOK_TIME_SCALE; 1 in production, e.g. 0.001 in tests). */
  timeScale: number;
}

/** What webhook use cases need besides {@link Deps} (they notify owners through `Deps.notifications`). */
export interface WebhookDeps {
  webhooks: WebhookRepository;
  deliveries: DeliveryRepository;
  resolver: HostResolver;
  transport: WebhookTransport;
  webhookSettings: WebhookSettings;
}
