/**
 * Model-based test of match decisions (fast-check commands) through the HTTP API on DynamoDB
 * Local. Each run takes a market of two listings and two demands whose matches the stream
 * proposed, cuts a listing's and a demand's volume so that matches compete for it, then sends
 * random batches of accepts and declines, by both sides, repeated, with or without If-Match,
 * one at a time or all at once. After every batch the stored state must equal the model after
 * the batch's operations in some serial order (the responses too): decisions, statuses,
 * versions, remaining volumes, and exactly one outbox event per real state change.
 *
 * The stream is paused while the commands run, so allocation cannot move proposals under the
 * model; that is the window in which decisions and volume cuts race in production too.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { demandBody, listingBody, twoSides } from '#test/support/fixtures.ts';
import { outboxCounts } from '#test/support/outbox.ts';
import { PROVINCES } from '#domain/reference/provinces.ts';

/** Runs of the property (MODEL_RUNS to search harder); each uses a market of its own, made before the runs start. */
const RUNS = Number(process.env.MODEL_RUNS ?? 6);
const MAX_COMMANDS = 8;
const EVENT_NAMES = ['MatchAccepted', 'MatchConfirmed', 'MatchDeclined'] as const;

type Side = 'seller' | 'buyer';
type Decision = 'pending' | 'accepted' | 'declined';
type EventCounts = Record<(typeof EVENT_NAMES)[number], number>;

interface MatchState {
  status: string;
  seller: Decision;
  buyer: Decision;
  version: number;
  confirmedKg?: number;
  events: EventCounts;
}
interface VolumeState {
  remainingKg: number;
  status: string;
}
interface Model {
  matches: Record<string, MatchState>;
  listings: Record<string, VolumeState>;
  demands: Record<string, VolumeState>;
}
interface Market {
  listingIds: string[];
  demandIds: string[];
  /** The matches, with what never changes in a run. */
  pairs: { id: string; listingId: string; demandId: string; proposedKg: number }[];
}
interface Op {
  match: number;
  side: Side;
  decision: 'accept' | 'decline';
  /** Only for a batch of one: concurrent writes make "the version read" ambiguous. */
  ifMatch: 'none' | 'current' | 'stale';
}
interface Outcome {
  status: number;
  code?: string;
}

let app: TestApp;
let tokens: Record<Side, string>;
const pool: Market[] = [];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(token: string, path: string, body: unknown): Promise<string> {
  const res = await app.call('POST', path, { token, body });
  if (res.status !== 201) throw new Error(`POST ${path} gave ${res.status}: ${res.text}`);
  return res.body.id;
}

/**
 * Two listings (8 t, and a cheaper 3 t) and two demands of 4 t in a market of their own:
 * allocation spreads the 8 t demanded over both listings, so matches share volume.
 */
async function makeMarket(n: number, sellerId: string, buyerId: string): Promise<string[]> {
  const product = ['vai-thieu', 'nhan-long', 'xoai', 'buoi', 'cam', 'chuoi', 'dua-hau', 'mit'][n % 8];
  const province = PROVINCES[(Math.floor(n / 8) * 5 + n) % PROVINCES.length].code;
  const listings = await Promise.all([
    post(tokens.seller, '/v1/listings', listingBody(sellerId, { product, province, quantityKg: 8_000, minOrderKg: 500, priceVndPerKg: 25_000 })),
    post(tokens.seller, '/v1/listings', listingBody(sellerId, { product, province, quantityKg: 3_000, minOrderKg: 500, priceVndPerKg: 22_000 })),
  ]);
  const demands = await Promise.all(
    [0, 1].map(() => post(tokens.buyer, '/v1/demands', demandBody(buyerId, { product, quantityKg: 4_000, minQuantityKg: 1_000, maxDistanceKm: undefined, sourcingProvinces: [province] }))),
  );
  return [...listings, ...demands];
}

/** The market's matches once each of its demands has a proposal; undefined until then. */
async function proposals(listingIds: string[], demandIds: string[], deadline: number): Promise<Market['pairs'] | undefined> {
  const found: (Market['pairs'][number] & { status: string })[] = [];
  for (const l of listingIds) {
    const res = await app.call('GET', `/v1/listings/${l}/matches?limit=100`, { token: tokens.seller });
    found.push(...((res.body.items ?? []) as (Market['pairs'][number] & { status: string })[]));
  }
  const served = new Set(found.filter((m) => m.status === 'proposed').map((m) => m.demandId));
  if (demandIds.every((d) => served.has(d))) return found.map(({ id, listingId, demandId, proposedKg }) => ({ id, listingId, demandId, proposedKg }));
  if (Date.now() > deadline) throw new Error(`no proposals for every demand of market ${listingIds.join(',')}`);
  return undefined;
}

beforeAll(async () => {
  app = await startTestApp('match-model');
  const { coop, retailer, sellerId, buyerId } = await twoSides(app);
  tokens = { seller: coop, buyer: retailer };
  const made = await Promise.all(Array.from({ length: RUNS }, (_, n) => makeMarket(n, sellerId, buyerId)));
  const deadline = Date.now() + 90_000;
  for (const ids of made) {
    const [listingIds, demandIds] = [ids.slice(0, 2), ids.slice(2)];
    let pairs: Market['pairs'] | undefined;
    while (!(pairs = await proposals(listingIds, demandIds, deadline))) await sleep(100);
    pool.push({ listingIds, demandIds, pairs });
  }
  await app.runtime.stream.settle(60_000);
  // Read again: the stream may have refined proposals until it settled.
  for (const market of pool) market.pairs = (await proposals(market.listingIds, market.demandIds, Date.now()))!;
  await app.runtime.stream.stop();
}, 180_000);
afterAll(async () => {
  await app.stop();
});

// ---- The model ---------------------------------------------------------------------------

const clone = (m: Model): Model => structuredClone(m);

/** One decision applied to the model, exactly as the service must behave for it alone. */
function apply(model: Model, market: Market, op: Op, ifMatch: number | undefined): Outcome {
  const pair = market.pairs[op.match];
  const m = model.matches[pair.id];
  const decision: Decision = op.decision === 'accept' ? 'accepted' : 'declined';
  const other: Side = op.side === 'seller' ? 'buyer' : 'seller';
  const repeat = m[op.side] === decision && (decision === 'declined' ? m.status === 'declined' : m.status === 'proposed' || m.status === 'confirmed');
  if (repeat) return { status: 200 };
  if (ifMatch !== undefined && ifMatch !== m.version) return { status: 412, code: 'version-mismatch' };
  if (m.status !== 'proposed') return { status: 409, code: 'invalid-state' };
  if (decision === 'declined') {
    Object.assign(m, { [op.side]: 'declined', status: 'declined', version: m.version + 1 });
    m.events.MatchDeclined++;
    return { status: 200 };
  }
  if (m[other] !== 'accepted') {
    Object.assign(m, { [op.side]: 'accepted', version: m.version + 1 });
    m.events.MatchAccepted++;
    return { status: 200 };
  }
  const listing = model.listings[pair.listingId];
  const demand = model.demands[pair.demandId];
  if (listing.status !== 'active' || listing.remainingKg < pair.proposedKg) return { status: 409, code: 'volume-gone' };
  if (demand.status !== 'open' || demand.remainingKg < pair.proposedKg) return { status: 409, code: 'volume-gone' };
  listing.remainingKg -= pair.proposedKg;
  if (listing.remainingKg <= 0) listing.status = 'sold_out';
  demand.remainingKg -= pair.proposedKg;
  if (demand.remainingKg <= 0) demand.status = 'fulfilled';
  Object.assign(m, { seller: 'accepted', buyer: 'accepted', status: 'confirmed', confirmedKg: pair.proposedKg, version: m.version + 1 });
  m.events.MatchConfirmed++;
  return { status: 200 };
}

/** Every order of `n` items (n is at most 4 here). */
function orders(n: number): number[][] {
  if (n <= 1) return [[...Array(n).keys()]];
  return orders(n - 1).flatMap((o) => Array.from({ length: n }, (_, i) => [...o.slice(0, i), n - 1, ...o.slice(i)]));
}

// ---- The real system ---------------------------------------------------------------------

interface Real {
  market: Market;
  /** Events already in the outbox before the run (none expected, but measured). */
  baseline: Record<string, EventCounts>;
}

async function readState(real: Real): Promise<Model> {
  const { market } = real;
  const state: Model = { matches: {}, listings: {}, demands: {} };
  const counts = await outboxCounts(app, market.pairs.map((p) => p.id), EVENT_NAMES);
  await Promise.all([
    ...market.pairs.map(async (p) => {
      const m = (await app.call('GET', `/v1/matches/${p.id}`, { token: tokens.seller })).body;
      const events = Object.fromEntries(EVENT_NAMES.map((n) => [n, counts[p.id][n] - (real.baseline[p.id]?.[n] ?? 0)])) as EventCounts;
      state.matches[p.id] = { status: m.status, seller: m.sellerDecision, buyer: m.buyerDecision, version: m.version, ...(m.confirmedKg !== undefined ? { confirmedKg: m.confirmedKg } : {}), events };
    }),
    ...market.listingIds.map(async (id) => {
      const l = (await app.call('GET', `/v1/listings/${id}`, { token: tokens.seller })).body;
      state.listings[id] = { remainingKg: l.remainingKg, status: l.status };
    }),
    ...market.demandIds.map(async (id) => {
      const d = (await app.call('GET', `/v1/demands/${id}`, { token: tokens.buyer })).body;
      state.demands[id] = { remainingKg: d.remainingKg, status: d.status };
    }),
  ]);
  return state;
}

/** What must hold of any stored state, whatever the model says. */
function checkInvariants(state: Model, market: Market, initial: Model) {
  for (const [id, v] of [...Object.entries(state.listings), ...Object.entries(state.demands)]) expect(v.remainingKg, `${id} remaining`).toBeGreaterThanOrEqual(0);
  for (const [id, m] of Object.entries(state.matches)) {
    expect(m.events.MatchConfirmed, `${id} confirmed events`).toBe(m.status === 'confirmed' ? 1 : 0);
    if (m.status === 'confirmed') expect(m.confirmedKg).toBe(market.pairs.find((p) => p.id === id)!.proposedKg);
  }
  const confirmedOn = (key: 'listingId' | 'demandId', id: string) =>
    market.pairs.filter((p) => p[key] === id && state.matches[p.id].status === 'confirmed').reduce((s, p) => s + p.proposedKg, 0);
  for (const id of market.listingIds) expect(state.listings[id].remainingKg, `listing ${id}`).toBe(initial.listings[id].remainingKg - confirmedOn('listingId', id));
  for (const id of market.demandIds) expect(state.demands[id].remainingKg, `demand ${id}`).toBe(initial.demands[id].remainingKg - confirmedOn('demandId', id));
}

class DecideBatch implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ops: Op[]) {}
  check = () => true;

  async run(model: Model, real: Real): Promise<void> {
    const { market } = real;
    const ops = this.ops.map((op) => ({ ...op, match: op.match % market.pairs.length }));
    const versionFor = (op: Op) => {
      const v = model.matches[market.pairs[op.match].id].version;
      return op.ifMatch === 'current' ? v : op.ifMatch === 'stale' ? (v > 1 ? v - 1 : v + 7) : undefined;
    };
    const sent = ops.map(versionFor);
    const responses = await Promise.all(
      ops.map((op, i) =>
        app.call('POST', `/v1/matches/${market.pairs[op.match].id}/${op.decision}`, {
          token: tokens[op.side],
          headers: sent[i] === undefined ? {} : { 'if-match': `"${sent[i]}"` },
        }),
      ),
    );
    const got: Outcome[] = responses.map((r) => (r.status === 200 ? { status: 200 } : { status: r.status, code: r.body?.code }));
    const state = await readState(real);

    const candidates = orders(ops.length).map((order) => {
      const next = clone(model);
      const outcomes: Outcome[] = [];
      for (const i of order) outcomes[i] = apply(next, market, ops[i], sent[i]);
      return { order, next, outcomes };
    });
    const fit = candidates.find((c) => canonical(c.outcomes) === canonical(got) && canonical(c.next) === canonical(state));
    if (!fit) {
      const expected = candidates.map((c) => ({ order: c.order, responses: c.outcomes, state: sorted(c.next) }));
      throw new Error(`no serial order of ${this.toString()} explains what the service did:\n${JSON.stringify({ responses: got, state: sorted(state) }, null, 1)}\nserial orders:\n${JSON.stringify(expected, null, 1)}`);
    }
    if (ops.length === 1 && responses[0].status === 200) {
      const m = fit!.next.matches[market.pairs[ops[0].match].id];
      expect(responses[0].body).toMatchObject({ status: m.status, sellerDecision: m.seller, buyerDecision: m.buyer, version: m.version });
    }
    Object.assign(model, fit!.next);
  }

  toString() {
    return `[${this.ops.map((o) => `${o.side} ${o.decision} #${o.match}${o.ifMatch === 'none' ? '' : ` if-match:${o.ifMatch}`}`).join(' | ')}]`;
  }
}

/** JSON with every object's keys sorted: equal for deeply equal values, whatever their key order. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v,
  );
}

/** A model state with keys in a fixed order, for readable diffs. */
function sorted(m: Model) {
  const order = <T>(r: Record<string, T>) => Object.fromEntries(Object.entries(r).sort(([a], [b]) => a.localeCompare(b)));
  return { matches: order(m.matches), listings: order(m.listings), demands: order(m.demands) };
}

// ---- Arbitraries -------------------------------------------------------------------------

const side = fc.constantFrom<Side>('seller', 'buyer');
const decision = fc.constantFrom<'accept' | 'decline'>('accept', 'accept', 'accept', 'decline');
const matchIndex = fc.nat({ max: 7 });
const single = fc
  .record({ match: matchIndex, side, decision, ifMatch: fc.constantFrom<Op['ifMatch']>('none', 'none', 'current', 'stale') })
  .map((op) => new DecideBatch([op]));
const concurrent = fc.array(fc.record({ match: matchIndex, side, decision, ifMatch: fc.constant<Op['ifMatch']>('none') }), { minLength: 2, maxLength: 4 }).map((ops) => new DecideBatch(ops));
/** Both sides of one match accepting at once, sometimes each twice. */
const bothSides = fc.tuple(matchIndex, fc.boolean()).map(([match, twice]) => {
  const ops: Op[] = [
    { match, side: 'seller', decision: 'accept', ifMatch: 'none' },
    { match, side: 'buyer', decision: 'accept', ifMatch: 'none' },
  ];
  return new DecideBatch(twice ? [...ops, ...ops] : ops);
});

/** Volume cuts before the commands: the first listing to 1–8 t, the first demand to 1–4 t. */
const cuts = fc.record({ listingKg: fc.option(fc.integer({ min: 2, max: 16 }).map((n) => n * 500)), demandKg: fc.option(fc.integer({ min: 2, max: 8 }).map((n) => n * 500)) });

async function cut(path: string, token: string, quantityKg: number) {
  const current = await app.call('GET', path, { token });
  const res = await app.call('PATCH', path, { token, body: { quantityKg }, headers: { 'if-match': `"${current.body.version}"` } });
  if (res.status !== 200) throw new Error(`PATCH ${path} gave ${res.status}: ${res.text}`);
}

it('keeps stored matches, volumes and events equal to the model under random, repeated and simultaneous decisions', async () => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(cuts, fc.commands([single, concurrent, bothSides], { maxCommands: MAX_COMMANDS }), async (c, commands) => {
      const market = pool[runs++];
      if (!market) throw new Error('more runs than prepared markets');
      if (c.listingKg !== null) await cut(`/v1/listings/${market.listingIds[0]}`, tokens.seller, c.listingKg);
      if (c.demandKg !== null) await cut(`/v1/demands/${market.demandIds[0]}`, tokens.buyer, c.demandKg);
      const real: Real = { market, baseline: {} };
      const initial = await readState(real);
      real.baseline = Object.fromEntries(Object.entries(initial.matches).map(([id, m]) => [id, m.events]));
      for (const m of Object.values(initial.matches)) m.events = { MatchAccepted: 0, MatchConfirmed: 0, MatchDeclined: 0 };
      const model = clone(initial);
      await fc.asyncModelRun(() => ({ model, real }), commands);
      const final = await readState(real);
      expect(sorted(final)).toEqual(sorted(model));
      checkInvariants(final, market, initial);
    }),
    // Each run needs a market of its own, so no shrinking: a failure reports its commands as run.
    { numRuns: RUNS, endOnFailure: true },
  );
  expect(runs).toBe(RUNS);
});
