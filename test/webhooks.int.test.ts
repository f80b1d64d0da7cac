/**
 * Webhooks end to end, against DynamoDB Local: endpoints registered through the API, events
 * enqueued with `enqueueDeliveries`, attempts made by the worker (with the retry schedule
 * compressed by a time scale) to real HTTP receivers on loopback, verified with the reference
 * Standard Webhooks library.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import { ulid } from 'ulid';
import type { Envelope } from '#events/envelope.ts';
import type { NotificationInput } from '#domain/notifications.ts';
import type { WebhookTransport } from '#domain/ports.ts';
import { ValidationError } from '#domain/errors.ts';
import { createWebhook } from '#domain/webhooks.ts';
import { WEBHOOK_MAX_ATTEMPTS, enqueueDeliveries, type Delivery } from '#domain/webhook-delivery.ts';
import { ScanCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import type { Deps } from '#functions/deps.ts';
import { staticResolver } from '#test/support/resolver.ts';
import { endpointPolicy } from '#functions/webhooks/address-policy.ts';
import { webhookKeys } from '#functions/data/webhooks.ts';
import { runDueDeliveries, startWebhookWorker } from '#functions/webhooks/worker.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { fairBody, sellerBody } from '#test/support/fixtures.ts';
import { ALL_REPOSITORIES } from '#functions/repositories.ts';

let app: TestApp;
let base: Deps;

beforeAll(async () => {
  app = await startTestApp('webhooks');
  // These tests drive delivery themselves, with compressed time: stop the runtime's own worker
  // (if the local runtime runs one as `webhookWorker`) so it does not take attempts at real time.
  await (app.runtime as { webhookWorker?: { stop(): Promise<void> } }).webhookWorker?.stop();
  // The runtime has set the functions' environment (table, endpoint, local mode).
  const { makeDeps } = await import('#functions/deps.ts');
  const { loadConfig } = await import('#functions/config.ts');
  base = makeDeps(loadConfig(), { repositories: ALL_REPOSITORIES });
});
afterAll(async () => {
  await app.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Deps with a compressed schedule and a notification sink that records what it is told. */
function testDeps(timeScale: number, over: Partial<Deps> = {}) {
  const notified: NotificationInput[] = [];
  const deps: Deps = {
    ...base,
    webhookSettings: { timeScale },
    notifications: { ...base.notifications, notify: async (n: NotificationInput) => void notified.push(n) },
    ...over,
  };
  return { deps, notified };
}

interface Received {
  id: string;
  body: string;
  headers: Record<string, string>;
  at: number;
}

type Respond = (n: number, req: Received) => { status: number; headers?: Record<string, string> };

/**
 * A free port from below the range the system hands out to `listen(0)` (32768–60999 on Linux):
 * while a receiver on it is down, no other server of the run can be given it. With an ordinary
 * free port, another test file's server once took it and the receiver could not come back up.
 */
async function portForAReceiverThatIsDown(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const probe = await receiver(() => ({ status: 204 }), port).catch(() => undefined);
    if (!probe) continue;
    await probe.close();
    return port;
  }
}

/** A real HTTP receiver on 127.0.0.1; `respond` decides each answer. */
async function receiver(respond: Respond, port = 0) {
  const requests: Received[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const rec: Received = { id: String(req.headers['webhook-id']), body: Buffer.concat(chunks).toString('utf8'), headers: req.headers as Record<string, string>, at: Date.now() };
      requests.push(rec);
      const answer = respond(requests.length, rec);
      res.writeHead(answer.status, answer.headers);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}/hook`,
    port: actual,
    requests,
    close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))),
  };
}

/** A cooperative with a seller profile and a webhook endpoint registered through the API. */
async function sellerWithWebhook(name: string, url: string, eventTypes: string[] = ['*']) {
  const sub = app.sub(name);
  const token = await app.token('cooperative', sub);
  const seller = await app.call('POST', '/v1/sellers', { token, body: sellerBody() });
  expect(seller.status).toBe(201);
  const hook = await app.call('POST', `/v1/sellers/${seller.body.id}/webhooks`, { token, body: { url, eventTypes, description: name } });
  expect(hook.status, hook.text).toBe(201);
  return { sub, token, sellerId: seller.body.id as string, webhookId: hook.body.id as string, secret: hook.body.secret as string };
}

const envelope = (sellerId: string, name = 'MatchProposed', data: Record<string, unknown> = {}): Envelope => ({
  id: ulid(),
  name,
  source: 'ketnoi.matching',
  version: 1,
  time: new Date().toISOString(),
  subject: 'test',
  audience: { subs: [], sellerIds: [sellerId], buyerIds: [] },
  data,
});

/** Runs the scheduler until `done`. */
async function drive(deps: Deps, done: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error('delivery did not finish in time');
    await runDueDeliveries(deps, new Date());
    await sleep(5);
  }
}

const settled = (deps: Deps, d: Delivery) => async () => (await deps.deliveries.get(d.webhookId, d.id))?.status !== 'pending';

describe('delivery', () => {
  it('retries a receiver that fails three times: four attempts, one webhook-id, identical signed bytes, delivered once', async () => {
    const rx = await receiver((n) => ({ status: n <= 3 ? 500 : 204 }));
    const { webhookId, secret, token, sellerId } = await sellerWithWebhook('flaky', rx.url);
    const other = await sellerWithWebhook('flaky-other', rx.url); // another profile: must not get this event
    const { deps } = testDeps(0.001);
    const event = envelope(sellerId, 'MatchProposed', { matchId: 'M1' });

    // Processing the event several times, even concurrently, makes one delivery.
    const runs = await Promise.all(Array.from({ length: 5 }, () => enqueueDeliveries(deps, event)));
    expect(runs.reduce((n, r) => n + r.created.length, 0)).toBe(1);
    expect(runs.reduce((n, r) => n + r.duplicates, 0)).toBe(4);
    const [delivery] = runs.flatMap((r) => r.created);
    expect(delivery.webhookId).toBe(webhookId);

    await drive(deps, settled(deps, delivery));
    await rx.close();

    expect(rx.requests).toHaveLength(4);
    expect(new Set(rx.requests.map((r) => r.id))).toEqual(new Set([delivery.id]));
    expect(new Set(rx.requests.map((r) => r.body)).size).toBe(1);
    const verifier = new Webhook(secret);
    for (const r of rx.requests) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['user-agent']).toBe('KetNoi-Webhooks/1');
      expect(verifier.verify(r.body, r.headers)).toMatchObject({ type: 'MatchProposed', data: { id: event.id, data: { matchId: 'M1' } } });
    }
    const stored = await deps.deliveries.get(webhookId, delivery.id);
    expect(stored).toMatchObject({ status: 'delivered', attemptCount: 4 });
    expect(stored!.attempts.map((a) => a.statusCode)).toEqual([500, 500, 500, 204]);
    expect(stored!.nextAttemptAt).toBeUndefined();

    // The owner sees it in the API; a second profile's endpoint got nothing.
    const list = await app.call('GET', `/v1/webhooks/${webhookId}/deliveries`, { token });
    expect(list.status).toBe(200);
    expect(list.body.items).toHaveLength(1);
    expect(list.body.items[0]).toMatchObject({ id: delivery.id, status: 'delivered', eventName: 'MatchProposed', attemptCount: 4 });
    expect(list.body.items[0].attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual([500, 500, 500, 204]);
    expect(list.body.items[0].payload).toBeUndefined();
    expect((await base.deliveries.listByWebhook(other.webhookId, { limit: 10 })).items).toEqual([]);

    // Processing the same event again later still makes no second delivery.
    expect(await enqueueDeliveries(deps, event)).toMatchObject({ created: [], duplicates: 1 });
  });

  it('gets all of a 200-event burst to a receiver that was down, each once by webhook-id', async () => {
    const port = await portForAReceiverThatIsDown();
    const { webhookId, secret, token } = await sellerWithWebhook('burst', `http://127.0.0.1:${port}/hook`);
    const webhook = (await base.webhooks.get(webhookId))!;
    const { deps } = testDeps(0.001);

    const events = Array.from({ length: 200 }, (_, i) => envelope(webhook.profile.id, 'ListingPublished', { listingId: `L${i}` }));
    for (let i = 0; i < events.length; i += 50) await Promise.all(events.slice(i, i + 50).map((e) => enqueueDeliveries(deps, e)));

    let attempted = 0;
    // Batches of 50, so the burst takes several rounds of the worker as a larger one would with
    // its default 200 (500 events here made this the suite's second-largest test).
    const worker = startWebhookWorker(deps, { intervalMs: 10, run: { batchSize: 50 }, onReport: (r) => (attempted += r.attempted) });
    let rx: Awaited<ReturnType<typeof receiver>> | undefined;
    try {
      worker.kick();
      // Down until every delivery has had an attempt refused.
      const downUntil = Date.now() + 60_000;
      while (attempted < events.length && Date.now() < downUntil) await sleep(20);
      expect(attempted).toBeGreaterThanOrEqual(events.length);

      rx = await receiver(() => ({ status: 200 }), port); // back up, same address
      const deadline = Date.now() + 60_000;
      while (new Set(rx.requests.map((r) => r.id)).size < events.length && Date.now() < deadline) await sleep(50);
    } finally {
      // Also when the test fails: a worker left running would send the next tests' deliveries.
      await worker.stop();
      await rx?.close();
    }

    const ids = rx.requests.map((r) => r.id);
    expect(new Set(ids).size).toBe(events.length);
    expect(ids).toHaveLength(events.length); // no duplicates
    const verifier = new Webhook(secret);
    const seen = new Set(rx.requests.map((r) => (verifier.verify(r.body, r.headers) as { data: { data: { listingId: string } } }).data.data.listingId));
    expect(seen.size).toBe(events.length);

    // Every delivery is delivered after at least one refused attempt; paged through the API.
    let cursor: string | undefined;
    const listed: { status: string; attempts: { error?: string; statusCode?: number }[] }[] = [];
    do {
      const page = await app.call('GET', `/v1/webhooks/${webhookId}/deliveries?limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
      expect(page.status).toBe(200);
      listed.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(listed).toHaveLength(events.length);
    expect(listed.every((d) => d.status === 'delivered')).toBe(true);
    expect(listed.every((d) => d.attempts[0].error === 'connection refused' && d.attempts.at(-1)!.statusCode === 200)).toBe(true);
    // About 4 s on an idle machine (DynamoDB Local does ~200 writes/s); more when other test files compete for the CPU.
  }, 180_000);

  it('never sends one attempt twice when several workers run at once', async () => {
    const rx = await receiver(() => ({ status: 204 }));
    const { sellerId } = await sellerWithWebhook('racing', rx.url);
    const { deps } = testDeps(0.001);
    await Promise.all(Array.from({ length: 40 }, () => enqueueDeliveries(deps, envelope(sellerId))));
    const reports = await Promise.all(Array.from({ length: 4 }, () => runDueDeliveries(deps, new Date(), { concurrency: 8 })));
    await rx.close();
    expect(reports.reduce((n, r) => n + r.delivered, 0)).toBe(40);
    expect(rx.requests).toHaveLength(40);
    expect(new Set(rx.requests.map((r) => r.id)).size).toBe(40);
  });

  it('disables the endpoint at once on 410 Gone and tells its owner', async () => {
    const rx = await receiver(() => ({ status: 410 }));
    const { sub, webhookId, token, sellerId } = await sellerWithWebhook('gone', rx.url);
    const { deps, notified } = testDeps(0.001);
    const { created } = await enqueueDeliveries(deps, envelope(sellerId));
    await drive(deps, settled(deps, created[0]));
    await rx.close();

    expect(rx.requests).toHaveLength(1);
    expect(await deps.deliveries.get(webhookId, created[0].id)).toMatchObject({ status: 'failed', attemptCount: 1 });
    const hooks = await app.call('GET', `/v1/sellers/${sellerId}/webhooks`, { token });
    expect(hooks.body.items[0]).toMatchObject({ id: webhookId, status: 'disabled', disabledReason: 'endpoint-gone' });
    expect(notified).toEqual([expect.objectContaining({ sub, type: 'webhook-failed', link: `/v1/webhooks/${webhookId}/deliveries` })]);
    // A disabled endpoint gets no new deliveries.
    expect((await enqueueDeliveries(deps, envelope(sellerId))).created).toEqual([]);
  });

  it('waits at least Retry-After after a 429', async () => {
    const rx = await receiver((n) => (n === 1 ? { status: 429, headers: { 'retry-after': '60' } } : { status: 200 }));
    const { sellerId, webhookId } = await sellerWithWebhook('slow-down', rx.url);
    // Scale 0.01: the schedule's 5 s becomes 50 ms, Retry-After's 60 s becomes 600 ms.
    const { deps } = testDeps(0.01);
    const { created } = await enqueueDeliveries(deps, envelope(sellerId));
    await drive(deps, settled(deps, created[0]));
    await rx.close();

    expect(rx.requests).toHaveLength(2);
    expect(rx.requests[1].at - rx.requests[0].at).toBeGreaterThanOrEqual(590);
    const stored = await deps.deliveries.get(webhookId, created[0].id);
    expect(stored!.attempts.map((a) => a.statusCode)).toEqual([429, 200]);
    expect(Date.parse(stored!.attempts[1].at) - Date.parse(stored!.attempts[0].at)).toBeGreaterThanOrEqual(595);
  });

  it('makes a delivery dead after the last attempt, disables the endpoint, notifies the owner, and re-sends it on retry', async () => {
    let status = 503;
    const rx = await receiver(() => ({ status }));
    const { sub, sellerId, webhookId, token, secret } = await sellerWithWebhook('dead', rx.url);
    // Scale 1e-5: the whole ~2.9-day schedule takes about 2.5 s.
    const { deps, notified } = testDeps(0.00001);
    const { created } = await enqueueDeliveries(deps, envelope(sellerId, 'MatchConfirmed'));
    await drive(deps, settled(deps, created[0]), 30_000);

    expect(rx.requests).toHaveLength(WEBHOOK_MAX_ATTEMPTS);
    const dead = await app.call('GET', `/v1/webhooks/${webhookId}/deliveries?status=dead`, { token });
    expect(dead.body.items).toHaveLength(1);
    expect(dead.body.items[0]).toMatchObject({ id: created[0].id, status: 'dead', attemptCount: WEBHOOK_MAX_ATTEMPTS });
    expect(dead.body.items[0].nextAttemptAt).toBeUndefined();
    expect(dead.body.items[0].attempts.map((a: { statusCode: number }) => a.statusCode)).toEqual(new Array(WEBHOOK_MAX_ATTEMPTS).fill(503));
    const hooks = await app.call('GET', `/v1/sellers/${sellerId}/webhooks`, { token });
    expect(hooks.body.items[0]).toMatchObject({ status: 'disabled', disabledReason: 'deliveries-failing' });
    expect(notified).toHaveLength(1);
    expect(notified[0]).toMatchObject({ sub, type: 'webhook-failed', link: `/v1/webhooks/${webhookId}/deliveries` });
    expect(notified[0].title.vi).toBeTruthy();
    expect(notified[0].dedupeKey).toContain(webhookId);
    // Nothing more is sent on its own.
    await runDueDeliveries(deps, new Date());
    expect(rx.requests).toHaveLength(WEBHOOK_MAX_ATTEMPTS);

    // Fixed: the owner re-sends it (accepted at once, sent by the worker); same webhook-id and
    // bytes; the endpoint is active again.
    status = 200;
    const retried = await app.call('POST', `/v1/webhooks/${webhookId}/deliveries/${created[0].id}/retry`, { token });
    expect(retried.status, retried.text).toBe(202);
    expect(retried.body).toMatchObject({ id: created[0].id, status: 'pending', attemptCount: WEBHOOK_MAX_ATTEMPTS });
    expect(Date.parse(retried.body.nextAttemptAt)).toBeLessThanOrEqual(Date.now());
    await drive(deps, settled(deps, created[0]));
    const after = await app.call('GET', `/v1/webhooks/${webhookId}/deliveries`, { token });
    expect(after.body.items[0]).toMatchObject({ id: created[0].id, status: 'delivered', attemptCount: WEBHOOK_MAX_ATTEMPTS + 1 });
    expect(after.body.items[0].attempts.at(-1)).toMatchObject({ statusCode: 200, manual: true });
    expect(rx.requests).toHaveLength(WEBHOOK_MAX_ATTEMPTS + 1);
    expect(new Set(rx.requests.map((r) => r.id))).toEqual(new Set([created[0].id]));
    expect(new Set(rx.requests.map((r) => r.body)).size).toBe(1);
    expect(new Webhook(secret).verify(rx.requests.at(-1)!.body, rx.requests.at(-1)!.headers)).toBeTruthy();
    expect((await app.call('GET', `/v1/sellers/${sellerId}/webhooks`, { token })).body.items[0].status).toBe('active');
    // A delivered one is not re-sent; someone else's is invisible.
    expect((await app.call('POST', `/v1/webhooks/${webhookId}/deliveries/${created[0].id}/retry`, { token })).status).toBe(409);
    const stranger = await app.token('cooperative', app.sub('dead-stranger'));
    expect((await app.call('POST', `/v1/webhooks/${webhookId}/deliveries/${created[0].id}/retry`, { token: stranger })).status).toBe(404);
    await rx.close();
  });
});

describe('secrets', () => {
  it('shows the secret only on create and rotate, and signs with both secrets during the overlap', async () => {
    const rx = await receiver(() => ({ status: 204 }));
    const { sellerId, webhookId, token, secret: first } = await sellerWithWebhook('rotate', rx.url, ['MatchProposed', 'MatchConfirmed']);
    expect(first).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);

    const listed = await app.call('GET', `/v1/sellers/${sellerId}/webhooks`, { token });
    expect(listed.status).toBe(200);
    expect(listed.text).not.toContain('whsec_');
    expect(listed.body.items[0]).toMatchObject({ id: webhookId, eventTypes: ['MatchProposed', 'MatchConfirmed'], status: 'active' });
    expect(listed.body.items[0].secret).toBeUndefined();
    expect(listed.body.items[0].secrets).toBeUndefined();

    const rotated = await app.call('POST', `/v1/webhooks/${webhookId}/rotate-secret`, { token, headers: { 'if-match': '"1"' } });
    expect(rotated.status, rotated.text).toBe(200);
    const second = rotated.body.secret as string;
    expect(second).toMatch(/^whsec_/);
    expect(second).not.toBe(first);
    const overlap = Date.parse(rotated.body.previousSecretExpiresAt) - Date.now();
    expect(overlap).toBeGreaterThan(23.9 * 3600_000);
    expect(overlap).toBeLessThanOrEqual(24 * 3600_000);
    const again = await app.call('GET', `/v1/sellers/${sellerId}/webhooks`, { token });
    expect(again.text).not.toContain('whsec_');
    expect((await app.call('GET', `/v1/webhooks/${webhookId}/deliveries`, { token })).text).not.toContain('whsec_');

    const { deps } = testDeps(0.001);
    // Not subscribed to ListingPublished: no delivery.
    expect((await enqueueDeliveries(deps, envelope(sellerId, 'ListingPublished'))).created).toEqual([]);
    const { created } = await enqueueDeliveries(deps, envelope(sellerId, 'MatchConfirmed'));
    await drive(deps, settled(deps, created[0]));
    await rx.close();

    expect(rx.requests).toHaveLength(1);
    const [req] = rx.requests;
    expect(req.headers['webhook-signature'].split(' ')).toHaveLength(2);
    expect(new Webhook(first).verify(req.body, req.headers)).toBeTruthy();
    expect(new Webhook(second).verify(req.body, req.headers)).toBeTruthy();
    expect(() => new Webhook('whsec_' + Buffer.alloc(32, 7).toString('base64')).verify(req.body, req.headers)).toThrow();
  });
});

describe('SSRF', () => {
  const dns = staticResolver({
    'hooks.example.com': ['93.184.216.34'],
    'internal.example.com': ['10.0.0.1'],
    'metadata.example.com': ['169.254.169.254'],
  });

  it('refuses http and private or metadata addresses at registration outside local mode', async () => {
    const sub = app.sub('ssrf');
    const token = await app.token('cooperative', sub);
    const seller = await app.call('POST', '/v1/sellers', { token, body: sellerBody() });
    const { deps } = testDeps(1, { endpointPolicy: endpointPolicy(dns, false) });
    const aws: Deps = { ...deps, webhookSettings: { timeScale: 1 } };
    const caller = { sub, roles: ['cooperative' as const] };
    const profile = { kind: 'seller' as const, id: seller.body.id as string };
    const register = (url: string) => createWebhook(aws, caller, profile, { url, eventTypes: ['*'] });
    const refusal = async (url: string) => {
      const err = await register(url).then(() => undefined, (e: unknown) => e);
      expect(err, url).toBeInstanceOf(ValidationError);
      return (err as ValidationError).issues.map((i) => [i.path, i.code]);
    };
    expect(await refusal('http://hooks.example.com/ketnoi')).toEqual([['url', 'webhook-url-https']]);
    expect(await refusal('https://internal.example.com/ketnoi')).toEqual([['url', 'webhook-url-blocked']]);
    expect(await refusal('https://10.0.0.1/ketnoi')).toEqual([['url', 'webhook-url-blocked']]);
    expect(await refusal('https://metadata.example.com/')).toEqual([['url', 'webhook-url-blocked']]);
    expect(await refusal('https://169.254.169.254/latest/meta-data/')).toEqual([['url', 'webhook-url-blocked']]);
    expect(await refusal('http://127.0.0.1:8080/hook')).toEqual([['url', 'webhook-url-https']]);
    expect(await refusal('https://localhost/hook')).toEqual([['url', 'webhook-url-unresolvable']]);
    expect((await register('https://hooks.example.com/ketnoi')).url).toBe('https://hooks.example.com/ketnoi');

    // Through the API (local mode): private addresses are refused too, as a 400 on `url`.
    for (const url of ['http://10.0.0.1/hook', 'https://169.254.169.254/latest/meta-data/', 'http://[::ffff:a9fe:a9fe]/']) {
      const res = await app.call('POST', `/v1/sellers/${profile.id}/webhooks`, { token, body: { url, eventTypes: ['*'] }, headers: { 'accept-language': 'vi' } });
      expect(res.status, url).toBe(400);
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(['url']);
    }
  });

  it('checks the address again at send time (DNS rebinding) and never connects to a private one', async () => {
    const sub = app.sub('rebind');
    const token = await app.token('cooperative', sub);
    const seller = await app.call('POST', '/v1/sellers', { token, body: sellerBody() });
    const table: Record<string, string[]> = { 'rebind.example.com': ['93.184.216.34'] };
    const posts: string[] = [];
    const transport: WebhookTransport = { post: async (req) => (posts.push(req.address), { statusCode: 204 }) };
    const { deps } = testDeps(1, { endpointPolicy: endpointPolicy({ resolve: async (h) => table[h] ?? [] }, false), transport });
    const aws: Deps = { ...deps, webhookSettings: { timeScale: 0.001 } };
    const hook = await createWebhook(aws, { sub, roles: ['cooperative'] }, { kind: 'seller', id: seller.body.id }, { url: 'https://rebind.example.com/hook', eventTypes: ['*'] });

    table['rebind.example.com'] = ['169.254.169.254'];
    const first = await enqueueDeliveries(aws, envelope(seller.body.id));
    await runDueDeliveries(aws, new Date());
    expect(posts).toEqual([]);
    const refused = await aws.deliveries.get(hook.id, first.created[0].id);
    expect(refused).toMatchObject({ status: 'pending', attemptCount: 1 });
    expect(refused!.attempts[0].error).toContain('169.254.169.254');

    table['rebind.example.com'] = ['93.184.216.34'];
    await drive(aws, settled(aws, first.created[0]));
    expect(posts).toEqual(['93.184.216.34']);
    expect((await aws.deliveries.get(hook.id, first.created[0].id))!.status).toBe('delivered');
  });
});

describe('endpoints', () => {
  it('deletes an endpoint; its pending deliveries stop', async () => {
    const rx = await receiver(() => ({ status: 204 }));
    const { sellerId, webhookId, token } = await sellerWithWebhook('delete', rx.url);
    const { deps } = testDeps(0.001);
    const { created } = await enqueueDeliveries(deps, envelope(sellerId));
    expect((await app.call('DELETE', `/v1/webhooks/${webhookId}`, { token, headers: { 'if-match': '"2"' } })).status).toBe(412);
    expect((await app.call('DELETE', `/v1/webhooks/${webhookId}`, { token, headers: { 'if-match': '"1"' } })).status).toBe(204);
    expect((await app.call('DELETE', `/v1/webhooks/${webhookId}`, { token, headers: { 'if-match': '"1"' } })).status).toBe(404);
    await runDueDeliveries(deps, new Date());
    await rx.close();
    expect(rx.requests).toEqual([]);
    expect(await deps.deliveries.get(webhookId, created[0].id)).toMatchObject({ status: 'failed', lastError: 'endpoint deleted' });
  });

  it('validates event types and caps endpoints per profile', async () => {
    const { sellerId, token } = await sellerWithWebhook('limits', 'http://127.0.0.1:9/hook', ['MatchProposed', '*']);
    const listed = await app.call('GET', `/v1/sellers/${sellerId}/webhooks`, { token });
    expect(listed.body.items[0].eventTypes).toEqual(['*']);
    const bad = await app.call('POST', `/v1/sellers/${sellerId}/webhooks`, { token, body: { url: 'http://127.0.0.1:9/hook', eventTypes: ['Nope'] } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].path).toBe('eventTypes[0]');
    for (let i = 1; i < 10; i++) expect((await app.call('POST', `/v1/sellers/${sellerId}/webhooks`, { token, body: { url: `http://127.0.0.1:9/h${i}`, eventTypes: ['*'] } })).status).toBe(201);
    const over = await app.call('POST', `/v1/sellers/${sellerId}/webhooks`, { token, body: { url: 'http://127.0.0.1:9/h10', eventTypes: ['*'] } });
    expect(over.status).toBe(409);
    expect(over.body.code).toBe('webhook-limit');
  });
});

describe('integrity', () => {
  it('stores exactly 10 endpoints out of 60 concurrent registrations; the rest get 409 problem+json', async () => {
    const token = await app.token('cooperative', app.sub('cap-race'));
    const seller = await app.call('POST', '/v1/sellers', { token, body: sellerBody() });
    const results = await Promise.all(
      Array.from({ length: 60 }, (_, i) => app.call('POST', `/v1/sellers/${seller.body.id}/webhooks`, { token, body: { url: `http://127.0.0.1:9/race${i}`, eventTypes: ['*'] } })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(10);
    expect(statuses.filter((s) => s === 409)).toHaveLength(50);
    for (const r of results.filter((x) => x.status === 409)) {
      expect(r.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(r.body).toMatchObject({ status: 409, code: 'webhook-limit' });
    }
    const stored = await base.webhooks.allOfProfile({ kind: 'seller', id: seller.body.id });
    expect(stored).toHaveLength(10);

    // Deleting one frees exactly one place.
    const created = results.find((r) => r.status === 201)!;
    expect((await app.call('DELETE', `/v1/webhooks/${created.body.id}`, { token, headers: { 'if-match': '"1"' } })).status).toBe(204);
    const again = await Promise.all(Array.from({ length: 5 }, (_, i) => app.call('POST', `/v1/sellers/${seller.body.id}/webhooks`, { token, body: { url: `http://127.0.0.1:9/again${i}`, eventTypes: ['*'] } })));
    expect(again.map((r) => r.status).sort()).toEqual([201, 409, 409, 409, 409]);
    expect(await base.webhooks.allOfProfile({ kind: 'seller', id: seller.body.id })).toHaveLength(10);
  });

  it('sends a booked seller only its own view of FairCancelled: no other sellers or users, in the webhook body or the inbox', async () => {
    const organiser = await app.token('organiser', app.sub('fc-org'));
    const fair = await app.call('POST', '/v1/fairs', { token: organiser, body: fairBody() });
    expect((await app.call('POST', `/v1/fairs/${fair.body.id}/publish`, { token: organiser, headers: { 'if-match': '"1"' } })).status).toBe(200);
    const rx = await receiver(() => ({ status: 204 }));
    const coops = await Promise.all(
      ['fc-a', 'fc-b', 'fc-c'].map(async (name) => {
        const sub = app.sub(name);
        const token = await app.token('cooperative', sub);
        const seller = await app.call('POST', '/v1/sellers', { token, body: sellerBody({ name: `HTX ${name}` }) });
        const booking = await app.call('POST', `/v1/fairs/${fair.body.id}/bookings`, { token, body: { sellerId: seller.body.id } });
        expect(booking.status, booking.text).toBe(201);
        return { sub, token, sellerId: seller.body.id as string };
      }),
    );
    const [a, ...others] = coops;
    const hook = await app.call('POST', `/v1/sellers/${a.sellerId}/webhooks`, { token: a.token, body: { url: rx.url, eventTypes: ['FairCancelled'] } });
    expect(hook.status).toBe(201);
    // What the API lets seller A read: not the fair's bookings.
    expect((await app.call('GET', `/v1/fairs/${fair.body.id}/bookings`, { token: a.token })).status).toBe(403);

    expect((await app.call('POST', `/v1/fairs/${fair.body.id}/cancel`, { token: organiser, headers: { 'if-match': '"2"' } })).status).toBe(200);
    await app.runtime.stream.settle();
    const { deps } = testDeps(0.001);
    await drive(deps, async () => rx.requests.length > 0);
    await rx.close();

    const body = rx.requests[0].body;
    const verified = new Webhook(hook.body.secret).verify(body, rx.requests[0].headers) as { type: string; data: Record<string, unknown> };
    expect(verified.type).toBe('FairCancelled');
    expect(verified.data.audience).toBeUndefined();
    expect(verified.data.recipient).toEqual({ kind: 'seller', id: a.sellerId });
    expect(verified.data.data).toMatchObject({ fairId: fair.body.id, name: fair.body.name });
    for (const other of others) {
      expect(body).not.toContain(other.sub);
      expect(body).not.toContain(other.sellerId);
    }
    expect(body).not.toContain(a.sub); // not even its own user id: the profile is the recipient

    const inbox = await app.call('GET', '/v1/notifications', { token: a.token });
    const cancelled = inbox.body.items.filter((n: { type: string }) => n.type === 'fair-cancelled');
    expect(cancelled).toHaveLength(1);
    const text = JSON.stringify(inbox.body);
    for (const other of others) {
      expect(text).not.toContain(other.sub);
      expect(text).not.toContain(other.sellerId);
    }
  });

  it('keeps no plaintext secret anywhere in the table, and a replayed create answers without the secret', async () => {
    const token = await app.token('cooperative', app.sub('sealed'));
    const seller = await app.call('POST', '/v1/sellers', { token, body: sellerBody() });
    const request = { token, body: { url: 'http://127.0.0.1:9/sealed', eventTypes: ['*'] }, headers: { 'idempotency-key': `create-${ulid()}` } };
    const created = await app.call('POST', `/v1/sellers/${seller.body.id}/webhooks`, request);
    expect(created.status, created.text).toBe(201);
    const secret = created.body.secret as string;
    expect(secret).toMatch(/^whsec_/);

    // The endpoint item holds the secret sealed, not in plain (raw item from DynamoDB Local).
    const item = (await base.store.doc.send(new GetCommand({ TableName: base.store.tableName, Key: webhookKeys.item(created.body.id) }))).Item!;
    expect(JSON.stringify(item)).not.toContain(secret);
    expect(JSON.stringify(item)).not.toContain(secret.slice(6));
    expect(item.secrets[0].sealed).toMatch(/^v1\./);
    expect(item.secrets[0].secret).toBeUndefined();

    // The replay is the same endpoint, without the secret, saying how to get a new one.
    const replay = await app.call('POST', `/v1/sellers/${seller.body.id}/webhooks`, { ...request, headers: { ...request.headers, 'accept-language': 'en' } });
    expect(replay.status).toBe(201);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(created.body.id);
    expect(replay.body.secret).toBeUndefined();
    expect(replay.text).not.toContain('whsec_');
    expect(replay.body.secretNote).toContain(`/v1/webhooks/${created.body.id}/rotate-secret`);

    // A rotation's secret is not replayed either, before or after another rotation.
    const rotateRequest = { token, headers: { 'idempotency-key': `rotate-${ulid()}`, 'if-match': '"1"' } };
    const rotated = await app.call('POST', `/v1/webhooks/${created.body.id}/rotate-secret`, rotateRequest);
    expect(rotated.status).toBe(200);
    expect((await app.call('POST', `/v1/webhooks/${created.body.id}/rotate-secret`, { token, headers: { 'if-match': '"2"' } })).status).toBe(200);
    const rotatedReplay = await app.call('POST', `/v1/webhooks/${created.body.id}/rotate-secret`, rotateRequest);
    expect(rotatedReplay.status).toBe(200);
    expect(rotatedReplay.text).not.toContain('whsec_');

    // Nothing in the whole table (endpoints, idempotency records, deliveries) holds a secret in plain.
    const secrets = [secret, rotated.body.secret as string].map((s) => s.slice(6));
    let startKey: Record<string, unknown> | undefined;
    let scanned = 0;
    do {
      const page = await base.store.doc.send(new ScanCommand({ TableName: base.store.tableName, ExclusiveStartKey: startKey }));
      for (const raw of page.Items ?? []) {
        const text = JSON.stringify(raw);
        for (const s of secrets) expect(text).not.toContain(s);
      }
      scanned += page.Items?.length ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    expect(scanned).toBeGreaterThan(3);

    // Deliveries still verify with the secret the owner was shown.
    const rx = await receiver(() => ({ status: 204 }));
    const own = await sellerWithWebhook('sealed-send', rx.url);
    const { deps } = testDeps(0.001);
    const { created: sent } = await enqueueDeliveries(deps, envelope(own.sellerId));
    await drive(deps, settled(deps, sent[0]));
    await rx.close();
    expect(new Webhook(own.secret).verify(rx.requests[0].body, rx.requests[0].headers)).toBeTruthy();
  });
});
