/**
 * Model-based test of booth booking and cancelling (fast-check commands) through the HTTP API
 * on DynamoDB Local. Each run takes a published fair of its own with 1–3 booths and five
 * sellers of one cooperative, then sends random commands: bookings (some with an
 * Idempotency-Key), cancellations by the cooperative, the organiser or a stranger (of live,
 * cancelled or made-up bookings), replays of an earlier booking's key, and batches of those
 * all at once.
 *
 * After every command the stored state must equal the model after the command's operations
 * in some serial order (the responses too): the fair's booked count equals the booking items,
 * never negative nor above the booths, no seller holds two booths, and the outbox has exactly
 * one BoothBooked per booking made and one BoothCancelled per booking cancelled. After each run
 * the stream settles and both the cooperative's and the organiser's inboxes hold exactly one
 * notification per state change of that fair.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import fc from 'fast-check';
import { ulid } from 'ulid';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { created, fairBody, sellerBody } from '#test/support/fixtures.ts';
import { outboxCounts } from '#test/support/outbox.ts';

const RUNS = Number(process.env.MODEL_RUNS ?? 8);
const MAX_COMMANDS = 10;
const SELLERS = 5;

type Actor = 'cooperative' | 'organiser' | 'stranger';

interface Model {
  boothCount: number;
  /** sellerId → bookingId of the live bookings. */
  live: Record<string, string>;
  /** Every booking ever made in this run, and the cancelled ones. */
  made: string[];
  cancelled: string[];
}
interface Outcome {
  status: number;
  code?: string;
}
type Op =
  | { kind: 'book'; seller: number; key: boolean }
  | { kind: 'cancel'; actor: Actor; target: 'live' | 'cancelled' | 'unknown'; pick: number };

interface Real {
  fairId: string;
  /** The last booking sent with an Idempotency-Key: the key, its body and its first answer. */
  lastKeyed?: { key: string; sellerId: string; bookingId: string };
}

let app: TestApp;
const tally = { commands: 0, requests: 0, answers: {} as Record<string, number> };
let tokens: Record<Actor, string>;
let sellerIds: string[];
const fairs: { id: string; boothCount: number }[] = [];

beforeAll(async () => {
  app = await startTestApp('booking-model');
  tokens = {
    cooperative: await app.token('cooperative', app.sub('coop')),
    organiser: await app.token('organiser', app.sub('organiser')),
    stranger: await app.token('cooperative', app.sub('stranger')),
  };
  sellerIds = await Promise.all(Array.from({ length: SELLERS }, (_, n) => created(app, tokens.cooperative, '/v1/sellers', sellerBody({ name: `HTX Thử nghiệm số ${n + 1}` }))));
  fairs.push(
    ...(await Promise.all(
      Array.from({ length: RUNS }, async (_, n) => {
        const boothCount = 1 + (n % 3);
        const id = await created(app, tokens.organiser, '/v1/fairs', fairBody({ name: `Hội chợ thử ${n + 1}`, boothCount }));
        const res = await app.call('POST', `/v1/fairs/${id}/publish`, { token: tokens.organiser, headers: { 'if-match': '"1"' } });
        if (res.status !== 200) throw new Error(`publish gave ${res.status}: ${res.text}`);
        return { id, boothCount };
      }),
    )),
  );
}, 180_000);
afterAll(() => {
  console.log(`booking model: ${RUNS} runs, ${tally.commands} commands, ${tally.requests} requests; answers ${JSON.stringify(tally.answers)}`);
});
afterAll(async () => {
  await app?.stop();
});

// ---- The model ---------------------------------------------------------------------------

/** The booking a cancel op aims at, chosen when the command runs (from the model then). */
function targetOf(model: Model, op: Extract<Op, { kind: 'cancel' }>): string {
  if (op.target === 'live') {
    const live = Object.values(model.live).sort();
    if (live.length) return live[op.pick % live.length];
  }
  if (op.target !== 'unknown' && model.cancelled.length) return model.cancelled[op.pick % model.cancelled.length];
  return ulid();
}

/** One operation applied to the model, as the service must behave for it alone. */
function apply(model: Model, op: Op, target: string | undefined, answered: { status: number; id?: string }): Outcome {
  if (op.kind === 'book') {
    const sellerId = sellerIds[op.seller];
    // A seller already holding a booth at a full fair may hear either: the API does not rank them.
    if (model.live[sellerId]) return { status: 409, code: Object.keys(model.live).length >= model.boothCount ? 'already-booked|fair-full' : 'already-booked' };
    if (Object.keys(model.live).length >= model.boothCount) return { status: 409, code: 'fair-full' };
    // The new booking's id is the service's to choose: take it from its answer.
    const id = answered.status === 201 && answered.id ? answered.id : '(none)';
    model.live[sellerId] = id;
    model.made.push(id);
    return { status: 201 };
  }
  const sellerId = Object.keys(model.live).find((s) => model.live[s] === target);
  if (!sellerId) return { status: 404, code: 'not-found' };
  if (op.actor === 'stranger') return { status: 403, code: 'forbidden-owner' };
  delete model.live[sellerId];
  model.cancelled.push(target!);
  return { status: 204 };
}

function orders(n: number): number[][] {
  if (n <= 1) return [[...Array(n).keys()]];
  return orders(n - 1).flatMap((o) => Array.from({ length: n }, (_, i) => [...o.slice(0, i), n - 1, ...o.slice(i)]));
}

/** Whether the answers are the expected ones (an expected code `a|b` allows either). */
const explains = (expected: Outcome[], got: Outcome[]) =>
  expected.length === got.length && expected.every((e, i) => e.status === got[i].status && (e.code === undefined ? got[i].code === undefined : e.code.split('|').includes(got[i].code ?? '')));

const canonical = (v: unknown) => JSON.stringify(v, (_k, x: unknown) => (x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x).sort(([a], [b]) => a.localeCompare(b))) : x));

// ---- The real system ---------------------------------------------------------------------

interface Stored {
  bookedCount: number;
  availableBooths: number;
  /** sellerId → bookingId, from the fair's booking list. */
  live: Record<string, string>;
  items: number;
}

async function readStored(fairId: string): Promise<Stored> {
  const fair = await app.call('GET', `/v1/fairs/${fairId}`, { token: tokens.organiser });
  const items: { id: string; sellerId: string }[] = [];
  let cursor: string | undefined;
  do {
    const res = await app.call('GET', `/v1/fairs/${fairId}/bookings?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token: tokens.organiser });
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return { bookedCount: fair.body.bookedCount, availableBooths: fair.body.availableBooths, live: Object.fromEntries(items.map((b) => [b.sellerId, b.id])), items: items.length };
}

/** What must hold of the stored state whatever the model says, then equality with the model. */
async function check(real: Real, model: Model) {
  const stored = await readStored(real.fairId);
  expect(stored.bookedCount, 'booked count = booking items').toBe(stored.items);
  expect(stored.bookedCount).toBeGreaterThanOrEqual(0);
  expect(stored.bookedCount).toBeLessThanOrEqual(model.boothCount);
  expect(stored.availableBooths).toBe(model.boothCount - stored.bookedCount);
  expect(new Set(Object.keys(stored.live)).size, 'no seller holds two booths').toBe(stored.items);
  expect(stored.live).toEqual(model.live);
  const counts = await outboxCounts(app, model.made, ['BoothBooked', 'BoothCancelled']);
  for (const id of model.made) {
    expect(counts[id].BoothBooked, `BoothBooked events of ${id}`).toBe(1);
    expect(counts[id].BoothCancelled, `BoothCancelled events of ${id}`).toBe(model.cancelled.includes(id) ? 1 : 0);
  }
}

async function send(real: Real, op: Op, target: string | undefined, key: string | undefined) {
  if (op.kind === 'book') {
    return app.call('POST', `/v1/fairs/${real.fairId}/bookings`, { token: tokens.cooperative, body: { sellerId: sellerIds[op.seller] }, headers: key ? { 'idempotency-key': key } : {} });
  }
  return app.call('DELETE', `/v1/fairs/${real.fairId}/bookings/${target}`, { token: tokens[op.actor] });
}

class Batch implements fc.AsyncCommand<Model, Real> {
  constructor(readonly ops: Op[]) {}
  check = () => true;

  async run(model: Model, real: Real): Promise<void> {
    const targets = this.ops.map((op) => (op.kind === 'cancel' ? targetOf(model, op) : undefined));
    const keys = this.ops.map((op) => (op.kind === 'book' && op.key ? `book-${ulid()}` : undefined));
    const responses = await Promise.all(this.ops.map((op, i) => send(real, op, targets[i], keys[i])));
    const got: Outcome[] = responses.map((r) => (r.status < 300 ? { status: r.status } : { status: r.status, code: r.body?.code }));
    tally.commands++;
    for (const o of got) (tally.requests++, (tally.answers[`${o.status}${o.code ? ` ${o.code}` : ''}`] = (tally.answers[`${o.status}${o.code ? ` ${o.code}` : ''}`] ?? 0) + 1));
    const candidates = orders(this.ops.length).map((order) => {
      const next = structuredClone(model);
      const outcomes: Outcome[] = [];
      for (const i of order) outcomes[i] = apply(next, this.ops[i], targets[i], { status: responses[i].status, id: responses[i].body?.id });
      return { next, outcomes };
    });
    const fit = candidates.find((c) => explains(c.outcomes, got));
    if (!fit) throw new Error(`no serial order of ${this.toString()} explains the answers ${JSON.stringify(got)}; model before: ${JSON.stringify(model)}`);
    // Several orders may explain the answers; the stored state must be one of theirs.
    const stored = await readStored(real.fairId);
    const state = candidates.find((c) => explains(c.outcomes, got) && canonical(c.next.live) === canonical(stored.live)) ?? fit;
    Object.assign(model, state.next);
    this.ops.forEach((op, i) => {
      if (op.kind === 'book' && keys[i] && responses[i].status === 201) real.lastKeyed = { key: keys[i]!, sellerId: sellerIds[op.seller], bookingId: responses[i].body.id };
    });
    await check(real, model);
  }

  toString() {
    return `[${this.ops.map((o) => (o.kind === 'book' ? `book s${o.seller}${o.key ? ' key' : ''}` : `cancel ${o.target}#${o.pick} by ${o.actor}`)).join(' | ')}]`;
  }
}

/** Sends the last keyed booking again with the same key and body: the first answer, replayed, and nothing new stored. */
class ReplayKey implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(model: Model, real: Real): Promise<void> {
    const last = real.lastKeyed;
    if (!last) return;
    const res = await app.call('POST', `/v1/fairs/${real.fairId}/bookings`, { token: tokens.cooperative, body: { sellerId: last.sellerId }, headers: { 'idempotency-key': last.key } });
    expect(res.status, res.text).toBe(201);
    expect(res.headers.get('idempotent-replayed')).toBe('true');
    expect(res.body.id).toBe(last.bookingId);
    await check(real, model);
  }
  toString = () => 'replay last key';
}

// ---- Arbitraries -------------------------------------------------------------------------

const bookOp = fc.record({ kind: fc.constant('book' as const), seller: fc.nat({ max: SELLERS - 1 }), key: fc.boolean() });
const cancelOp = fc.record({
  kind: fc.constant('cancel' as const),
  actor: fc.constantFrom<Actor>('cooperative', 'cooperative', 'organiser', 'stranger'),
  target: fc.constantFrom<'live' | 'cancelled' | 'unknown'>('live', 'live', 'live', 'cancelled', 'unknown'),
  pick: fc.nat({ max: 7 }),
});
const op = fc.oneof({ arbitrary: bookOp, weight: 3 }, { arbitrary: cancelOp, weight: 2 });
const single = op.map((o) => new Batch([o]));
const concurrent = fc.array(op, { minLength: 2, maxLength: 4 }).map((ops) => new Batch(ops));
/** More sellers than booths, all at once: the last booth must go to exactly one. */
const rush = fc.shuffledSubarray([0, 1, 2, 3, 4], { minLength: 3, maxLength: 4 }).map((sellers) => new Batch(sellers.map((seller) => ({ kind: 'book' as const, seller, key: false }))));
/** Two cancels of the same live booking at once (cooperative and organiser). */
const doubleCancel = fc.nat({ max: 7 }).map((pick) => new Batch((['cooperative', 'organiser'] as const).map((actor) => ({ kind: 'cancel' as const, actor, target: 'live' as const, pick }))));
const replay = fc.constant(new ReplayKey());

/** Counts a user's notifications of one type that link to the fair. */
async function inboxCount(token: string, fairId: string, type: string): Promise<number> {
  let n = 0;
  let cursor: string | undefined;
  do {
    const res = await app.call('GET', `/v1/notifications?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    n += (res.body.items as { type: string; link?: string }[]).filter((x) => x.type === type && x.link === `/v1/fairs/${fairId}`).length;
    cursor = res.body.nextCursor;
  } while (cursor);
  return n;
}

it('keeps bookings, booked counts, events and notifications equal to the model under random, repeated and simultaneous bookings and cancellations', { timeout: 300_000 }, async () => {
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(fc.commands([single, concurrent, rush, doubleCancel, replay], { maxCommands: MAX_COMMANDS }), async (commands) => {
      const fair = fairs[runs++];
      if (!fair) throw new Error('more runs than prepared fairs');
      const model: Model = { boothCount: fair.boothCount, live: {}, made: [], cancelled: [] };
      const real: Real = { fairId: fair.id };
      await fc.asyncModelRun(() => ({ model, real }), commands);
      await check(real, model);
      await app.runtime.stream.settle();
      for (const who of ['cooperative', 'organiser'] as const) {
        expect(await inboxCount(tokens[who], fair.id, 'booth-booked'), `${who} booth-booked notices`).toBe(model.made.length);
        expect(await inboxCount(tokens[who], fair.id, 'booth-cancelled'), `${who} booth-cancelled notices`).toBe(model.cancelled.length);
      }
    }),
    // Each run needs a fair of its own, so no shrinking: a failure reports its commands as run.
    { numRuns: RUNS, endOnFailure: true },
  );
  expect(runs).toBe(RUNS);
});
