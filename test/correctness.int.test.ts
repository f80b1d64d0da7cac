/**
 * The correctness rules of the core service, against DynamoDB Local through the real handlers:
 * no overbooking, no lost updates, idempotent creates, tamper-proof cursors.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type CallResult, type TestApp } from '#test/support/app.ts';
import { buyerBody, fairBody, listingBody, sellerBody } from '#test/support/fixtures.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('correctness');
});
afterAll(async () => {
  await app.stop();
});

async function publishedFair(boothCount: number, over: Record<string, unknown> = {}) {
  const organiser = await app.token('organiser', app.sub('organiser'));
  const fair = await app.call('POST', '/v1/fairs', { token: organiser, body: fairBody({ boothCount, ...over }) });
  expect(fair.status).toBe(201);
  const published = await app.call('POST', `/v1/fairs/${fair.body.id}/publish`, { token: organiser, headers: { 'if-match': '"1"' } });
  expect(published.status).toBe(200);
  return { fairId: fair.body.id as string, organiser };
}

/**
 * A careful client: its request carries an Idempotency-Key, a 503 (the API's answer when a hot
 * item stays contended past the server's own retries, or the request runs out of time) is sent
 * again after Retry-After, and a 409 idempotency-in-progress (its first attempt is still
 * running) a second later, for up to 150 s. A first attempt that committed after its 503 is
 * then replayed as 201 instead of refused as already booked: with a second test suite on the
 * same two cores, the rush's requests ran past 29 s and one such client counted 49 booths of 50.
 */
async function likeACarefulClient(send: (idempotencyKey: string) => Promise<CallResult>): Promise<CallResult> {
  const key = randomUUID();
  for (const deadline = Date.now() + 150_000; ; ) {
    const res = await send(key);
    const inProgress = res.status === 409 && res.body?.code === 'idempotency-in-progress';
    if ((res.status !== 503 && !inProgress) || Date.now() > deadline) return res;
    if (res.status === 503) expect(res.headers.get('retry-after')).toMatch(/^\d+$/);
    await new Promise((r) => setTimeout(r, Number(res.headers.get('retry-after') ?? 1) * 1000));
  }
}

describe('booth booking', () => {
  it('gives exactly 50 of 200 concurrent cooperatives a booth at a 50-booth fair, and no 5xx to a client that retries as Retry-After says with its Idempotency-Key', async () => {
    const { fairId, organiser } = await publishedFair(50);
    const coops = await Promise.all(
      Array.from({ length: 200 }, async (_, i) => {
        const token = await app.token('cooperative', app.sub(`rush-${i}`));
        const seller = await app.call('POST', '/v1/sellers', { token, body: sellerBody({ name: `HTX Thử nghiệm ${i}`, taxCode: undefined }) });
        return { token, sellerId: seller.body.id as string };
      }),
    );
    const results = await Promise.all(
      coops.map((c) => likeACarefulClient((key) => app.call('POST', `/v1/fairs/${fairId}/bookings`, { token: c.token, body: { sellerId: c.sellerId }, headers: { 'idempotency-key': key } }))),
    );
    const count = (s: number) => results.filter((r) => r.status === s).length;
    expect(count(201)).toBe(50);
    expect(count(409)).toBe(150);
    expect(results.filter((r) => r.status >= 500)).toEqual([]);
    expect(new Set(results.filter((r) => r.status === 409).map((r) => r.body.code))).toEqual(new Set(['fair-full']));

    const fair = await app.call('GET', `/v1/fairs/${fairId}`, { token: organiser });
    expect(fair.body.bookedCount).toBe(50);
    expect(fair.body.availableBooths).toBe(0);
    let bookings = 0;
    let cursor: string | undefined;
    do {
      const page = await app.call('GET', `/v1/fairs/${fairId}/bookings?limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token: organiser });
      bookings += page.body.items.length;
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(bookings).toBe(50);
    // DynamoDB Local runs transactions one at a time: on a loaded machine the rush takes a
    // minute or more (55 s measured with four busy loops on two cores, more beside a second
    // test suite), still right.
  }, 240_000);

  it('returns 409 when a seller books a second booth at the same fair', async () => {
    const { fairId } = await publishedFair(10);
    const token = await app.token('cooperative', app.sub('twice'));
    const seller = await app.call('POST', '/v1/sellers', { token, body: sellerBody() });
    const first = await app.call('POST', `/v1/fairs/${fairId}/bookings`, { token, body: { sellerId: seller.body.id } });
    const second = await app.call('POST', `/v1/fairs/${fairId}/bookings`, { token, body: { sellerId: seller.body.id } });
    expect(first.status).toBe(201);
    expect(second.status).toBe(409);
    expect(second.body.code).toBe('already-booked');
  });

  it('frees the booth when a booking is cancelled, so the last booth can be taken again', async () => {
    const { fairId, organiser } = await publishedFair(1);
    const a = await app.token('cooperative', app.sub('free-a'));
    const b = await app.token('cooperative', app.sub('free-b'));
    const sa = await app.call('POST', '/v1/sellers', { token: a, body: sellerBody() });
    const sb = await app.call('POST', '/v1/sellers', { token: b, body: sellerBody() });
    const booked = await app.call('POST', `/v1/fairs/${fairId}/bookings`, { token: a, body: { sellerId: sa.body.id } });
    expect((await app.call('POST', `/v1/fairs/${fairId}/bookings`, { token: b, body: { sellerId: sb.body.id } })).status).toBe(409);
    expect((await app.call('DELETE', `/v1/fairs/${fairId}/bookings/${booked.body.id}`, { token: a })).status).toBe(204);
    expect((await app.call('DELETE', `/v1/fairs/${fairId}/bookings/${booked.body.id}`, { token: a })).status).toBe(404);
    expect((await app.call('POST', `/v1/fairs/${fairId}/bookings`, { token: b, body: { sellerId: sb.body.id } })).status).toBe(201);
    expect((await app.call('GET', `/v1/fairs/${fairId}`, { token: organiser })).body.bookedCount).toBe(1);
  });

  it('returns 409 for a draft fair and for a fair whose registration has closed', async () => {
    const organiser = await app.token('organiser', app.sub('organiser'));
    const token = await app.token('cooperative', app.sub('late'));
    const seller = await app.call('POST', '/v1/sellers', { token, body: sellerBody() });
    const draft = await app.call('POST', '/v1/fairs', { token: organiser, body: fairBody() });
    const onDraft = await app.call('POST', `/v1/fairs/${draft.body.id}/bookings`, { token, body: { sellerId: seller.body.id } });
    expect(onDraft.status).toBe(404); // a draft is invisible to cooperatives
    // New fairs must end today or later, so this one is still ahead but its registration closed yesterday.
    const day = (offset: number) => new Date(Date.now() + 7 * 3600_000 + offset * 86_400_000).toISOString().slice(0, 10);
    const { fairId } = await publishedFair(5, { startsOn: day(10), endsOn: day(12), registrationClosesOn: day(-1) });
    const closed = await app.call('POST', `/v1/fairs/${fairId}/bookings`, { token, body: { sellerId: seller.body.id } });
    expect(closed.status).toBe(409);
    expect(closed.body.code).toBe('registration-closed');
  });
});

describe('optimistic concurrency', () => {
  it('gives one success and one 412 to two concurrent PATCHes on the same version', async () => {
    const token = await app.token('cooperative', app.sub('patcher'));
    const seller = await app.call('POST', '/v1/sellers', { token, body: sellerBody() });
    const path = `/v1/sellers/${seller.body.id}`;
    const [a, b] = await Promise.all([
      app.call('PATCH', path, { token, body: { address: 'A' }, headers: { 'if-match': '"1"' } }),
      app.call('PATCH', path, { token, body: { address: 'B' }, headers: { 'if-match': '"1"' } }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? a : b;
    const now = await app.call('GET', path, { token });
    expect(now.body.address).toBe(winner.body.address);
    expect(now.body.version).toBe(2);
    expect(now.headers.get('etag')).toBe('"2"');
  });

  it('accepts the version as a body field and returns 428 when no version is sent', async () => {
    const token = await app.token('retailer', app.sub('retailer-v'));
    const buyer = await app.call('POST', '/v1/buyers', { token, body: buyerBody() });
    const missing = await app.call('PATCH', `/v1/buyers/${buyer.body.id}`, { token, body: { address: 'X' } });
    expect(missing.status).toBe(428);
    const ok = await app.call('PATCH', `/v1/buyers/${buyer.body.id}`, { token, body: { address: 'X', version: 1 } });
    expect(ok.status).toBe(200);
    const stale = await app.call('PATCH', `/v1/buyers/${buyer.body.id}`, { token, body: { address: 'Y', version: 1 } });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('version-mismatch');
  });

  it('keeps concurrent bookings when the organiser edits the fair', async () => {
    const { fairId, organiser } = await publishedFair(20);
    const coops = await Promise.all(
      Array.from({ length: 10 }, async (_, i) => {
        const token = await app.token('cooperative', app.sub(`edit-${i}`));
        const s = await app.call('POST', '/v1/sellers', { token, body: sellerBody() });
        return { token, sellerId: s.body.id as string };
      }),
    );
    const [edit] = await Promise.all([
      app.call('PATCH', `/v1/fairs/${fairId}`, { token: organiser, body: { venue: 'Cung Văn hóa' }, headers: { 'if-match': '"2"' } }),
      ...coops.map((c) => app.call('POST', `/v1/fairs/${fairId}/bookings`, { token: c.token, body: { sellerId: c.sellerId } })),
    ]);
    expect(edit.status).toBe(200);
    const fair = await app.call('GET', `/v1/fairs/${fairId}`, { token: organiser });
    expect(fair.body.venue).toBe('Cung Văn hóa');
    expect(fair.body.bookedCount).toBe(10);
  });
});

describe('idempotent creates', () => {
  it('returns the stored response to a retry with the same key, and creates one record', async () => {
    const sub = app.sub('idem');
    const token = await app.token('cooperative', sub);
    const headers = { 'idempotency-key': 'create-seller-1' };
    const first = await app.call('POST', '/v1/sellers', { token, body: sellerBody(), headers });
    const retry = await app.call('POST', '/v1/sellers', { token, body: sellerBody(), headers });
    expect(first.status).toBe(201);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    const listing1 = await app.call('POST', '/v1/listings', { token, body: listingBody(first.body.id), headers: { 'idempotency-key': 'l-1' } });
    const listing2 = await app.call('POST', '/v1/listings', { token, body: listingBody(first.body.id), headers: { 'idempotency-key': 'l-1' } });
    expect(listing2.body.id).toBe(listing1.body.id);
    const mine = await app.call('GET', `/v1/listings?sellerId=${first.body.id}`, { token });
    expect(mine.body.items).toHaveLength(1);
  });

  it('returns 422 when the same key comes with another body', async () => {
    const token = await app.token('cooperative', app.sub('idem-422'));
    const headers = { 'idempotency-key': 'same-key' };
    await app.call('POST', '/v1/sellers', { token, body: sellerBody(), headers });
    const other = await app.call('POST', '/v1/sellers', { token, body: sellerBody({ name: 'Khác' }), headers });
    expect(other.status).toBe(422);
    expect(other.body.code).toBe('idempotency-key-reused');
  });

  it('returns 409 to a concurrent duplicate while the first is still running, and keeps one record', async () => {
    const token = await app.token('organiser', app.sub('idem-race'));
    const headers = { 'idempotency-key': 'race-1' };
    const results = await Promise.all(Array.from({ length: 5 }, () => app.call('POST', '/v1/fairs', { token, body: fairBody(), headers })));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201).length).toBeGreaterThanOrEqual(1);
    expect(statuses.every((s) => s === 201 || s === 409)).toBe(true);
    const ids = new Set(results.filter((r) => r.status === 201).map((r) => r.body.id));
    expect(ids.size).toBe(1);
    expect(results.find((r) => r.status === 409)?.body.code ?? 'idempotency-in-progress').toBe('idempotency-in-progress');
  });

  it('scopes keys to the caller, so two users may use the same key', async () => {
    const a = await app.token('cooperative', app.sub('scope-a'));
    const b = await app.token('cooperative', app.sub('scope-b'));
    const headers = { 'idempotency-key': 'shared' };
    const ra = await app.call('POST', '/v1/sellers', { token: a, body: sellerBody(), headers });
    const rb = await app.call('POST', '/v1/sellers', { token: b, body: sellerBody(), headers });
    expect(ra.status).toBe(201);
    expect(rb.status).toBe(201);
    expect(rb.body.id).not.toBe(ra.body.id);
  });
});

describe('pagination', () => {
  it('pages through results with an opaque cursor and rejects a modified one with 400', async () => {
    const token = await app.token('cooperative', app.sub('pager'));
    const seller = await app.call('POST', '/v1/sellers', { token, body: sellerBody() });
    for (let i = 0; i < 5; i++) await app.call('POST', '/v1/listings', { token, body: listingBody(seller.body.id, { quantityKg: 1000 + i }) });
    const first = await app.call('GET', `/v1/listings?sellerId=${seller.body.id}&limit=2`, { token });
    expect(first.body.items).toHaveLength(2);
    const cursor: string = first.body.nextCursor;
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(cursor).not.toContain(seller.body.id);
    const second = await app.call('GET', `/v1/listings?sellerId=${seller.body.id}&limit=2&cursor=${cursor}`, { token });
    expect(second.status).toBe(200);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);
    const flipped = cursor.slice(0, 20) + (cursor[20] === 'A' ? 'B' : 'A') + cursor.slice(21);
    const tampered = await app.call('GET', `/v1/listings?sellerId=${seller.body.id}&limit=2&cursor=${flipped}`, { token });
    expect(tampered.status).toBe(400);
    expect(tampered.body.code).toBe('bad-cursor');
    const otherQuery = await app.call('GET', `/v1/listings?product=vai-thieu&limit=2&cursor=${cursor}`, { token });
    expect(otherQuery.status).toBe(400);
  });

  it('caps the page size at 100', async () => {
    const token = await app.token('cooperative', app.sub('cap'));
    const res = await app.call('GET', '/v1/listings?limit=500', { token });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('query.limit');
  });
});
