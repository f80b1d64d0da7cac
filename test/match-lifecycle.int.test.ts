/**
 * The match lifecycle through the HTTP API on DynamoDB Local: repeated and simultaneous
 * decisions, the If-Match rule for accept/decline, a real lack of volume, and paginated match
 * lists. Events are counted in the outbox, where each state change records its own.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { demandBody, listingBody, twoSides } from '#test/support/fixtures.ts';
import { outboxCounts } from '#test/support/outbox.ts';
import { matchId } from '#domain/matching/rules.ts';
import { PROVINCES } from '#domain/reference/provinces.ts';

const MATCH_EVENTS = ['MatchAccepted', 'MatchConfirmed', 'MatchDeclined'] as const;
const PRODUCTS = ['vai-thieu', 'nhan-long', 'xoai', 'buoi', 'cam', 'chuoi', 'dua-hau', 'mit', 'thanh-long', 'sau-rieng', 'mang-cut', 'chom-chom'];

let app: TestApp;
let coop: string;
let retailer: string;
let sellerId: string;
let buyerId: string;

beforeAll(async () => {
  app = await startTestApp('match-lifecycle');
  ({ coop, retailer, sellerId, buyerId } = await twoSides(app));
});
afterAll(async () => {
  await app.stop();
});

/** A product and province of their own per market, so markets never see each other. */
let markets = 0;
function freshMarket() {
  const n = markets++;
  return { product: PRODUCTS[n % PRODUCTS.length], province: PROVINCES[Math.floor(n / PRODUCTS.length) % PROVINCES.length].code };
}

async function post(token: string, path: string, body: unknown): Promise<string> {
  const res = await app.call('POST', path, { token, body });
  expect(res.status, res.text).toBe(201);
  return res.body.id;
}

/** A listing in a fresh market, and `demands` demands for it. */
async function market(listing: Record<string, unknown>, demands: Record<string, unknown>[]) {
  const { product, province } = freshMarket();
  const listingId = await post(coop, '/v1/listings', listingBody(sellerId, { product, province, ...listing }));
  const demandIds = await Promise.all(
    demands.map((d) => post(retailer, '/v1/demands', demandBody(buyerId, { product, maxDistanceKm: undefined, sourcingProvinces: [province], ...d }))),
  );
  return { listingId, demandIds, matchIds: demandIds.map((d) => matchId(listingId, d)) };
}

/** Polls the API until every match is proposed, then lets the stream finish what it started. */
async function proposed(ids: string[], timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  const pending = new Set(ids);
  while (pending.size > 0) {
    if (Date.now() > deadline) throw new Error(`matches not proposed within ${timeoutMs} ms: ${[...pending].join(', ')}`);
    for (const id of [...pending]) {
      const res = await app.call('GET', `/v1/matches/${id}`, { token: coop });
      if (res.status === 200 && res.body.status === 'proposed') pending.delete(id);
    }
    if (pending.size > 0) await new Promise((r) => setTimeout(r, 100));
  }
  await app.runtime.stream.settle(60_000);
}

const getMatch = async (id: string) => (await app.call('GET', `/v1/matches/${id}`, { token: coop })).body;
const decide = (id: string, decision: 'accept' | 'decline', token: string, headers: Record<string, string> = {}) => app.call('POST', `/v1/matches/${id}/${decision}`, { token, headers });

describe('deciding on a match', () => {
  it('treats 15 accepts by the same side as one: the version rises once and one MatchAccepted is recorded', async () => {
    const { matchIds } = await market({ quantityKg: 6_000 }, [{ quantityKg: 3_000 }]);
    await proposed(matchIds);
    const [id] = matchIds;
    const before = await getMatch(id);
    for (let i = 0; i < 15; i++) {
      const res = await decide(id, 'accept', coop);
      expect(res.status, res.text).toBe(200);
      expect(res.body).toMatchObject({ status: 'proposed', sellerDecision: 'accepted', buyerDecision: 'pending', version: before.version + 1 });
    }
    // Simultaneous repeats are no-ops too.
    const together = await Promise.all(Array.from({ length: 5 }, () => decide(id, 'accept', coop)));
    expect(together.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
    expect((await getMatch(id)).version).toBe(before.version + 1);
    expect((await outboxCounts(app, [id], MATCH_EVENTS))[id]).toEqual({ MatchAccepted: 1, MatchConfirmed: 0, MatchDeclined: 0 });
  });

  it('confirms every one of 8 matches whose two sides accept at the same moment', async () => {
    const markets8 = await Promise.all(Array.from({ length: 8 }, () => market({ quantityKg: 12_000 }, [{ quantityKg: 3_000 }])));
    const ids = markets8.map((m) => m.matchIds[0]);
    await proposed(ids);
    for (const [i, id] of ids.entries()) {
      const [seller, buyer] = await Promise.all([decide(id, 'accept', coop), decide(id, 'accept', retailer)]);
      expect([seller.status, buyer.status], `round ${i + 1}: ${seller.text} ${buyer.text}`).toEqual([200, 200]);
      const after = await getMatch(id);
      expect(after, `round ${i + 1}`).toMatchObject({ status: 'confirmed', sellerDecision: 'accepted', buyerDecision: 'accepted', confirmedKg: 3_000 });
      const listing = await app.call('GET', `/v1/listings/${markets8[i].listingId}`, { token: coop });
      expect(listing.body.remainingKg).toBe(9_000);
    }
    const counts = await outboxCounts(app, ids, MATCH_EVENTS);
    for (const id of ids) expect(counts[id], id).toEqual({ MatchAccepted: 1, MatchConfirmed: 1, MatchDeclined: 0 });
  }, 180_000);

  it('returns 409 volume-gone when the listing really lacks the volume, and records nothing', async () => {
    const { listingId, matchIds } = await market({ quantityKg: 10_000, minOrderKg: 500 }, [{ quantityKg: 4_000 }]);
    await proposed(matchIds);
    const [id] = matchIds;
    expect((await decide(id, 'accept', coop)).status).toBe(200);
    // The seller sells elsewhere and the buyer accepts before allocation has caught up with
    // the cut (the stream is paused so that it cannot catch up first).
    await app.runtime.stream.stop();
    let res;
    let before;
    try {
      const cut = await app.call('PATCH', `/v1/listings/${listingId}`, { token: coop, body: { quantityKg: 3_000 }, headers: { 'if-match': '"1"' } });
      expect(cut.status, cut.text).toBe(200);
      before = await getMatch(id);
      res = await decide(id, 'accept', retailer);
    } finally {
      await app.runtime.restartStream();
    }
    expect(res.status, res.text).toBe(409);
    expect(res.body.code).toBe('volume-gone');
    expect(await getMatch(id)).toMatchObject({ status: 'proposed', sellerDecision: 'accepted', buyerDecision: 'pending', version: before.version });
    expect((await app.call('GET', `/v1/listings/${listingId}`, { token: coop })).body.remainingKg).toBe(3_000);
    expect((await outboxCounts(app, [id], MATCH_EVENTS))[id]).toEqual({ MatchAccepted: 1, MatchConfirmed: 0, MatchDeclined: 0 });
  });

  it('ignores a stale If-Match on a repeat, refuses it with 412 on a change, and makes a repeated decline a no-op', async () => {
    const { matchIds } = await market({ quantityKg: 6_000 }, [{ quantityKg: 2_000 }]);
    await proposed(matchIds);
    const [id] = matchIds;
    const v = (await getMatch(id)).version;
    expect((await decide(id, 'accept', coop, { 'if-match': `"${v}"` })).status).toBe(200);
    // The seller repeats with the version it read before its own accept: nothing to change.
    const repeat = await decide(id, 'accept', coop, { 'if-match': `"${v}"` });
    expect(repeat.status, repeat.text).toBe(200);
    expect(repeat.body.version).toBe(v + 1);
    // The buyer read the match before the seller accepted: its decline would change it, so 412.
    const stale = await decide(id, 'decline', retailer, { 'if-match': `"${v}"` });
    expect(stale.status, stale.text).toBe(412);
    const declined = await decide(id, 'decline', retailer, { 'if-match': `"${v + 1}"` });
    expect(declined.body).toMatchObject({ status: 'declined', buyerDecision: 'declined', version: v + 2 });
    const again = await decide(id, 'decline', retailer);
    expect(again.status).toBe(200);
    expect(again.body.version).toBe(v + 2);
    expect((await decide(id, 'accept', retailer)).status).toBe(409);
    expect((await outboxCounts(app, [id], MATCH_EVENTS))[id]).toEqual({ MatchAccepted: 1, MatchConfirmed: 0, MatchDeclined: 1 });
  });

  it('answers a repeated accept on a confirmed match with the match, and a late decline with 409', async () => {
    const { matchIds } = await market({ quantityKg: 6_000 }, [{ quantityKg: 2_000 }]);
    await proposed(matchIds);
    const [id] = matchIds;
    await decide(id, 'accept', coop);
    const confirmed = await decide(id, 'accept', retailer);
    expect(confirmed.body.status).toBe('confirmed');
    const repeat = await decide(id, 'accept', coop, { 'if-match': '"1"' });
    expect(repeat.status).toBe(200);
    expect(repeat.body).toMatchObject({ status: 'confirmed', version: confirmed.body.version });
    const late = await decide(id, 'decline', retailer);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('invalid-state');
  });
});

describe('match lists', () => {
  let listingId: string;
  let demandIds: string[];
  const all = (path: string, token: string) => app.call('GET', path, { token });

  beforeAll(async () => {
    ({ listingId, demandIds } = await market(
      { quantityKg: 100_000, minOrderKg: 500, priceVndPerKg: 20_000 },
      // Different price ceilings give different scores.
      Array.from({ length: 23 }, (_, i) => ({ quantityKg: 1_000, minQuantityKg: 500, maxPriceVndPerKg: 21_000 + i * 700 })),
    ));
    await proposed(demandIds.map((d) => matchId(listingId, d)));
  });

  it('pages a listing’s matches 20 at a time by default, best score first, with a cursor to the rest', async () => {
    const first = await all(`/v1/listings/${listingId}/matches`, coop);
    expect(first.status, first.text).toBe(200);
    expect(first.body.items).toHaveLength(20);
    expect(typeof first.body.nextCursor).toBe('string');
    const second = await all(`/v1/listings/${listingId}/matches?cursor=${encodeURIComponent(first.body.nextCursor)}`, coop);
    expect(second.body.items).toHaveLength(3);
    expect(second.body.nextCursor).toBeUndefined();
    const items = [...first.body.items, ...second.body.items] as { id: string; score: number; demandId: string }[];
    expect(new Set(items.map((m) => m.demandId))).toEqual(new Set(demandIds));
    const scores = items.map((m) => m.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));
    expect(scores[0]).toBeGreaterThan(scores[22]);
  });

  it('walks pages of 7 without gaps or repeats, and filters by status', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    let pages = 0;
    do {
      const res = await all(`/v1/listings/${listingId}/matches?limit=7${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, coop);
      expect(res.status, res.text).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(7);
      seen.push(...res.body.items.map((m: { id: string }) => m.id));
      cursor = res.body.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(4);
    expect(new Set(seen).size).toBe(23);

    const declinedId = matchId(listingId, demandIds[5]);
    expect((await decide(declinedId, 'decline', retailer)).status).toBe(200);
    const declined = await all(`/v1/listings/${listingId}/matches?status=declined`, coop);
    expect(declined.body.items.map((m: { id: string }) => m.id)).toEqual([declinedId]);
    const stillProposed = await all(`/v1/listings/${listingId}/matches?status=proposed&limit=100`, coop);
    expect(stillProposed.body.items).toHaveLength(22);
    const fromDemand = await all(`/v1/demands/${demandIds[5]}/matches?status=declined`, retailer);
    expect(fromDemand.body.items.map((m: { id: string }) => m.id)).toEqual([declinedId]);
    expect((await all(`/v1/demands/${demandIds[5]}/matches?status=proposed`, retailer)).body.items).toEqual([]);
  });

  it('rejects a bad limit, an unknown status, and a cursor from another list with 400', async () => {
    for (const q of ['limit=0', 'limit=101', 'status=accepted']) {
      const res = await all(`/v1/listings/${listingId}/matches?${q}`, coop);
      expect(res.status, q).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    }
    const page = await all(`/v1/listings/${listingId}/matches?limit=5`, coop);
    const other = await all(`/v1/listings/${listingId}/matches?limit=5&status=proposed&cursor=${encodeURIComponent(page.body.nextCursor)}`, coop);
    expect(other.status).toBe(400);
    expect(other.body.code).toBe('bad-cursor');
  });
});
