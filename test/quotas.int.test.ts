/**
 * Per-user daily quotas on creates, enforced in the table: the HTTP answer (429 problem+json
 * with Retry-After), nothing written past the quota, and no overshoot under concurrency. The
 * routes run on dependencies with small limits, against the test app's table.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '#functions/config.ts';
import { makeDeps, type Deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { quotaKey, secondsToNextVietnamDay } from '#functions/data/quotas.ts';
import { todayInVietnam } from '#domain/versioning.ts';
import { demandRoutes } from '#functions/routes/demands.ts';
import { listingRoutes } from '#functions/routes/listings.ts';
import { webhookRoutes } from '#functions/routes/webhooks.ts';
import { createDispatcher, type LocalResponse } from '#infra/local/server.ts';
import { signDevToken } from '#infra/local/auth.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { buyerBody, demandBody, listingBody, sellerBody, webhookBody } from '#test/support/fixtures.ts';
import { ALL_REPOSITORIES } from '#functions/repositories.ts';

let app: TestApp;
let limited: Deps;
let dispatch: ReturnType<typeof createDispatcher>;
beforeAll(async () => {
  app = await startTestApp('quotas');
  limited = makeDeps({ ...loadConfig(), QUOTA_LISTINGS_PER_DAY: 3, QUOTA_DEMANDS_PER_DAY: 2, QUOTA_WEBHOOKS_PER_DAY: 2 }, { repositories: ALL_REPOSITORIES });
  dispatch = createDispatcher(
    [
      { name: 'listings', routes: listingRoutes, handler: httpHandler(listingRoutes, limited) },
      { name: 'demands', routes: demandRoutes, handler: httpHandler(demandRoutes, limited) },
      { name: 'webhooks', routes: webhookRoutes, handler: httpHandler(webhookRoutes, limited) },
    ],
    app.runtime.secrets,
  );
});
afterAll(async () => {
  await app.stop();
});

async function post(token: string, url: string, body: unknown, lang = 'en'): Promise<{ status: number; headers: Record<string, string>; body: any }> {
  const res: LocalResponse = await dispatch({
    method: 'POST',
    url,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': lang },
    body: Buffer.from(JSON.stringify(body)),
  });
  return { status: res.statusCode, headers: res.headers, body: JSON.parse(String(res.body)) };
}

describe('per-user daily quotas', () => {
  it('answers 429 problem+json with Retry-After once a cooperative has created its listings for the day, and writes nothing more', async () => {
    const sub = app.sub('coop');
    const token = await app.token('cooperative', sub);
    const seller = (await app.call('POST', '/v1/sellers', { token, body: sellerBody() })).body;
    for (let i = 0; i < 3; i++) expect((await post(token, '/v1/listings', listingBody(seller.id))).status).toBe(201);

    const refused = await post(token, '/v1/listings', listingBody(seller.id), 'vi');
    expect(refused.status).toBe(429);
    expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ status: 429, code: 'quota-exceeded', title: 'Đã đạt giới hạn trong ngày' });
    const retryAfter = Number(refused.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(secondsToNextVietnamDay(new Date()) + 5);

    const mine = await app.call('GET', `/v1/listings?sellerId=${seller.id}&limit=100`, { token });
    expect(mine.body.items).toHaveLength(3);
    const counter = await limited.store.get(quotaKey(sub, 'listing', todayInVietnam(new Date())));
    expect(counter).toMatchObject({ count: 3, entity: 'quota' });
    expect(counter!.expiresAt).toBeGreaterThan(Date.now() / 1000);
  });

  it('lets concurrent demand creates past the quota by none', async () => {
    const token = await app.token('retailer', app.sub('retailer'));
    const buyer = (await app.call('POST', '/v1/buyers', { token, body: buyerBody() })).body;
    const results = await Promise.all(Array.from({ length: 6 }, () => post(token, '/v1/demands', demandBody(buyer.id))));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 429, 429, 429, 429]);
    const mine = await app.call('GET', `/v1/demands?buyerId=${buyer.id}&limit=100`, { token });
    expect(mine.body.items).toHaveLength(2);
  });

  it('counts webhooks per person, not per profile, and keeps each person to their own quota', async () => {
    const sub = app.sub('hooks');
    const token = await app.token('cooperative', sub);
    const other = await signDevToken(app.runtime.secrets, app.sub('other'), ['cooperative']);
    const sellers = [(await app.call('POST', '/v1/sellers', { token, body: sellerBody() })).body, (await app.call('POST', '/v1/sellers', { token, body: sellerBody() })).body];
    const otherSeller = (await app.call('POST', '/v1/sellers', { token: other, body: sellerBody() })).body;
    expect((await post(token, `/v1/sellers/${sellers[0].id}/webhooks`, webhookBody())).status).toBe(201);
    expect((await post(token, `/v1/sellers/${sellers[1].id}/webhooks`, webhookBody())).status).toBe(201);
    const third = await post(token, `/v1/sellers/${sellers[1].id}/webhooks`, webhookBody());
    expect(third.status).toBe(429);
    expect(third.body.code).toBe('quota-exceeded');
    expect((await post(other, `/v1/sellers/${otherSeller.id}/webhooks`, webhookBody())).status).toBe(201);
  });
});
