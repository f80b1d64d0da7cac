/**
 * Every route x every role, generated from the access table (domain/access.ts) and the route
 * list: a role the table does not allow gets 403, an allowed role succeeds, a non-owner of an
 * allowed role gets 403 or 404, and no token gets 401. A route without a rule or without a
 * request example here fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, ROLES, type OperationId, type Role } from '#domain/access.ts';
import { allRoutes } from '#functions/routes/index.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { buyerBody, demandBody, fairBody, listingBody, makeFixture, sellerBody, webhookBody, type Fixture } from '#test/support/fixtures.ts';

type Request = { path: string; body?: unknown; headers?: Record<string, string>; needsMatch?: boolean };
/** A request for the route; `ownerSub` is the owner of the caller's role, for examples that need to seed something. */
type Example = (f: Fixture, ownerSub: string) => Request | Promise<Request>;
const v1 = { 'if-match': '"1"' };

const EXAMPLES: Record<OperationId, Example> = {
  getHealth: () => ({ path: '/v1/health' }),
  getOpenApi: () => ({ path: '/openapi.json' }),
  getDocs: () => ({ path: '/docs' }),
  listProvinces: () => ({ path: '/v1/provinces' }),
  listProducts: () => ({ path: '/v1/products' }),
  createSeller: () => ({ path: '/v1/sellers', body: sellerBody() }),
  getSeller: (f) => ({ path: `/v1/sellers/${f.sellerId}` }),
  updateSeller: (f) => ({ path: `/v1/sellers/${f.sellerId}`, body: { address: 'Thôn Mới' }, headers: v1 }),
  createListing: (f) => ({ path: '/v1/listings', body: listingBody(f.sellerId) }),
  getListing: (f) => ({ path: `/v1/listings/${f.listingId}` }),
  updateListing: (f) => ({ path: `/v1/listings/${f.listingId}`, body: { priceVndPerKg: 24_000 }, headers: v1 }),
  withdrawListing: (f) => ({ path: `/v1/listings/${f.listingId}`, headers: v1 }),
  searchListings: () => ({ path: '/v1/listings?product=vai-thieu' }),
  createBuyer: () => ({ path: '/v1/buyers', body: buyerBody() }),
  getBuyer: (f) => ({ path: `/v1/buyers/${f.buyerId}` }),
  updateBuyer: (f) => ({ path: `/v1/buyers/${f.buyerId}`, body: { address: 'Lê Chân' }, headers: v1 }),
  createDemand: (f) => ({ path: '/v1/demands', body: demandBody(f.buyerId) }),
  getDemand: (f) => ({ path: `/v1/demands/${f.demandId}` }),
  updateDemand: (f) => ({ path: `/v1/demands/${f.demandId}`, body: { quantityKg: 6_000 }, headers: v1 }),
  withdrawDemand: (f) => ({ path: `/v1/demands/${f.demandId}`, headers: v1 }),
  searchDemands: () => ({ path: '/v1/demands?product=vai-thieu' }),
  createFair: () => ({ path: '/v1/fairs', body: fairBody() }),
  getFair: (f) => ({ path: `/v1/fairs/${f.fairId}` }),
  updateFair: (f) => ({ path: `/v1/fairs/${f.fairId}`, body: { venue: 'Nhà văn hóa Lao động' }, headers: { 'if-match': '"2"' } }),
  publishFair: (f) => ({ path: `/v1/fairs/${f.fairId}/publish` }),
  cancelFair: (f) => ({ path: `/v1/fairs/${f.fairId}/cancel` }),
  searchFairs: () => ({ path: '/v1/fairs?province=hai-phong' }),
  bookBooth: (f) => ({ path: `/v1/fairs/${f.fairId}/bookings`, body: { sellerId: f.spareSellerId } }),
  listBookings: (f) => ({ path: `/v1/fairs/${f.fairId}/bookings` }),
  cancelBooking: (f) => ({ path: `/v1/fairs/${f.fairId}/bookings/${f.bookingId}` }),
  updateBooking: (f) => ({ path: `/v1/fairs/${f.fairId}/bookings/${f.bookingId}`, body: { boothNumber: 7 }, headers: v1 }),
  approveBooking: (f) => ({ path: `/v1/fairs/${f.fairId}/bookings/${f.bookingId}/approve` }),
  rejectBooking: (f) => ({ path: `/v1/fairs/${f.fairId}/bookings/${f.bookingId}/reject`, headers: v1 }),
  listingMatches: (f) => ({ path: `/v1/listings/${f.listingId}/matches` }),
  demandMatches: (f) => ({ path: `/v1/demands/${f.demandId}/matches` }),
  listingNearMisses: (f) => ({ path: `/v1/listings/${f.listingId}/near-misses` }),
  demandNearMisses: (f) => ({ path: `/v1/demands/${f.demandId}/near-misses` }),
  getMatch: (f) => ({ path: `/v1/matches/${f.matchId}`, needsMatch: true }),
  acceptMatch: (f) => ({ path: `/v1/matches/${f.matchId}/accept`, needsMatch: true }),
  declineMatch: (f) => ({ path: `/v1/matches/${f.matchId}/decline`, needsMatch: true }),
  fairSuggestions: (f) => ({ path: `/v1/sellers/${f.sellerId}/fair-suggestions` }),
  getStats: () => ({ path: '/v1/stats?province=hai-phong' }),
  listNotifications: () => ({ path: '/v1/notifications?unread=true' }),
  markNotificationRead: async (f, ownerSub) => ({ path: `/v1/notifications/${await seedNotification(ownerSub)}/read` }),
  // webhooks: /v1/webhooks/* examples use the endpoint of the caller's role (the retailer owns the buyer's)
  createSellerWebhook: (f) => ({ path: `/v1/sellers/${f.sellerId}/webhooks`, body: webhookBody() }),
  listSellerWebhooks: (f) => ({ path: `/v1/sellers/${f.sellerId}/webhooks` }),
  createBuyerWebhook: (f) => ({ path: `/v1/buyers/${f.buyerId}/webhooks`, body: webhookBody() }),
  listBuyerWebhooks: (f) => ({ path: `/v1/buyers/${f.buyerId}/webhooks` }),
  deleteWebhook: (f, ownerSub) => ({ path: `/v1/webhooks/${webhookOf(f, ownerSub).id}`, headers: v1 }),
  rotateWebhookSecret: (f, ownerSub) => ({ path: `/v1/webhooks/${webhookOf(f, ownerSub).id}/rotate-secret` }),
  listWebhookDeliveries: (f, ownerSub) => ({ path: `/v1/webhooks/${webhookOf(f, ownerSub).id}/deliveries` }),
  retryWebhookDelivery: async (f, ownerSub) => {
    const webhook = webhookOf(f, ownerSub);
    return { path: `/v1/webhooks/${webhook.id}/deliveries/${await seedDelivery(webhook)}/retry` };
  },
};

/** The fixture's endpoint that the owner of the caller's role owns. */
const webhookOf = (f: Fixture, ownerSub: string) =>
  ownerSub.endsWith('-retailer-owner') ? { id: f.buyerWebhookId, audience: { subs: [], sellerIds: [], buyerIds: [f.buyerId] } } : { id: f.sellerWebhookId, audience: { subs: [], sellerIds: [f.sellerId], buyerIds: [] } };

/** Creates a delivery for an endpoint by enqueuing an event for its profile directly (test set-up). */
async function seedDelivery(webhook: ReturnType<typeof webhookOf>): Promise<string> {
  const { deps } = await import('#functions/deps.ts');
  const { enqueueDeliveries } = await import('#domain/webhook-delivery.ts');
  const { ulid } = await import('ulid');
  const event = { id: ulid(), name: 'MatchConfirmed', source: 'ketnoi.test', version: 1, time: new Date().toISOString(), subject: 'authz', audience: webhook.audience, data: {} };
  const { created } = await enqueueDeliveries(deps(), event);
  const delivery = created.find((d) => d.webhookId === webhook.id);
  if (!delivery) throw new Error(`no delivery was created for webhook ${webhook.id}`);
  return delivery.id;
}

/** Puts a notice in a user's inbox directly (test set-up, not the code under test). */
async function seedNotification(sub: string): Promise<string> {
  const { deps } = await import('#functions/deps.ts');
  const dedupeKey = `authz:${sub}:${Math.random()}`;
  const at = new Date().toISOString();
  await deps().notifications.add({ sub, type: 'match-proposed', title: { vi: 'Thử', en: 'Test' }, body: { vi: 'Thử', en: 'Test' }, dedupeKey, at });
  const { notificationId } = await import('#functions/data/notifications.ts');
  return notificationId(at, dedupeKey);
}

let app: TestApp;
const owner = (role: Role) => app.sub(`${role}-owner`);
const stranger = (role: Role) => app.sub(`${role}-stranger`);
const owners = () => ({ cooperative: owner('cooperative'), retailer: owner('retailer'), organiser: owner('organiser') });
let shared: Promise<Fixture> | undefined;
const sharedFixture = () => (shared ??= makeFixture(app, owners()));

/** Waits until the stream has proposed the fixture's match. */
async function waitForMatch(matchId: string) {
  const admin = await app.token('admin', 'authz-admin');
  const deadline = Date.now() + 60_000;
  while ((await app.call('GET', `/v1/matches/${matchId}`, { token: admin })).status !== 200) {
    if (Date.now() > deadline) throw new Error(`match ${matchId} was not proposed within 60 s`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

beforeAll(async () => {
  app = await startTestApp('authz');
});
afterAll(async () => {
  await app.stop();
});

describe('the access table', () => {
  it('has a rule and a request example for every route, and a route for every rule', () => {
    const ops = allRoutes().map((r) => r.operationId);
    expect(new Set(ops).size).toBe(ops.length);
    expect([...ops].sort()).toEqual(Object.keys(ACCESS).sort());
    expect(Object.keys(EXAMPLES).sort()).toEqual(Object.keys(ACCESS).sort());
  });
});

describe.each(allRoutes().map((r) => [r.operationId, r] as const))('%s', (operationId, route) => {
  const rule = ACCESS[operationId];
  const send = async (f: Fixture, token?: string, role?: Role) => {
    const ex = await EXAMPLES[operationId](f, owner(role ?? 'cooperative'));
    if (ex.needsMatch) await waitForMatch(f.matchId);
    return app.call(route.method, ex.path, { token, body: ex.body, headers: ex.headers });
  };
  // Reads share one fixture; anything that changes state gets a fresh one.
  const fixture = () => (route.method === 'GET' ? sharedFixture() : makeFixture(app, owners()));

  if ('public' in rule) {
    it('answers without a token', async () => {
      const res = await send(await fixture());
      expect(res.status).toBe(route.success.status);
    });
    return;
  }

  it('returns 401 without a token', async () => {
    const res = await send(await fixture());
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  for (const role of ROLES) {
    const allowed = (rule.roles as readonly Role[]).includes(role);
    if (!allowed) {
      it(`returns 403 to a ${role}`, async () => {
        const res = await send(await fixture(), await app.token(role, owner(role)), role);
        expect(res.status).toBe(403);
        expect(res.body.code).toBe('forbidden-role');
      });
      continue;
    }
    it(`lets the ${role} who owns the resource succeed`, async () => {
      const res = await send(await fixture(), await app.token(role, owner(role)), role);
      expect(res.status, res.text).toBe(route.success.status);
    });
    if ('owner' in rule && rule.owner && role !== 'admin') {
      it(`refuses a ${role} who does not own the resource`, async () => {
        const res = await send(await fixture(), await app.token(role, stranger(role)), role);
        expect([403, 404]).toContain(res.status);
      });
    }
  }
});
