/**
 * Integrity of the HTTP API against DynamoDB Local: idempotency that survives a crash, versions
 * required on every state change, numeric bounds, sane dates, roles read as the array they are,
 * and private fields kept private.
 */
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { deps } from '#functions/deps.ts';
import { httpHandler, type HttpEvent } from '#functions/http/handler.ts';
import { idempotencyKey } from '#functions/data/idempotency.ts';
import { fairRoutes } from '#functions/routes/fairs.ts';
import { listingRoutes } from '#functions/routes/listings.ts';
import { AUDIENCE, ISSUER } from '#infra/local/auth.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { buyerBody, demandBody, fairBody, listingBody, sellerBody, webhookBody } from '#test/support/fixtures.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('integrity');
});
afterAll(async () => {
  await app.stop();
});

/** A date `days` from today in Vietnam, as YYYY-MM-DD. */
const inDays = (days: number) => new Date(Date.now() + 7 * 3600_000 + days * 86_400_000).toISOString().slice(0, 10);

async function ownSeller(name: string) {
  const sub = app.sub(name);
  const token = await app.token('cooperative', sub);
  const seller = await app.call('POST', '/v1/sellers', { token, body: sellerBody() });
  expect(seller.status).toBe(201);
  return { sub, token, sellerId: seller.body.id as string };
}

async function ownBuyer(name: string) {
  const token = await app.token('retailer', app.sub(name));
  const buyer = await app.call('POST', '/v1/buyers', { token, body: buyerBody() });
  expect(buyer.status).toBe(201);
  return { token, buyerId: buyer.body.id as string };
}

async function draftFair(name: string, over: Record<string, unknown> = {}) {
  const token = await app.token('organiser', app.sub(name));
  const fair = await app.call('POST', '/v1/fairs', { token, body: fairBody(over) });
  expect(fair.status, fair.text).toBe(201);
  return { token, fairId: fair.body.id as string };
}

/** The API Gateway event for a signed-in call, as the JWT authorizer would pass it. */
function gatewayEvent(method: string, path: string, routePath: string, sub: string, groups: string, body: unknown, headers: Record<string, string>, pathParameters?: Record<string, string>): HttpEvent {
  return {
    version: '2.0',
    routeKey: `${method} ${routePath}`,
    rawPath: path,
    rawQueryString: '',
    headers: { 'content-type': 'application/json', ...headers },
    pathParameters,
    body: body === undefined ? undefined : JSON.stringify(body),
    isBase64Encoded: false,
    requestContext: { http: { method, path }, requestId: randomUUID(), routeKey: `${method} ${routePath}`, authorizer: { jwt: { claims: { sub, 'cognito:groups': groups }, scopes: [] } } },
  } as unknown as HttpEvent;
}
const lambdaContext = { getRemainingTimeInMillis: () => 30_000 } as unknown as Context;

async function listingsOf(token: string, sellerId: string): Promise<string[]> {
  const ids: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await app.call('GET', `/v1/listings?sellerId=${sellerId}&limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
    ids.push(...page.body.items.map((l: { id: string }) => l.id));
    cursor = page.body.nextCursor;
  } while (cursor);
  return ids;
}

describe('Idempotency-Key across crashes', () => {
  // The simulated crashes are logged as 500s; keep them out of the test output.
  const errors = () => vi.spyOn(console, 'error').mockImplementation(() => undefined);
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it('replays the first answer when the invocation died after its write committed, and keeps one listing', async () => {
    const { sub, token, sellerId } = await ownSeller('crash-after');
    const real = deps();
    // The write commits, then the invocation fails before it can answer (a timeout, a crash).
    const crashing = { ...real, listings: { ...real.listings, create: async (...args: Parameters<typeof real.listings.create>) => { await real.listings.create(...args); throw new Error('invocation died after the write'); } } };
    const handler = httpHandler(listingRoutes, crashing);
    const body = listingBody(sellerId);
    const logged = errors();
    const first = await handler(gatewayEvent('POST', '/v1/listings', '/v1/listings', sub, '[cooperative]', body, { 'idempotency-key': 'crash-1' }), lambdaContext);
    expect(first.statusCode).toBe(500);
    expect(logged).toHaveBeenCalled();
    const retry = await app.call('POST', '/v1/listings', { token, body, headers: { 'idempotency-key': 'crash-1' } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await listingsOf(token, sellerId)).toEqual([retry.body.id]);
  });

  it('replays the first answer when the invocation was killed after its write, without waiting for a claim to go stale', async () => {
    const { sub, token, sellerId } = await ownSeller('killed');
    const real = deps();
    let committed!: () => void;
    const written = new Promise<void>((r) => (committed = r));
    // kill -9 after the commit: the invocation never answers and never cleans up.
    const killed = { ...real, listings: { ...real.listings, create: async (...args: Parameters<typeof real.listings.create>) => { await real.listings.create(...args); committed(); return new Promise<void>(() => undefined); } } };
    const body = listingBody(sellerId);
    errors();
    // The invocation hangs after its write until Lambda stops it (its time is up after 1 s).
    const stopped = httpHandler(listingRoutes, killed)(gatewayEvent('POST', '/v1/listings', '/v1/listings', sub, '[cooperative]', body, { 'idempotency-key': 'kill-1' }), {
      getRemainingTimeInMillis: () => 1000,
    } as unknown as Context);
    await written;
    const retry = await app.call('POST', '/v1/listings', { token, body, headers: { 'idempotency-key': 'kill-1' } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(await listingsOf(token, sellerId)).toEqual([retry.body.id]);
    // Out of time, the stopped invocation answers busy (503, Retry-After): a retry is the cure.
    const answer = await stopped;
    expect(answer.statusCode).toBe(503);
    expect(answer.headers).toMatchObject({ 'retry-after': '1' });
  });

  it('creates exactly one listing per key when concurrent creates die before, after or without their write and are all retried', async () => {
    const { sub, token, sellerId } = await ownSeller('mass-crash');
    const real = deps();
    const keys = Array.from({ length: 30 }, (_, i) => `mass-${i}`);
    const fate = new Map<string, 'before' | 'after' | 'fine'>(keys.map((k, i) => [k, (['before', 'after', 'fine'] as const)[i % 3]]));
    const handlers = new Map(
      keys.map((key) => {
        const create = async (...args: Parameters<typeof real.listings.create>) => {
          if (fate.get(key) === 'before') throw new Error('invocation died before the write');
          await real.listings.create(...args);
          if (fate.get(key) === 'after') throw new Error('invocation died after the write');
        };
        return [key, httpHandler(listingRoutes, { ...real, listings: { ...real.listings, create } })];
      }),
    );
    const body = (i: number) => listingBody(sellerId, { quantityKg: 1000 + i });
    errors();
    const firsts = await Promise.all(keys.map((key, i) => handlers.get(key)!(gatewayEvent('POST', '/v1/listings', '/v1/listings', sub, '[cooperative]', body(i), { 'idempotency-key': key }), lambdaContext)));
    expect(firsts.filter((r) => r.statusCode === 201)).toHaveLength(10);
    const retries = await Promise.all(keys.map((key, i) => app.call('POST', '/v1/listings', { token, body: body(i), headers: { 'idempotency-key': key } })));
    expect(retries.map((r) => r.status)).toEqual(keys.map(() => 201));
    expect(retries.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(20);
    const ids = await listingsOf(token, sellerId);
    expect(ids).toHaveLength(30);
    expect(new Set(ids)).toEqual(new Set(retries.map((r) => r.body.id)));
  });

  it('replays a booking whose invocation died after the booth was taken, and takes one booth', async () => {
    const { token: organiser, fairId } = await draftFair('crash-fair');
    expect((await app.call('POST', `/v1/fairs/${fairId}/publish`, { token: organiser, headers: { 'if-match': '"1"' } })).status).toBe(200);
    const { sub, token, sellerId } = await ownSeller('crash-booker');
    const real = deps();
    const crashing = { ...real, bookings: { ...real.bookings, book: async (...args: Parameters<typeof real.bookings.book>) => { await real.bookings.book(...args); throw new Error('invocation died after the write'); } } };
    errors();
    const first = await httpHandler(fairRoutes, crashing)(
      gatewayEvent('POST', `/v1/fairs/${fairId}/bookings`, '/v1/fairs/{fairId}/bookings', sub, '[cooperative]', { sellerId }, { 'idempotency-key': 'book-1' }, { fairId }),
      lambdaContext,
    );
    expect(first.statusCode).toBe(500);
    const retry = await app.call('POST', `/v1/fairs/${fairId}/bookings`, { token, body: { sellerId }, headers: { 'idempotency-key': 'book-1' } });
    expect(retry.status).toBe(201);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect((await app.call('GET', `/v1/fairs/${fairId}`, { token: organiser })).body.bookedCount).toBe(1);
  });

  it('gives concurrent duplicates the first answer or 409, never a second record', async () => {
    const { token, sellerId } = await ownSeller('dup');
    const body = listingBody(sellerId);
    const results = await Promise.all(Array.from({ length: 8 }, () => app.call('POST', '/v1/listings', { token, body, headers: { 'idempotency-key': 'dup-1' } })));
    expect(results.every((r) => r.status === 201 || (r.status === 409 && r.body.code === 'idempotency-in-progress'))).toBe(true);
    const ids = await listingsOf(token, sellerId);
    expect(ids).toHaveLength(1);
    expect(new Set(results.filter((r) => r.status === 201).map((r) => r.body.id))).toEqual(new Set(ids));
  });

  it('replays a publish, and answers the same key with another If-Match with 422', async () => {
    const { token, fairId } = await draftFair('idem-publish');
    const headers = { 'if-match': '"1"', 'idempotency-key': 'pub-1' };
    const first = await app.call('POST', `/v1/fairs/${fairId}/publish`, { token, headers });
    const again = await app.call('POST', `/v1/fairs/${fairId}/publish`, { token, headers });
    expect(first.status).toBe(200);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    const other = await app.call('POST', `/v1/fairs/${fairId}/publish`, { token, headers: { ...headers, 'if-match': '"2"' } });
    expect(other.status).toBe(422);
  });

  it('never stores a webhook secret in the idempotency record, and replays the endpoint without it', async () => {
    const { sub, token, sellerId } = await ownSeller('idem-hook');
    const headers = { 'idempotency-key': 'hook-1' };
    const first = await app.call('POST', `/v1/sellers/${sellerId}/webhooks`, { token, body: webhookBody(), headers });
    expect(first.status).toBe(201);
    expect(first.body.secret).toMatch(/^whsec_/);
    const record = await deps().store.get(idempotencyKey(sub, 'hook-1'));
    expect(record).toBeDefined();
    expect(JSON.stringify(record)).not.toContain(first.body.secret);
    const again = await app.call('POST', `/v1/sellers/${sellerId}/webhooks`, { token, body: webhookBody(), headers });
    expect(again.status).toBe(201);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(again.body).not.toHaveProperty('secret');
  });
});

describe('versions on state changes', () => {
  it('answers a withdrawal without If-Match with 428, a stale one with 412, and the current one with 200', async () => {
    const { token, sellerId } = await ownSeller('withdraw');
    const listing = await app.call('POST', '/v1/listings', { token, body: listingBody(sellerId) });
    const path = `/v1/listings/${listing.body.id}`;
    expect((await app.call('DELETE', path, { token })).status).toBe(428);
    await app.call('PATCH', path, { token, body: { priceVndPerKg: 24_000 }, headers: { 'if-match': '"1"' } });
    const stale = await app.call('DELETE', path, { token, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('version-mismatch');
    expect((await app.call('DELETE', path, { token, headers: { 'if-match': '"2"' } })).status).toBe(200);
  });

  it('answers a demand withdrawal without If-Match with 428', async () => {
    const { token, buyerId } = await ownBuyer('withdraw-demand');
    const demand = await app.call('POST', '/v1/demands', { token, body: demandBody(buyerId) });
    expect((await app.call('DELETE', `/v1/demands/${demand.body.id}`, { token })).status).toBe(428);
    expect((await app.call('DELETE', `/v1/demands/${demand.body.id}`, { token, headers: { 'if-match': '"1"' } })).status).toBe(200);
  });

  it('answers publish and cancel without If-Match with 428, and a stale publish of a published fair with 412', async () => {
    const { token, fairId } = await draftFair('publish-version');
    expect((await app.call('POST', `/v1/fairs/${fairId}/publish`, { token })).status).toBe(428);
    expect((await app.call('POST', `/v1/fairs/${fairId}/publish`, { token, headers: { 'if-match': '"1"' } })).status).toBe(200);
    const stale = await app.call('POST', `/v1/fairs/${fairId}/publish`, { token, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    expect((await app.call('POST', `/v1/fairs/${fairId}/cancel`, { token })).status).toBe(428);
    expect((await app.call('POST', `/v1/fairs/${fairId}/cancel`, { token, headers: { 'if-match': '"1"' } })).status).toBe(412);
    expect((await app.call('POST', `/v1/fairs/${fairId}/cancel`, { token, headers: { 'if-match': '"2"' } })).status).toBe(200);
  });

  it('answers a secret rotation and a webhook deletion without If-Match with 428', async () => {
    const { token, sellerId } = await ownSeller('hook-version');
    const hook = await app.call('POST', `/v1/sellers/${sellerId}/webhooks`, { token, body: webhookBody() });
    expect((await app.call('POST', `/v1/webhooks/${hook.body.id}/rotate-secret`, { token })).status).toBe(428);
    expect((await app.call('DELETE', `/v1/webhooks/${hook.body.id}`, { token })).status).toBe(428);
    expect((await app.call('POST', `/v1/webhooks/${hook.body.id}/rotate-secret`, { token, headers: { 'if-match': '"1"' } })).status).toBe(200);
    expect((await app.call('DELETE', `/v1/webhooks/${hook.body.id}`, { token, headers: { 'if-match': '"1"' } })).status).toBe(412);
  });
});

describe('numeric bounds', () => {
  /** Raw JSON numbers (and a string) at the extremes; each must be refused with the field's path. */
  const INVALID = ['1e-131', '5e-324', '1e308', '1.7976931348623157e308', '1e400', '-0', '0', '-1', '0.0001', '1.2345', '12.0005', '"NaN"', '"12"', 'null', '9007199254740993'];

  async function fuzz(send: (raw: string) => Promise<{ status: number; body: any; headers: Headers }>, field: string, integer: boolean, max = 100_000_000) {
    for (const raw of INVALID) {
      const res = await send(raw);
      expect(res.status, `${field} = ${raw}`).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.body.errors.map((e: { path: string }) => e.path), `${field} = ${raw}`).toContain(field);
    }
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -1, max: 200_000_000 })), async (n) => {
        const res = await send(JSON.stringify(n));
        expect(res.status).toBeLessThan(500);
        const valid = n > 0 && n <= max && (integer ? Number.isInteger(n) : Math.round(n * 1000) / 1000 === n);
        if (valid) expect([201, 200]).toContain(res.status);
        else expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
      }),
      { numRuns: 8 },
    );
  }

  it('refuses kilograms and prices that are tiny, huge, negative, too precise or not numbers, never with a 5xx', { timeout: 240_000 }, async () => {
    const { token, sellerId } = await ownSeller('fuzz');
    const base = listingBody(sellerId, { quantityKg: 100_000_000, minOrderKg: 0.001, priceVndPerKg: 1, priceConfirmed: true });
    for (const [field, integer] of [['quantityKg', false], ['minOrderKg', false], ['priceVndPerKg', true]] as const) {
      await fuzz(
        (raw) => app.call('POST', '/v1/listings', { token, rawBody: JSON.stringify({ ...base, [field]: '@' }).replace('"@"', raw), headers: { 'content-type': 'application/json' } }),
        field,
        integer,
      );
    }
  });

  it('refuses out-of-bounds quantities, prices and distances on demands and booth counts on fairs', { timeout: 240_000 }, async () => {
    const { token, buyerId } = await ownBuyer('fuzz-demand');
    const base = demandBody(buyerId, { quantityKg: 100_000_000, minQuantityKg: 0.001, maxPriceVndPerKg: 1, priceConfirmed: true });
    for (const [field, integer, max] of [['quantityKg', false, 1e8], ['minQuantityKg', false, 1e8], ['maxPriceVndPerKg', true, 1e8], ['maxDistanceKm', true, 2000]] as const) {
      await fuzz((raw) => app.call('POST', '/v1/demands', { token, rawBody: JSON.stringify({ ...base, [field]: '@' }).replace('"@"', raw), headers: { 'content-type': 'application/json' } }), field, integer, max);
    }
    const organiser = await app.token('organiser', app.sub('fuzz-fair'));
    for (const raw of ['1e-131', '1e308', '-0', '0.5', '"NaN"']) {
      const res = await app.call('POST', '/v1/fairs', { token: organiser, rawBody: JSON.stringify({ ...fairBody(), boothCount: '@' }).replace('"@"', raw), headers: { 'content-type': 'application/json' } });
      expect(res.status).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain('boothCount');
    }
  });

  it('refuses a patch with a tiny quantity or an absurd version with 400', async () => {
    const { token, sellerId } = await ownSeller('fuzz-patch');
    const listing = await app.call('POST', '/v1/listings', { token, body: listingBody(sellerId) });
    for (const [field, raw] of [['quantityKg', '1e-131'], ['version', '1e308'], ['version', '-0.5']]) {
      const res = await app.call('PATCH', `/v1/listings/${listing.body.id}`, { token, rawBody: `{"${field}":${raw}}`, headers: { 'content-type': 'application/json', 'if-match': '"1"' } });
      expect(res.status, `${field} = ${raw}`).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(field);
    }
  });

  it('accepts three decimals of a kilogram', async () => {
    const { token, sellerId } = await ownSeller('grams');
    const res = await app.call('POST', '/v1/listings', { token, body: listingBody(sellerId, { quantityKg: 1234.567, minOrderKg: 0.001 }) });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ quantityKg: 1234.567, remainingKg: 1234.567, minOrderKg: 0.001 });
  });
});

describe('dates', () => {
  it('refuses a listing in 1900, one that ended yesterday and one beyond two years, naming the field', async () => {
    const { token, sellerId } = await ownSeller('dates');
    const cases: [Record<string, string>, string, string][] = [
      [{ availableFrom: '1900-01-01', availableTo: '1900-01-31' }, 'availableTo', 'date-in-past'],
      [{ availableFrom: inDays(-10), availableTo: inDays(-1) }, 'availableTo', 'date-in-past'],
      [{ availableFrom: inDays(10), availableTo: inDays(3 * 366) }, 'availableTo', 'date-too-far'],
      [{ availableFrom: '1900-01-01', availableTo: inDays(10) }, 'availableFrom', 'date-too-early'],
      [{ availableFrom: inDays(20), availableTo: inDays(10) }, 'availableTo', 'window-order'],
    ];
    for (const [dates, path, code] of cases) {
      const res = await app.call('POST', '/v1/listings', { token, body: listingBody(sellerId, dates), headers: { 'accept-language': 'vi' } });
      expect(res.status, JSON.stringify(dates)).toBe(400);
      expect(res.body.errors, JSON.stringify(dates)).toContainEqual(expect.objectContaining({ path, code }));
    }
    expect((await app.call('POST', '/v1/listings', { token, body: listingBody(sellerId, { availableFrom: inDays(-5), availableTo: inDays(0) }) })).status).toBe(201);
  });

  it('refuses a demand that ended in the past and a patch that moves a listing to 1900', async () => {
    const { token, buyerId } = await ownBuyer('dates-demand');
    const demand = await app.call('POST', '/v1/demands', { token, body: demandBody(buyerId, { neededFrom: '1900-01-01', neededTo: '1900-02-01' }) });
    expect(demand.status).toBe(400);
    expect(demand.body.errors).toContainEqual(expect.objectContaining({ path: 'neededTo', code: 'date-in-past' }));
    const seller = await ownSeller('dates-patch');
    const listing = await app.call('POST', '/v1/listings', { token: seller.token, body: listingBody(seller.sellerId) });
    const patch = await app.call('PATCH', `/v1/listings/${listing.body.id}`, { token: seller.token, body: { availableFrom: '1900-01-01', availableTo: '1900-01-02' }, headers: { 'if-match': '"1"' } });
    expect(patch.status).toBe(400);
    expect(patch.body.errors).toContainEqual(expect.objectContaining({ path: 'availableTo', code: 'date-in-past' }));
  });

  it('refuses a fair in 1900 so it can never be published', async () => {
    const organiser = await app.token('organiser', app.sub('dates-fair'));
    const res = await app.call('POST', '/v1/fairs', { token: organiser, body: fairBody({ startsOn: '1900-01-10', endsOn: '1900-01-12', registrationClosesOn: '1900-01-01' }) });
    expect(res.status).toBe(400);
    expect(res.body.errors).toContainEqual(expect.objectContaining({ path: 'endsOn', code: 'date-in-past' }));
  });
});

describe('roles', () => {
  const signed = (claims: Record<string, unknown>, exp = true) => {
    const jwt = new SignJWT(claims).setProtectedHeader({ alg: 'ES256', typ: 'JWT' }).setSubject(app.sub('forger')).setIssuer(ISSUER).setAudience(AUDIENCE).setIssuedAt();
    return (exp ? jwt.setExpirationTime('1h') : jwt).sign(app.runtime.secrets.signingKey);
  };

  it('does not make an admin of a group named "retailer,admin"', async () => {
    const token = await signed({ 'cognito:groups': ['retailer,admin'] });
    const res = await app.call('GET', '/v1/stats', { token });
    expect(res.status).toBe(403);
  });

  it('refuses a token without an expiry', async () => {
    const token = await signed({ 'cognito:groups': ['admin'] }, false);
    expect((await app.call('GET', '/v1/stats', { token })).status).toBe(401);
  });
});

describe('private fields', () => {
  it('shows ownerId only to the owner and to admins', async () => {
    const { sub, token, sellerId } = await ownSeller('owner-id');
    const listing = await app.call('POST', '/v1/listings', { token, body: listingBody(sellerId) });
    expect(listing.body.ownerId).toBe(sub);
    const other = await app.token('retailer', app.sub('curious'));
    const admin = await app.token('admin', app.sub('admin'));
    expect((await app.call('GET', `/v1/listings/${listing.body.id}`, { token: other })).body).not.toHaveProperty('ownerId');
    expect((await app.call('GET', `/v1/sellers/${sellerId}`, { token: other })).body).not.toHaveProperty('ownerId');
    const search = await app.call('GET', `/v1/listings?sellerId=${sellerId}`, { token: other });
    expect(search.body.items[0]).not.toHaveProperty('ownerId');
    expect((await app.call('GET', `/v1/listings/${listing.body.id}`, { token: admin })).body.ownerId).toBe(sub);
    expect((await app.call('GET', `/v1/listings/${listing.body.id}`, { token })).body.ownerId).toBe(sub);
  });

  it('forbids caching of responses that carry phone numbers, e-mails or tax codes', async () => {
    const { token, sellerId } = await ownSeller('no-store');
    const other = await app.token('retailer', app.sub('reader'));
    const seller = await app.call('GET', `/v1/sellers/${sellerId}`, { token: other });
    expect(seller.body.contact.phone).toBeDefined();
    expect(seller.headers.get('cache-control')).toBe('no-store');
    const { token: rt, buyerId } = await ownBuyer('no-store-buyer');
    expect((await app.call('GET', `/v1/buyers/${buyerId}`, { token: rt })).headers.get('cache-control')).toBe('no-store');
    expect((await app.call('POST', '/v1/sellers', { token, body: sellerBody() })).headers.get('cache-control')).toBe('no-store');
  });
});
