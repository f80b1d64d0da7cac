/**
 * Ports: what the use cases need from the outside world. The DynamoDB adapters in
 * `functions/data/` implement them; tests may pass the same adapters against DynamoDB Local.
 */
import type { Seller } from '#domain/sellers.ts';
import type { Envelope } from '#events/envelope.ts';
import type { Buyer } from '#domain/buyers.ts';
import type { Listing, ListingQuery } from '#domain/listings.ts';
import type { Demand, DemandQuery } from '#domain/demands.ts';
import type { FairQuery } from '#domain/fairs.ts';
import type { Fair, Booking } from '#domain/fair-views.ts';
import type { Match, MatchStatus } from '#domain/matching/matches.ts';
import type { DemandSide, SupplySide } from '#domain/matching/rules.ts';
import type { DemandNode, SupplyNode } from '#domain/matching/market.ts';
import type { StatsDelta, StatsQuery, StatsRow } from '#domain/stats.ts';
import type { FairSuggestion } from '#domain/matching/fair-suggestions.ts';
import type { Webhook, WebhookProfile } from '#domain/webhooks.ts';
import type { Delivery, DeliveryStatus } from '#domain/webhook-delivery.ts';
import type { FieldMessageCode } from '#domain/messages.ts';
import type { Notification, NotificationInput } from '#domain/notifications.ts';
import type { Role } from '#domain/access.ts';
import type { Lang } from '#domain/messages.ts';
import type { RoleRequest, RoleRequestStatus } from '#domain/role-requests.ts';
import type { AlertDelivery, AlertPreferences } from '#domain/alerts.ts';

export interface Page<T> {
  items: T[];
  /** Opaque, encrypted; give it back to get the next page. */
  nextCursor?: string;
}

export interface PageRequest {
  limit: number;
  cursor?: string;
}

/**
 * Basic persistence of one versioned entity kind; `update` fails with 412 on a stale version.
 * Events passed to a write are recorded in the
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
  /** Sellers with a certificate awaiting verification, of one province or all, oldest change first. */
  listAwaitingVerification(province: string | undefined, page: PageRequest): Promise<Page<Seller>>;
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
  | { ok: false; reason: 'fair-full' | 'already-booked' | 'registration-closed' | 'not-published' | 'fair-missing' | 'booth-taken' };

export interface BookingRepository {
  /** Atomically takes a booth: the fair's booked count and the booking rise together or not at all. */
  book(booking: Booking, today: string, events?: Envelope[]): Promise<BookingOutcome>;
  get(fairId: string, bookingId: string): Promise<Booking | undefined>;
  /** Atomically frees the booth. Returns false if the booking was already gone. */
  cancel(booking: Booking, events?: Envelope[]): Promise<boolean>;
  listByFair(fairId: string, page: PageRequest): Promise<Page<Booking>>;
  /** Booth numbers held by the fair's bookings (pending or approved). */
  boothNumbers(fairId: string): Promise<number[]>;
  /**
   * Writes `next` over the booking at version `next.version - 1`, moving its booth number guard
   * when the number changes, and freeing the booth (count, guards) when it becomes rejected.
   */
  change(prev: Booking, next: Booking): Promise<'ok' | 'stale' | 'booth-taken'>;
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
  /** Open demand for these products (or `cat:<category>` keys) sourcing from these provinces (or `ANY`), needed within [from, to]. */
  demandsIn(keys: string[], provinces: string[], from: string, to: string): Promise<(DemandSide & { ownerId: string })[]>;
  demandPartitionsFor(listing: Pick<Listing, 'product' | 'category' | 'province'>): string[];
  supplyPartitionsFor(demand: DemandSide): string[];
}

/** What the table holds about one market part (see domain/matching/market.ts). */
export interface MarketPartState {
  listings: SupplyNode[];
  demands: DemandNode[];
  /** Per listing: kilograms proposed to each demand, and demands never to propose to again. */
  allocations: { listingId: string; flows: Record<string, number>; closed: string[] }[];
}

/** Exclusive use of a part while its allocation is changed; `version` counts finished changes. */
export interface MarketPartLease {
  version: number;
  /** Ends the lease and counts one more version; throws if the lease was lost meanwhile. */
  release(): Promise<number>;
  /** Ends the lease without a new version (after a failure). */
  abandon(): Promise<void>;
}

/** The state of market parts: members, allocations, and a lease with a version per part. */
export interface MarketParts {
  /** Waits until the part is free and takes it; throws UnavailableError after a while. */
  lock(key: string): Promise<MarketPartLease>;
  load(key: string): Promise<MarketPartState>;
  /** Stores a listing's proposals and closed pairs (while holding the part's lease). */
  saveAllocation(key: string, listingId: string, flows: Record<string, number>, closed: string[]): Promise<void>;
}

export type ConfirmOutcome = { ok: true } | { ok: false; reason: 'listing' | 'demand' | 'match' };

export interface MatchRepository {
  get(id: string): Promise<Match | undefined>;
  /** Every match of a listing, in no particular order (for allocation). */
  listByListing(listingId: string): Promise<Match[]>;
  /** Every match of a demand, in no particular order (for allocation). */
  listByDemand(demandId: string): Promise<Match[]>;
  /** One page of a listing's matches, best score first (ties by id), optionally in one status. */
  pageByListing(listingId: string, page: PageRequest, status?: MatchStatus): Promise<Page<Match>>;
  /** One page of a demand's matches, best score first (ties by id), optionally in one status. */
  pageByDemand(demandId: string, page: PageRequest, status?: MatchStatus): Promise<Page<Match>>;
  /**
   * Creates the match, or refreshes it if it is still proposed or was superseded. Never
   * touches a declined, confirmed or expired match. Safe to repeat (deterministic ids).
   */
  propose(match: Match, events?: Envelope[]): Promise<'created' | 'updated' | 'unchanged' | 'skipped'>;
  /** Marks a proposed match superseded (allocation gave it nothing, or a side went away). */
  supersede(match: Match, status: 'superseded' | 'expired', now: string): Promise<boolean>;
  /** The same by id, for pairs whose listing or demand is no longer at hand. */
  supersedeById(id: string, status: 'superseded' | 'expired', now: string): Promise<boolean>;
  /** Writes a decision at the next version; 412 if the match changed meanwhile. */
  update(next: Match, events?: Envelope[]): Promise<void>;
  /**
   * Confirms (if the match is still at `next.version - 1` and proposed) and reserves the volume
   * on both sides in one transaction. `reason: 'match'` means the match changed meanwhile (read
   * it again); `'listing'` / `'demand'` that the side lacks the volume or is no longer open.
   */
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

// ---- My things (domain/me.ts, functions/data/mine.ts) ------------------------------------------

export type MatchSide = 'seller' | 'buyer';

/** What the signed-in user owns and what waits for them, by index Queries (never a Scan). */
export interface MineRepository {
  /** Keeps the per-owner entries of a match in step with it (called from the stream; idempotent, never goes back a version). */
  syncMatch(match: Match): Promise<void>;
  /** The user's matches on either or one side, optionally in one status, one decision of theirs and one profile. */
  matchesOf(sub: string, q: { status?: Match['status']; side?: MatchSide }, page: PageRequest): Promise<Page<Match>>;
  /** Proposals waiting for the user's decision on one side, counted per profile of theirs: one Query, however many profiles. */
  waitingByProfile(sub: string, side: MatchSide): Promise<Map<string, number>>;
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
export interface WebhookRepository extends Omit<EntityRepository<Webhook>, 'create'> {
  /**
   * Stores a new endpoint unless its profile already has `limit`: the profile's endpoint count
   * and the endpoint are written in one transaction, so concurrent creates cannot pass the cap.
   * False at the limit.
   */
  createWithinLimit(webhook: Webhook, limit: number): Promise<boolean>;
  listByProfile(profile: WebhookProfile, page: PageRequest): Promise<Page<Webhook>>;
  /** Every endpoint of a profile (at most MAX_WEBHOOKS_PER_PROFILE). */
  allOfProfile(profile: WebhookProfile): Promise<Webhook[]>;
  /** Deletes the endpoint if it is still at `webhook.version` (412 otherwise, 404 if gone) and frees its place in the count. */
  remove(webhook: Webhook): Promise<void>;
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
  /** Multiplies every retry delay (WEBHOOK_TIME_SCALE; 1 in production, e.g. 0.001 in tests). */
  timeScale: number;
}

export type UrlCheck = { ok: true; url: URL; addresses: string[] } | { ok: false; code: FieldMessageCode; params?: Record<string, string> };

/** The SSRF policy: may this URL receive webhooks now, and at which of its addresses. */
export interface EndpointPolicy {
  check(url: string): Promise<UrlCheck>;
}

/** Encrypts signing secrets at rest (KMS in AWS, a local key file locally); `context` binds a sealed secret to its endpoint. */
export interface SecretBox {
  seal(plaintext: string, context: string): Promise<string>;
  /** Throws if `sealed` was not sealed with this `context` (or was tampered with). */
  open(sealed: string, context: string): Promise<string>;
}

/**
 * Wakes a delivery worker when a pending delivery's `nextAttemptAt` comes (an SQS message
 * delayed until then in AWS, a timer locally). It never decides when: the delivery does.
 * Best effort: the sweep of the due index catches a wake-up that was lost.
 */
export interface DeliveryScheduler {
  wake(delivery: Pick<Delivery, 'id' | 'webhookId' | 'nextAttemptAt'>): Promise<void>;
}

// ---- Joining and alerts (domain/role-requests.ts, domain/alerts.ts) ---------------------------

/** Role requests and direct grants. */
export interface RoleRequestRepository {
  /** Writes a request; a pending one fails with 409 if the person already has one pending. */
  create(request: RoleRequest, events?: Envelope[]): Promise<void>;
  get(id: string): Promise<RoleRequest | undefined>;
  /** Writes the decided request at its next version (412 if it changed) and frees the pending slot. */
  decide(next: RoleRequest, events: Envelope[]): Promise<void>;
  listBySub(sub: string, page: PageRequest): Promise<Page<RoleRequest>>;
  /** Requests in a status, oldest first, optionally of one province. */
  listByStatus(status: RoleRequestStatus, province: string | undefined, page: PageRequest): Promise<Page<RoleRequest>>;
}

/** Who is in which group: Cognito in AWS, a DynamoDB item per person locally. */
export interface GroupDirectory {
  addToGroup(sub: string, role: Role): Promise<void>;
  groupsOf(sub: string): Promise<Role[]>;
}

export interface AlertPreferenceRepository {
  get(sub: string): Promise<AlertPreferences | undefined>;
  /** Creates the person's settings if they have none; otherwise fills only what is missing. */
  initialise(sub: string, seed: { lang: Lang; email?: string; phone?: string; role: Role }): Promise<void>;
  /** Writes at `next.version`; 412 unless the stored version is `next.version - 1` (0: none stored). */
  put(next: AlertPreferences): Promise<void>;
}

export interface AlertDeliveryRepository {
  /** Writes a new delivery; false if this (source, channel) already has one: one message per event and channel. */
  create(delivery: AlertDelivery): Promise<boolean>;
  /** Pending deliveries due at `now` (ISO), earliest first: a Query on the sparse due index. */
  due(now: string, limit: number): Promise<AlertDelivery[]>;
  /** Replaces the delivery if it still has the status and attempt count of `expected`. */
  replaceIf(next: AlertDelivery, expected: AlertDelivery): Promise<boolean>;
  /** A person's deliveries, newest first (kept 30 days). */
  listBySub(sub: string, limit: number): Promise<AlertDelivery[]>;
}

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** e.g. List-Unsubscribe; SES v2 sends them as given. */
  headers: Record<string, string>;
}
export interface EmailSender {
  send(email: OutgoingEmail): Promise<{ messageId: string }>;
}
export interface SmsSender {
  /** `to` is a stored phone number, already E.164 (`+84…`, see normalisePhone in domain/schemas.ts). */
  send(sms: { to: string; text: string }): Promise<{ messageId: string }>;
}

/** The channels' senders, given to the alert worker. */
export interface AlertSenders {
  email: EmailSender;
  sms: SmsSender;
}

// ---- The dependency bag -------------------------------------------------------------------------

/**
 * Everything the use cases may touch, passed in as an argument: every port, the clock and the id
 * generator. A use case that needs only a few takes `Pick<Deps, …>`; the runtime's `Deps`
 * (functions/deps.ts) extends this one with what only the runtime uses.
 */
export interface Deps {
  sellers: SellerRepository;
  buyers: BuyerRepository;
  listings: ListingRepository;
  demands: DemandRepository;
  fairs: FairRepository;
  bookings: BookingRepository;
  matchIndex: MatchIndex;
  matches: MatchRepository;
  marketParts: MarketParts;
  stats: StatsRepository;
  fairSuggestions: FairSuggestionRepository;
  /** Webhook use cases notify owners through it too. */
  notifications: NotificationRepository;
  mine: MineRepository;
  bus: EventBus;
  webhooks: WebhookRepository;
  deliveries: DeliveryRepository;
  endpointPolicy: EndpointPolicy;
  transport: WebhookTransport;
  secretBox: SecretBox;
  scheduler: DeliveryScheduler;
  webhookSettings: WebhookSettings;
  roleRequests: RoleRequestRepository;
  alertPreferences: AlertPreferenceRepository;
  alertDeliveries: AlertDeliveryRepository;
  clock: Clock;
  ids: IdGenerator;
}
