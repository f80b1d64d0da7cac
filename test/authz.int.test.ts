/**
 * The ownership half of the authorization matrix, generated from the access table
 * (domain/access.ts) and the route list, against DynamoDB Local: every allowed role succeeds as
 * the owner, and a non-owner of an allowed role gets 403 or 404. The role half (403 to a role
 * the table does not allow, 401 without a token) is decided before any data is read and runs
 * in-process in test/authz.test.ts.
 *
 * One fixture for the file, built once; a case that consumes what it acts on (an update at
 * version 1, a withdrawal, a cancellation, an acceptance) gets a resource of its own, made
 * through the API by its example. A route without a rule or without a request example fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACCESS, ROLES, type OperationId, type Role } from '#domain/access.ts';
import { allRoutes } from '#functions/routes/index.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { buyerBody, created, demandBody, fairBody, listingBody, makeFixture, matchingPair, sellerBody, webhookBody, type Fixture, type Owners } from '#test/support/fixtures.ts';

type Request = { path: string; body?: unknown; headers?: Record<string, string> };
/** A request for the route; `ownerSub` is the owner of the caller's role, `role` the caller's role. */
type Example = (f: Fixture, ownerSub: string, role: Role) => Request | Promise<Request>;
const v1 = { 'if-match': '"1"' };
const v2 = { 'if-match': '"2"' };

let app: TestApp;
let f: Fixture;
const owner = (role: Role) => app.sub(`${role}-owner`);
const stranger = (role: Role) => app.sub(`${role}-stranger`);
const owners = (): Owners => ({ cooperative: owner('cooperative'), retailer: owner('retailer'), organiser: owner('organiser') });
const tokenOf = (role: Role) => app.token(role, owner(role));

// Resources of the cases that consume them, made through the API by the owner of their kind.
const fresh = {
  seller: async () => created(app, await tokenOf('cooperative'), '/v1/sellers', sellerBody()),
  listing: async () => created(app, await tokenOf('cooperative'), '/v1/listings', listingBody(f.sellerId)),
  buyer: async () => created(app, await tokenOf('retailer'), '/v1/buyers', buyerBody()),
  demand: async () => created(app, await tokenOf('retailer'), '/v1/demands', demandBody(f.buyerId)),
  fair: async (published: boolean) => {
    const organiser = await tokenOf('organiser');
    const id = await created(app, organiser, '/v1/fairs', fairBody());
    if (published && (await app.call('POST', `/v1/fairs/${id}/publish`, { token: organiser, headers: v1 })).status !== 200) throw new Error(`could not publish fair ${id}`);
    return id;
  },
  booking: async () => {
    const sellerId = await fresh.seller();
    return created(app, await tokenOf('cooperative'), `/v1/fairs/${f.fairId}/bookings`, { sellerId });
  },
  webhook: async (ownerSub: string) =>
    ownerSub === owner('retailer')
      ? created(app, await tokenOf('retailer'), `/v1/buyers/${f.buyerId}/webhooks`, webhookBody())
      : created(app, await tokenOf('cooperative'), `/v1/sellers/${f.sellerId}/webhooks`, webhookBody()),
};

/**
 * Matches that an owner's success case changes (accept, decline): one per case, each of a
 * product no other listing or demand in this file uses. Built with the fixture.
 */
const MATCH_CASES = { 'acceptMatch:cooperative': 'xoai', 'acceptMatch:retailer': 'buoi', 'declineMatch:cooperative': 'cam', 'declineMatch:retailer': 'chuoi' } as const;
const caseMatches = new Map<string, string>();
const matchFor = (op: 'acceptMatch' | 'declineMatch', role: Role) => caseMatches.get(`${op}:${role}`) ?? f.matchId;

const EXAMPLES: Record<OperationId, Example> = {
  getHealth: () => ({ path: '/v1/health' }),
  getOpenApi: () => ({ path: '/openapi.json' }),
  getDocs: () => ({ path: '/docs' }),
  listProvinces: () => ({ path: '/v1/provinces' }),
  listProducts: () => ({ path: '/v1/products' }),
  createSeller: () => ({ path: '/v1/sellers', body: sellerBody() }),
  getSeller: (f) => ({ path: `/v1/sellers/${f.sellerId}` }),
  updateSeller: async () => ({ path: `/v1/sellers/${await fresh.seller()}`, body: { address: 'Thôn Mới' }, headers: v1 }),
  createListing: (f) => ({ path: '/v1/listings', body: listingBody(f.sellerId) }),
  getListing: (f) => ({ path: `/v1/listings/${f.listingId}` }),
  updateListing: async () => ({ path: `/v1/listings/${await fresh.listing()}`, body: { priceVndPerKg: 24_000 }, headers: v1 }),
  withdrawListing: async () => ({ path: `/v1/listings/${await fresh.listing()}`, headers: v1 }),
  searchListings: () => ({ path: '/v1/listings?product=vai-thieu' }),
  createBuyer: () => ({ path: '/v1/buyers', body: buyerBody() }),
  getBuyer: (f) => ({ path: `/v1/buyers/${f.buyerId}` }),
  updateBuyer: async () => ({ path: `/v1/buyers/${await fresh.buyer()}`, body: { address: 'Lê Chân' }, headers: v1 }),
  createDemand: (f) => ({ path: '/v1/demands', body: demandBody(f.buyerId) }),
  getDemand: (f) => ({ path: `/v1/demands/${f.demandId}` }),
  updateDemand: async () => ({ path: `/v1/demands/${await fresh.demand()}`, body: { quantityKg: 6_000 }, headers: v1 }),
  withdrawDemand: async () => ({ path: `/v1/demands/${await fresh.demand()}`, headers: v1 }),
  searchDemands: () => ({ path: '/v1/demands?product=vai-thieu' }),
  createFair: () => ({ path: '/v1/fairs', body: fairBody() }),
  getFair: (f) => ({ path: `/v1/fairs/${f.fairId}` }),
  updateFair: async () => ({ path: `/v1/fairs/${await fresh.fair(false)}`, body: { venue: 'Nhà văn hóa Lao động' }, headers: v1 }),
  publishFair: async () => ({ path: `/v1/fairs/${await fresh.fair(false)}/publish`, headers: v1 }),
  cancelFair: async () => ({ path: `/v1/fairs/${await fresh.fair(true)}/cancel`, headers: v2 }),
  searchFairs: () => ({ path: '/v1/fairs?province=hai-phong' }),
  // One booth per seller and fair: only the cooperative's success case books the spare seller.
  bookBooth: (f) => ({ path: `/v1/fairs/${f.fairId}/bookings`, body: { sellerId: f.spareSellerId } }),
  listBookings: (f) => ({ path: `/v1/fairs/${f.fairId}/bookings` }),
  cancelBooking: async (f) => ({ path: `/v1/fairs/${f.fairId}/bookings/${await fresh.booking()}` }),
  updateBooking: async (f) => ({ path: `/v1/fairs/${f.fairId}/bookings/${await fresh.booking()}`, body: { boothNumber: 40 }, headers: v1 }),
  approveBooking: async (f) => ({ path: `/v1/fairs/${f.fairId}/bookings/${await fresh.booking()}/approve`, headers: v1 }),
  rejectBooking: async (f) => ({ path: `/v1/fairs/${f.fairId}/bookings/${await fresh.booking()}/reject`, headers: v1 }),
  listingMatches: (f) => ({ path: `/v1/listings/${f.listingId}/matches` }),
  demandMatches: (f) => ({ path: `/v1/demands/${f.demandId}/matches` }),
  listingNearMisses: (f) => ({ path: `/v1/listings/${f.listingId}/near-misses` }),
  demandNearMisses: (f) => ({ path: `/v1/demands/${f.demandId}/near-misses` }),
  getMatch: (f) => ({ path: `/v1/matches/${f.matchId}` }),
  acceptMatch: (_, _owner, role) => ({ path: `/v1/matches/${matchFor('acceptMatch', role)}/accept` }),
  declineMatch: (_, _owner, role) => ({ path: `/v1/matches/${matchFor('declineMatch', role)}/decline` }),
  fairSuggestions: (f) => ({ path: `/v1/sellers/${f.sellerId}/fair-suggestions` }),
  getStats: () => ({ path: '/v1/stats?province=hai-phong' }),
  listNotifications: () => ({ path: '/v1/notifications?unread=true' }),
  markNotificationRead: async (_, ownerSub) => ({ path: `/v1/notifications/${await seedNotification(ownerSub)}/read` }),
  // webhooks: /v1/webhooks/* examples use the endpoint of the caller's role (the retailer owns the buyer's)
  createSellerWebhook: (f) => ({ path: `/v1/sellers/${f.sellerId}/webhooks`, body: webhookBody() }),
  listSellerWebhooks: (f) => ({ path: `/v1/sellers/${f.sellerId}/webhooks` }),
  createBuyerWebhook: (f) => ({ path: `/v1/buyers/${f.buyerId}/webhooks`, body: webhookBody() }),
  listBuyerWebhooks: (f) => ({ path: `/v1/buyers/${f.buyerId}/webhooks` }),
  deleteWebhook: async (_, ownerSub) => ({ path: `/v1/webhooks/${await fresh.webhook(ownerSub)}`, headers: v1 }),
  rotateWebhookSecret: (f, ownerSub) => ({ path: `/v1/webhooks/${webhookOf(f, ownerSub).id}/rotate-secret`, headers: v1 }),
  listWebhookDeliveries: (f, ownerSub) => ({ path: `/v1/webhooks/${webhookOf(f, ownerSub).id}/deliveries` }),
  getMe: () => ({ path: '/v1/me' }),
  listSellers: () => ({ path: '/v1/sellers?mine=true' }),
  listBuyers: () => ({ path: '/v1/buyers?mine=true' }),
  myMatches: () => ({ path: '/v1/matches?status=proposed' }),
  myBookings: () => ({ path: '/v1/bookings' }),
  verifyCertification: (f) => ({ path: `/v1/sellers/${f.sellerId}/certifications/0/verify`, body: { decision: 'verified' }, headers: v1 }),
  retryWebhookDelivery: async (f, ownerSub) => {
    const webhook = webhookOf(f, ownerSub);
    return { path: `/v1/webhooks/${webhook.id}/deliveries/${await seedDelivery(webhook)}/retry` };
  },
  listParkedRecords: () => ({ path: '/v1/admin/parked-records' }),
  replayParkedRecord: async () => ({ path: `/v1/admin/parked-records/${await seedParkedRecord()}/replay` }),
  // joining: a role already held cannot be asked for, so each role asks for another one
  createRoleRequest: (f, ownerSub) => ({ path: '/v1/role-requests', body: roleRequestBody(ownerSub.endsWith('-cooperative-owner') ? 'retailer' : 'cooperative') }),
  listMyRoleRequests: () => ({ path: '/v1/me/role-requests' }),
  listRoleRequests: () => ({ path: '/v1/admin/role-requests' }),
  listPendingCertifications: () => ({ path: '/v1/certifications?status=pending' }),
  approveRoleRequest: async () => ({ path: `/v1/admin/role-requests/${await seedRoleRequest()}/approve`, headers: v1 }),
  rejectRoleRequest: async () => ({ path: `/v1/admin/role-requests/${await seedRoleRequest()}/reject`, body: { reason: 'Thiếu giấy phép kinh doanh' }, headers: v1 }),
  grantRole: () => ({ path: '/v1/admin/role-grants', body: { sub: app.sub('granted'), role: 'organiser' } }),
  // alerts
  getAlertPreferences: () => ({ path: '/v1/me/alert-preferences' }),
  updateAlertPreferences: async (f, ownerSub) => {
    const { deps } = await import('#functions/deps.ts');
    const version = (await deps().alertPreferences.get(ownerSub))?.version ?? 0;
    return { path: '/v1/me/alert-preferences', body: { digest: true, version } };
  },
  listAlertDeliveries: () => ({ path: '/v1/me/alert-deliveries' }),
  confirmAlertAddress: async (f, ownerSub, role) => {
    // A new address gets a code; the owner reads it where it was sent and sends it back.
    const { deps } = await import('#functions/deps.ts');
    const email = `${role}-${Date.now()}@example.vn`;
    const version = (await deps().alertPreferences.get(ownerSub))?.version ?? 0;
    const set = await app.call('PATCH', '/v1/me/alert-preferences', { token: await app.token(role, ownerSub), body: { email, version } });
    if (set.status !== 200) throw new Error(`could not set the address: ${set.text}`);
    const sent = (await deps().alertDeliveries.listBySub(ownerSub, 100)).find((d) => d.type === 'address-check' && d.to === email);
    return { path: '/v1/me/alert-preferences/confirm', body: { channel: 'email', code: /\b(\d{6})\b/.exec(sent!.body)![1] } };
  },
  sendAlertCode: async (f, ownerSub) => {
    // An unconfirmed phone whose last code is long gone (stored directly: the API sends one at once).
    const { deps } = await import('#functions/deps.ts');
    const current = await deps().alertPreferences.get(ownerSub);
    const now = new Date().toISOString();
    const base = current ?? { sub: ownerSub, lang: 'vi' as const, digest: false, version: 0, createdAt: now, updatedAt: now };
    await deps().alertPreferences.put({ ...base, phone: '+84912000111', checks: undefined, version: base.version + 1, updatedAt: now });
    return { path: '/v1/me/alert-preferences/send-code', body: { channel: 'sms' } };
  },
  unsubscribePage: async () => ({ path: `/v1/alerts/unsubscribe?token=${await unsubscribeToken()}` }),
  unsubscribe: async () => ({ path: `/v1/alerts/unsubscribe?token=${await unsubscribeToken()}` }),
};

const roleRequestBody = (role: string) => ({ role, organisation: { name: 'HTX Thử nghiệm', province: 'Bắc Giang', taxCode: '0100109106' } });

/** A pending role request of a new person with no role, made through the API (test set-up). */
async function seedRoleRequest(): Promise<string> {
  const { signDevToken } = await import('#infra/local/auth.ts');
  const token = await signDevToken(app.runtime.secrets, app.sub(`requester-${Math.random().toString(36).slice(2)}`), []);
  const res = await app.call('POST', '/v1/role-requests', { token, body: roleRequestBody('cooperative') });
  if (res.status !== 201) throw new Error(`role request gave ${res.status}: ${res.text}`);
  return res.body.id as string;
}

/** A signed unsubscribe token, as an e-mail carries. */
async function unsubscribeToken(): Promise<string> {
  const { signUnsubscribe, unsubscribeKey } = await import('#functions/alerts/unsubscribe-token.ts');
  return signUnsubscribe(unsubscribeKey(process.env.CURSOR_KEY ?? ''), { sub: app.sub('unsubscriber'), channel: 'email', type: 'match-proposed' });
}

/** The fixture's endpoint that the owner of the caller's role owns. */
const webhookOf = (f: Fixture, ownerSub: string) =>
  ownerSub === owner('retailer') ? { id: f.buyerWebhookId, audience: { subs: [], sellerIds: [], buyerIds: [f.buyerId] } } : { id: f.sellerWebhookId, audience: { subs: [], sellerIds: [f.sellerId], buyerIds: [] } };

/** Creates a delivery for an endpoint by enqueuing an event for its profile directly (test set-up). */
async function seedDelivery(webhook: ReturnType<typeof webhookOf>): Promise<string> {
  const { deps } = await import('#functions/deps.ts');
  const { enqueueDeliveries } = await import('#domain/webhook-delivery.ts');
  const { ulid } = await import('ulid');
  const event = { id: ulid(), name: 'MatchConfirmed', source: 'ketnoi.test', version: 1, time: new Date().toISOString(), subject: 'authz', audience: webhook.audience, data: {} };
  const { created: deliveries } = await enqueueDeliveries(deps(), event);
  const delivery = deliveries.find((d) => d.webhookId === webhook.id);
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

/** Parks a record that processes cleanly (an item of no entity), as the stream relay would park one. */
async function seedParkedRecord(): Promise<string> {
  const { deps } = await import('#functions/deps.ts');
  const record = { eventID: `authz-${Math.random()}`, eventName: 'INSERT' as const, dynamodb: { Keys: { pk: { S: 'X' }, sk: { S: 'A' } }, NewImage: { pk: { S: 'X' }, sk: { S: 'A' } }, SequenceNumber: '1' } };
  return (await deps().parkedRecords.park(record, new Error('test'), 3)).id;
}

beforeAll(async () => {
  app = await startTestApp('authz');
  f = await makeFixture(app, owners(), { product: 'nhan-long', province: 'ha-noi' });
  const ids = { sellerId: f.sellerId, buyerId: f.buyerId };
  await Promise.all(Object.entries(MATCH_CASES).map(async ([key, product]) => caseMatches.set(key, (await matchingPair(app, owners(), ids, product, 'lam-dong')).matchId)));
  // The stream proposes the matches; settle() returns once it has handled every record so far.
  await app.runtime.stream.settle();
  const admin = await app.token('admin', app.sub('admin'));
  for (const id of [f.matchId, ...caseMatches.values()]) {
    const res = await app.call('GET', `/v1/matches/${id}`, { token: admin });
    if (res.status !== 200) throw new Error(`the stream did not propose match ${id}: ${res.status} ${res.text}`);
  }
});
afterAll(async () => {
  await app?.stop();
});

describe('the access table', () => {
  it('has a rule and a request example for every route, and a route for every rule', () => {
    const ops = allRoutes().map((r) => r.operationId);
    expect(new Set(ops).size).toBe(ops.length);
    expect([...ops].sort()).toEqual(Object.keys(ACCESS).sort());
    expect(Object.keys(EXAMPLES).sort()).toEqual(Object.keys(ACCESS).sort());
  });
});

// Public routes answer without a token and without data: test/authz.test.ts covers them.
const guarded = allRoutes().filter((r) => !('public' in ACCESS[r.operationId]));
describe.each(guarded.map((r) => [r.operationId, r] as const))('%s', (operationId, route) => {
  const rule = ACCESS[operationId];
  if ('public' in rule) return;
  const send = async (caller: string, role: Role) => {
    const ex = await EXAMPLES[operationId](f, owner(role), role);
    return app.call(route.method, ex.path, { token: await app.token(role, caller), body: ex.body, headers: ex.headers });
  };

  for (const role of ROLES) {
    if (!(rule.roles as readonly Role[]).includes(role)) continue; // 403 by role: test/authz.test.ts
    it(`lets the ${role} who owns the resource succeed`, async () => {
      const res = await send(owner(role), role);
      expect(res.status, res.text).toBe(route.success.status);
    });
    if ('owner' in rule && rule.owner && role !== 'admin') {
      it(`refuses a ${role} who does not own the resource`, async () => {
        const res = await send(stranger(role), role);
        expect([403, 404], res.text).toContain(res.status);
      });
    }
  }
});
