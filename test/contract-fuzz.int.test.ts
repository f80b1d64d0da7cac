/**
 * Fuzzing from the contract: the OpenAPI document the service serves (`/openapi.json`) drives
 * FUZZ_PER_ROUTE generated requests per route (30 in `npm test`, 300 in `npm run test:fuzz`),
 * sent in-process through the gateway dispatcher (infra/local/server.ts) to the real handlers on DynamoDB Local.
 *
 * Each request mixes an input class (valid: a working body or query with fields swapped for
 * schema-generated values; boundary: one field at or past a limit, or of the wrong type; junk:
 * random JSON, broken JSON, a wrong content type, an oversized body, broken path segments and
 * headers) with a caller (no token, a role the route does not allow, another owner of an
 * allowed role, the right owner). Path ids come from one fixture of real resources owned by
 * known subs, grown by what the fuzzer's own creates return, so "right owner" and "another
 * owner" requests reach real data.
 *
 * Whatever is sent: no 5xx; every error is application/problem+json matching the Problem
 * schema with `status` equal to the HTTP status and no stack trace; every success has a status
 * the document declares and a body matching that response's schema (ajv, JSON Schema 2020-12).
 * Counts per route (sent, 2xx, 4xx, 5xx) are printed at the end.
 *
 * FUZZ_SEED replays a run; FUZZ_PER_ROUTE and FUZZ_CONCURRENCY tune it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ulid } from 'ulid';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ValidateFunction } from 'ajv';
import { ACCESS, ROLES, type AccessRule, type OperationId, type Role } from '#domain/access.ts';
import { allRoutes } from '#functions/routes/index.ts';
import type { Route } from '#functions/http/route.ts';
import { loadHandlers } from '#infra/local/runtime.ts';
import { createDispatcher, type LocalRequest, type LocalResponse } from '#infra/local/server.ts';
import { signDevToken } from '#infra/local/auth.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { buyerBody, created, demandBody, fairBody, listingBody, makeFixture, sellerBody, webhookBody, type Fixture } from '#test/support/fixtures.ts';
import { arbitraryOf, boundaryValues, deref, type Schema } from '#test/support/json-schema-arbitrary.ts';
import { matchId } from '#domain/matching/rules.ts';
import { loadavg } from 'node:os';

// 30 per route in `npm test` (with the owner's 8, about 2,800 requests, a new seed each run),
// each caller with each kind of input at least once (see `stratum`); `npm run test:fuzz` sends
// 300 per route. At 50 this file was still the suite's largest: 36 of its 235 CPU-seconds.
const PER_ROUTE = Number(process.env.FUZZ_PER_ROUTE ?? 30);
const CONCURRENCY = Number(process.env.FUZZ_CONCURRENCY ?? 12);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as (ajv: Ajv2020) => Ajv2020;

type InputClass = 'valid' | 'boundary' | 'junk';
type CallerClass = 'no-token' | 'wrong-role' | 'another-owner' | 'right-owner';
interface Classes {
  inputClass: InputClass;
  callerClass: CallerClass;
}
/** Valid input and the right owner twice as often as the others: most requests should get through to the data. */
const CALLER_CYCLE: readonly CallerClass[] = ['no-token', 'wrong-role', 'another-owner', 'right-owner', 'right-owner'];
const INPUT_CYCLE: readonly InputClass[] = ['valid', 'valid', 'boundary', 'junk'];
/**
 * The classes of a route's request number `n`, stratified rather than drawn: every 20 requests
 * meet each caller with each kind of input once, so no route misses a class by the luck of
 * the seed, whatever FUZZ_PER_ROUTE is.
 */
const stratum = (n: number): Classes => ({ callerClass: CALLER_CYCLE[n % CALLER_CYCLE.length], inputClass: INPUT_CYCLE[Math.floor(n / CALLER_CYCLE.length) % INPUT_CYCLE.length] });
const OWNER_SENDS: Classes = { inputClass: 'valid', callerClass: 'right-owner' };

interface Tally {
  sent: number;
  '2xx': number;
  '4xx': number;
  '5xx': number;
  statuses: Record<number, number>;
  violations: string[];
}

/** Ids of real resources, each with the role of the sub that owns it (none: anyone's). */
interface PoolEntry {
  values: Record<string, string>;
  owner?: Role;
}

let app: TestApp;
let f: Fixture;
let dispatch: (req: LocalRequest) => Promise<LocalResponse>;
let doc: Schema;
let ajv: Ajv2020;
const validators = new Map<string, ValidateFunction>();
const tallies = new Map<OperationId, Tally>();
const pools = new Map<string, PoolEntry[]>();
/** Last version seen per resource id (and `prefs:<sub>` for alert preferences), for If-Match. */
const versions = new Map<string, number>();
const tokens = new Map<string, string>();
/** CSV answers per route: negotiated, but not declared in the document. */
const csvAnswers = new Map<string, number>();
let fuzzStarted = 0;
let cpuAtStart: NodeJS.CpuUsage | undefined;
let loadAtStart = 0;

/**
 * Every fuzzing user has a confirmed e-mail (confirming it again succeeds) and an unconfirmed
 * phone with no code sent yet (asking for a code succeeds, once a minute): a code itself cannot
 * be guessed, so this is how the address routes get their successes.
 */
async function seedAlertAddresses() {
  const { deps } = await import('#functions/deps.ts');
  const now = new Date().toISOString();
  for (const role of ROLES) {
    for (const sub of [ownerSub(role), strangerSub(role)]) {
      const email = `${role}@fuzz.example.vn`;
      await deps().alertPreferences.put({ sub, lang: 'vi', email, phone: '+84912000222', verified: { email }, digest: false, version: 1, createdAt: now, updatedAt: now });
    }
  }
}
const ownerSub = (role: Role) => app.sub(`${role}-owner`);
const strangerSub = (role: Role) => app.sub(`${role}-stranger`);
const NO_ROLE_SUB = () => app.sub('no-role');

function addToPool(key: string, values: Record<string, string>, owner?: Role) {
  const list = pools.get(key) ?? [];
  list.push({ values, owner });
  pools.set(key, list);
}

async function seed(): Promise<void> {
  const { deps } = await import('#functions/deps.ts');
  const { enqueueDeliveries } = await import('#domain/webhook-delivery.ts');
  const coop = await app.token('cooperative', ownerSub('cooperative'));
  const retailer = await app.token('retailer', ownerSub('retailer'));
  const organiser = await app.token('organiser', ownerSub('organiser'));
  const [draftFairId, secondListingId, secondDemandId] = await Promise.all([
    created(app, organiser, '/v1/fairs', fairBody({ name: 'Phiên chợ nông sản Lâm Đồng', kind: 'market_day', province: 'Lâm Đồng' })),
    created(app, coop, '/v1/listings', listingBody(f.spareSellerId, { product: 'xoai', province: 'Đồng Tháp' })),
    created(app, retailer, '/v1/demands', demandBody(f.buyerId, { product: 'xoai', maxDistanceKm: undefined, sourcingProvinces: ['Đồng Tháp'] })),
  ]);
  addToPool('sellerId', { sellerId: f.sellerId }, 'cooperative');
  addToPool('sellerId', { sellerId: f.spareSellerId }, 'cooperative');
  addToPool('buyerId', { buyerId: f.buyerId }, 'retailer');
  // The department verifies a seller's certificates by their index (sellerBody has two).
  for (const n of ['0', '1']) addToPool('sellerId,n', { sellerId: f.sellerId, n }, 'admin');
  for (const listingId of [f.listingId, secondListingId]) addToPool('listingId', { listingId }, 'cooperative');
  for (const demandId of [f.demandId, secondDemandId]) addToPool('demandId', { demandId }, 'retailer');
  for (const fairId of [f.fairId, draftFairId]) addToPool('fairId', { fairId }, 'organiser');
  addToPool('fairId,bookingId', { fairId: f.fairId, bookingId: f.bookingId }, 'cooperative');
  addToPool('matchId', { matchId: f.matchId });
  // Accepting confirms a match and declining ends it: each of the two gets a match of its own.
  addToPool('matchId@declineMatch', { matchId: matchId(secondListingId, secondDemandId) });
  addToPool('webhookId', { webhookId: f.sellerWebhookId }, 'cooperative');
  addToPool('webhookId', { webhookId: f.buyerWebhookId }, 'retailer');

  // Deliveries, parked records, role requests and inbox notices: test set-up straight through
  // the ports (as test/authz.int.test.ts does), so the fuzzer has real ids to aim at.
  const targets: [string, { subs: string[]; sellerIds: string[]; buyerIds: string[] }, Role][] = [
    [f.sellerWebhookId, { subs: [], sellerIds: [f.sellerId], buyerIds: [] }, 'cooperative'],
    [f.buyerWebhookId, { subs: [], sellerIds: [], buyerIds: [f.buyerId] }, 'retailer'],
  ];
  for (const [webhookId, audience, owner] of targets) {
    const event = { id: ulid(), name: 'MatchConfirmed', source: 'ketnoi.fuzz', version: 1, time: new Date().toISOString(), subject: 'fuzz', audience, data: {} };
    const { created: deliveries } = await enqueueDeliveries(deps(), event);
    for (const d of deliveries.filter((d) => d.webhookId === webhookId)) addToPool('webhookId,deliveryId', { webhookId, deliveryId: d.id }, owner);
  }
  for (let i = 0; i < 5; i++) {
    const record = { eventID: `fuzz-${i}-${Math.random()}`, eventName: 'INSERT' as const, dynamodb: { Keys: { pk: { S: 'X' }, sk: { S: 'A' } }, NewImage: { pk: { S: 'X' }, sk: { S: 'A' } }, SequenceNumber: String(i + 1) } };
    addToPool('recordId', { recordId: (await deps().parkedRecords.park(record, new Error('fuzz'), 3)).id }, 'admin');
  }
  for (let i = 0; i < 8; i++) {
    const token = await signDevToken(app.runtime.secrets, app.sub(`requester-${i}`), []);
    const res = await app.call('POST', '/v1/role-requests', { token, body: { role: i % 2 ? 'retailer' : 'cooperative', organisation: { name: `HTX Thử ${i}`, province: 'Bắc Ninh', taxCode: '0100109106' } } });
    if (res.status !== 201) throw new Error(`role request gave ${res.status}: ${res.text}`);
    addToPool('requestId', { requestId: res.body.id }, 'admin');
    // Deciding consumes a request: approving and rejecting each get their own.
    addToPool(`requestId@${i % 2 ? 'approveRoleRequest' : 'rejectRoleRequest'}`, { requestId: res.body.id }, 'admin');
  }
  const { notificationId } = await import('#functions/data/notifications.ts');
  for (const role of ['cooperative', 'retailer', 'organiser'] as const) {
    for (let i = 0; i < 3; i++) {
      const at = new Date().toISOString();
      const dedupeKey = `fuzz:${role}:${i}:${Math.random()}`;
      await deps().notifications.add({ sub: ownerSub(role), type: 'match-proposed', title: { vi: 'Thử', en: 'Test' }, body: { vi: 'Thử', en: 'Test' }, dedupeKey, at });
      addToPool('notificationId', { notificationId: notificationId(at, dedupeKey) }, role);
    }
  }
}

async function tokenFor(role: Role | 'none', sub: string): Promise<string> {
  const key = `${role}:${sub}`;
  let t = tokens.get(key);
  if (!t) tokens.set(key, (t = await signDevToken(app.runtime.secrets, sub, role === 'none' ? [] : [role])));
  return t;
}

beforeAll(async () => {
  const t0 = Date.now();
  const step = (what: string) => process.env.FUZZ_VERBOSE && console.log(`fuzz set-up: ${what} at ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  app = await startTestApp('fuzz');
  step('app');
  f = await makeFixture(app, { cooperative: ownerSub('cooperative'), retailer: ownerSub('retailer'), organiser: ownerSub('organiser') }, { product: 'nhan-long', province: 'ha-noi' });
  step('fixture');
  await seed();
  await seedAlertAddresses();
  step('seed');
  // The fixture's match exists once the stream has settled; then the stream stops, so the
  // fuzzer's thousands of writes do not queue matching work behind them.
  await app.runtime.stream.settle();
  await app.runtime.stream.stop();
  step('stream settled');
  for (const [key, entries] of pools) {
    if (!key.startsWith('matchId')) continue;
    for (const e of entries) {
      const res = await app.call('GET', `/v1/matches/${e.values.matchId}`, { token: await app.token('admin', app.sub('admin')) });
      if (res.status !== 200) throw new Error(`the stream did not propose match ${e.values.matchId}: ${res.status} ${res.text}`);
    }
  }
  dispatch = createDispatcher(await loadHandlers(), app.runtime.secrets);
  const res = await dispatch({ method: 'GET', url: '/openapi.json', headers: {} });
  doc = JSON.parse(String(res.body)) as Schema;
  ajv = addFormats(new Ajv2020({ strict: false, allErrors: false, validateFormats: true }));
  ajv.addSchema({ $id: 'openapi.json', components: doc.components });
  for (const role of ROLES) for (const sub of [ownerSub(role), strangerSub(role)]) await tokenFor(role, sub);
  fuzzStarted = Date.now();
  cpuAtStart = process.cpuUsage();
  loadAtStart = loadavg()[0];
}, 180_000);

afterAll(async () => {
  const elapsed = (Date.now() - fuzzStarted) / 1000;
  const cpu = process.cpuUsage(cpuAtStart);
  const rows = [...tallies.entries()].map(([op, t]) => `| ${op} | ${t.sent} | ${t['2xx']} | ${t['4xx']} | ${t['5xx']} |`);
  const total = [...tallies.values()].reduce((a, t) => ({ sent: a.sent + t.sent, ok: a.ok + t['2xx'], c: a.c + t['4xx'], s: a.s + t['5xx'] }), { sent: 0, ok: 0, c: 0, s: 0 });
  console.log(
    [
      `contract fuzz (seed ${SEED}, ${PER_ROUTE} per route, concurrency ${CONCURRENCY}): ${tallies.size} routes, ${total.sent} requests in ${elapsed.toFixed(1)} s (${(total.sent / elapsed).toFixed(0)}/s); ` +
        `CPU of this process ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s (DynamoDB Local's not counted); load average ${loadAtStart.toFixed(1)} → ${loadavg()[0].toFixed(1)}`,
      '| route | sent | 2xx | 4xx | 5xx |',
      '|---|---|---|---|---|',
      ...rows,
      `| **total** | ${total.sent} | ${total.ok} | ${total.c} | ${total.s} |`,
      `CSV answers (declared, asked for): ${JSON.stringify(Object.fromEntries(csvAnswers))}`,
    ].join('\n'),
  );
  await app?.stop();
});

// ---- Requests --------------------------------------------------------------------------

interface Generated {
  inputClass: InputClass;
  callerClass: CallerClass;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** For the report: what the request was for. */
  role?: Role | 'none';
}

const operationOf = (route: Route): Schema => doc.paths[route.path][route.method.toLowerCase()];

/** A working body per operation, with ids drawn by `id` (a pool entry's values). */
function exampleBody(op: OperationId, id: (key: string) => string | undefined): Record<string, unknown> | undefined {
  switch (op) {
    case 'createSeller':
      return sellerBody();
    case 'updateSeller':
      return { address: 'Thôn Mới, Lục Ngạn' };
    case 'createListing':
      return listingBody(id('sellerId') ?? f.sellerId);
    case 'updateListing':
      return { priceVndPerKg: 24_000 };
    case 'createBuyer':
      return buyerBody();
    case 'updateBuyer':
      return { address: 'Lê Chân' };
    case 'createDemand':
      return demandBody(id('buyerId') ?? f.buyerId);
    case 'updateDemand':
      return { quantityKg: 6_000 };
    case 'createFair':
      return fairBody();
    case 'updateFair':
      return { venue: 'Nhà văn hóa Lao động' };
    case 'updateBooking':
      // A booth of the fixture fair's 50 (the schema alone allows up to 5,000): often free, so the owner's change can succeed.
      return { boothNumber: 1 + Math.floor(Math.random() * 50) };
    case 'bookBooth':
      return { sellerId: id('sellerId') ?? f.sellerId };
    case 'createSellerWebhook':
    case 'createBuyerWebhook':
      return webhookBody();
    case 'createRoleRequest':
      return { role: 'cooperative', organisation: { name: 'HTX Thử nghiệm', province: 'Bắc Giang', taxCode: '0100109106' } };
    case 'approveRoleRequest':
      return {};
    case 'rejectRoleRequest':
      return { reason: 'Thiếu giấy phép kinh doanh' };
    case 'grantRole':
      return { sub: app.sub(`granted-${Math.random().toString(36).slice(2, 8)}`), role: 'organiser' };
    case 'updateAlertPreferences':
      return { digest: true };
    case 'confirmAlertAddress':
      return { channel: 'email', code: '000000' };
    case 'sendAlertCode':
      return { channel: 'sms' };
    case 'verifyCertification':
      return { decision: 'verified', note: 'Số chứng nhận khớp sổ cấp' };
    default:
      return undefined;
  }
}

/** A query string that works per operation (beyond the schema, which cannot say "a known province"). */
const EXAMPLE_QUERIES: Partial<Record<OperationId, Record<string, string>>> = {
  searchListings: { product: 'vai-thieu', province: 'Bắc Giang' },
  searchDemands: { product: 'vải thiều' },
  searchFairs: { province: 'hai-phong', from: '2027-01-01' },
  getStats: { province: 'ha-noi', from: '2027-01-01', to: '2027-12-31' },
  listRoleRequests: { status: 'pending', province: 'Bắc Ninh' },
  listPendingCertifications: { status: 'pending', province: 'Bắc Ninh' },
  listNotifications: { unread: 'true' },
  listSellers: { mine: 'true' },
  listBuyers: { mine: 'true' },
};

const printable = fc.string({ unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)), maxLength: 40 });
const junkSegment = fc.oneof(
  fc.string({ maxLength: 40 }).map(encodeURIComponent),
  fc.constantFrom('%', '%zz', '%E0%A4%A', '..', '.', '%2F', 'null', 'undefined', '0', '-1', 'M'.repeat(26), '0'.repeat(26), 'a'.repeat(300), '%00', ulid().toLowerCase(), `M${ulid().slice(1)}`),
);

/** Picks a pool entry for the route's path parameters, preferring ids a role in `roles` owns. */
function pickEntry(key: string, roles: readonly Role[] | undefined, pickIndex: number, operationId?: OperationId): PoolEntry | undefined {
  const list = pools.get(`${key}@${operationId}`) ?? pools.get(key);
  if (!list?.length) return undefined;
  const owned = roles ? list.filter((e) => !e.owner || roles.includes(e.owner)) : list;
  const from = owned.length ? owned : list;
  return from[pickIndex % from.length];
}

/**
 * Requests for a route, every class mixed. `canonical`: only what its owner would send (valid
 * input, a known resource, the version read, plain headers), so that a route with strict
 * preconditions is not left without a success by the luck of the seed.
 */
function requestArbitrary(route: Route, canonical = false): fc.Arbitrary<(classes: Classes) => Promise<Generated>> {
  const op = operationOf(route);
  const rule: AccessRule = ACCESS[route.operationId];
  const isPublic = 'public' in rule;
  const allowed: readonly Role[] = isPublic ? ROLES : rule.roles;
  const disallowed = ROLES.filter((r) => !allowed.includes(r));
  const params = ((op.parameters ?? []) as Schema[]).map((p) => deref(p, doc));
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const poolKey = pathParams.map((p) => p.name).join(',');
  const bodySchema: Schema | undefined = op.requestBody?.content?.['application/json']?.schema;
  const bodyProps = bodySchema ? Object.entries((deref(bodySchema, doc).properties ?? {}) as Record<string, Schema>) : [];
  const takesIfMatch = params.some((p) => p.name === 'If-Match');

  const queryValue = (p: Schema) => fc.oneof(arbitraryOf(p.schema, doc).map(String), fc.constantFrom(...boundaryValues(p.schema, doc).map(String)), printable);

  return fc
    .record({
      pick: fc.nat(),
      pathChoice: canonical ? fc.constant('pool') : fc.constantFrom('pool', 'pool', 'pool', 'random-id', 'junk'),
      junkSegments: fc.array(junkSegment, { minLength: 3, maxLength: 3 }),
      queryPicks: fc.tuple(...queryParams.map((p) => fc.option(queryValue(p), { freq: 2 })), fc.constant(null)),
      extraQuery: canonical ? fc.constant(null) : fc.option(fc.tuple(printable, printable), { freq: 5 }),
      bodyGenerated: bodySchema ? arbitraryOf(bodySchema, doc) : fc.constant(undefined),
      fieldSwaps: canonical ? fc.constant([] as [number, number, boolean][]) : fc.array(fc.tuple(fc.nat(), fc.nat(), fc.boolean()), { maxLength: 2 }),
      junkBody: fc.oneof(
        fc.jsonValue({ maxDepth: 3 }).map((v) => ({ raw: JSON.stringify(v) ?? 'null', type: 'application/json' })),
        fc.string({ maxLength: 60 }).map((s) => ({ raw: s, type: 'application/json' })),
        fc.constantFrom(
          { raw: '{"a":', type: 'application/json' },
          { raw: '{}', type: 'text/plain' },
          { raw: 'a=1&b=2', type: 'application/x-www-form-urlencoded' },
          { raw: '', type: '' },
          { raw: '[]', type: 'application/json' },
          { raw: 'null', type: 'application/json' },
          { raw: '{"__proto__":{"admin":true},"constructor":{"prototype":{"x":1}}}', type: 'application/json' },
          { raw: JSON.stringify({ name: 'x'.repeat(70_000) }), type: 'application/json' },
          { raw: `${'['.repeat(5000)}${']'.repeat(5000)}`, type: 'application/json' },
          { raw: '\u00ff\u00fe{}', type: 'application/json; charset=utf-16' },
          { raw: '{}', type: 'application/merge-patch+json' },
        ),
      ),
      lang: fc.constantFrom(undefined, 'vi', 'en', 'vi-VN,vi;q=0.9,en;q=0.8', 'fr', '*', ';;q=abc'),
      accept: canonical ? fc.constant(undefined) : fc.constantFrom(undefined, undefined, 'application/json', 'text/csv', 'text/csv, application/json', 'image/png', '*/*'),
      ifMatch: canonical ? fc.constant('tracked') : fc.constantFrom('tracked', 'tracked', 'none', '"1"', 'W/"2"', '"0"', '*', 'abc', '"9999999999"', '""'),
      idemKey: canonical ? fc.option(fc.uuid()) : fc.option(fc.oneof(fc.uuid(), fc.constantFrom('k 1', '', 'ключ', 'x'.repeat(256), 'same-key')), { freq: 2 }),
      authJunk: canonical ? fc.constant(undefined) : fc.constantFrom(undefined, undefined, 'Bearer ', 'Bearer abc.def.ghi', 'Basic dXNlcjpwYXNz', 'bearer', 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'),
      sendBodyAnyway: fc.boolean(),
    })
    .map((generated) => async (classes: Classes): Promise<Generated> => {
      const g = { ...generated, ...classes };
      // Who calls.
      let role: Role | 'none' | undefined;
      let sub: string | undefined;
      const entry = pathParams.length ? pickEntry(poolKey, allowed, g.pick, route.operationId) : undefined;
      switch (g.callerClass) {
        case 'no-token':
          break;
        case 'wrong-role':
          if (disallowed.length) role = disallowed[g.pick % disallowed.length];
          else role = 'none';
          sub = role === 'none' ? NO_ROLE_SUB() : strangerSub(role);
          break;
        case 'another-owner':
          role = allowed[g.pick % allowed.length];
          sub = strangerSub(role);
          break;
        case 'right-owner':
          role = entry?.owner && allowed.includes(entry.owner) ? entry.owner : allowed[g.pick % allowed.length];
          sub = ownerSub(role);
          break;
      }
      const headers: Record<string, string> = {};
      if (role && sub) headers.authorization = `Bearer ${await tokenFor(role, sub)}`;
      else if (g.authJunk) headers.authorization = g.authJunk;
      if (g.lang) headers['accept-language'] = g.lang;
      if (g.accept) headers.accept = g.accept;

      // Where: the path.
      const poolValues = (key: string) => pickEntry(key, role && role !== 'none' ? [role] : undefined, g.pick)?.values[key];
      let segments: string[] = pathParams.map((p, i) => {
        if (g.inputClass === 'junk' && g.pathChoice === 'junk') return g.junkSegments[i % 3];
        if (g.pathChoice === 'random-id') return p.name === 'matchId' ? `M${ulid().slice(1)}` : ulid();
        return entry?.values[p.name] ?? poolValues(p.name) ?? ulid();
      });
      if (g.inputClass === 'boundary' && segments.length) segments = segments.map((s, i) => (i === g.pick % segments.length ? s.toLowerCase() : s));
      let i = 0;
      const path = route.path.replace(/\{\w+\}/g, () => segments[i++]);

      // What: query, headers, body.
      const query = new URLSearchParams();
      const example = EXAMPLE_QUERIES[route.operationId];
      if (g.inputClass === 'valid' && example) for (const [k, v] of Object.entries(example)) query.set(k, v);
      queryParams.forEach((p, n) => {
        // The owner's requests must succeed: they send the route's example query, if it has one,
        // and no generated values (a cursor is opaque and sealed by the server, so no generated
        // one is valid; generated filters can contradict each other, e.g. dates out of order).
        if (canonical) return;
        const v = g.queryPicks[n];
        if (v !== null && v !== undefined && (g.inputClass !== 'valid' || !example || n % 2 === 0)) query.set(p.name, v as string);
      });
      if (route.operationId === 'unsubscribe' || route.operationId === 'unsubscribePage') {
        if (g.inputClass === 'valid') query.set('token', await unsubscribeToken(g.pick));
      }
      if (g.inputClass === 'junk' && g.extraQuery) query.append(g.extraQuery[0] || 'x', g.extraQuery[1]);
      const qs = query.toString();

      if (route.method === 'POST' && g.idemKey !== null) headers['idempotency-key'] = g.idemKey;
      if (takesIfMatch || route.method === 'PATCH') {
        // The resource whose version the route checks: the last id of the path, except that a
        // certificate's verification checks its seller's version.
        const target = route.operationId === 'verifyCertification' ? segments[0] : segments[segments.length - 1];
        const tracked = route.operationId === 'updateAlertPreferences' ? versions.get(`prefs:${sub}`) ?? 0 : versions.get(target) ?? 1;
        if (g.ifMatch === 'tracked') headers['if-match'] = `"${tracked}"`;
        else if (g.ifMatch !== 'none') headers['if-match'] = g.ifMatch;
      }

      let body: string | undefined;
      if (bodySchema) {
        headers['content-type'] = 'application/json';
        const base = exampleBody(route.operationId, (key) => entry?.values[key] ?? poolValues(key)) ?? (g.bodyGenerated as Record<string, unknown>);
        if (g.inputClass === 'valid') {
          const out = { ...base };
          // Swap some fields for schema-generated values: still valid as far as the schema can tell.
          for (const [a, b, keep] of g.fieldSwaps) {
            const [name, schema] = bodyProps[a % Math.max(1, bodyProps.length)] ?? [];
            if (!name || keep) continue;
            out[name] = fc.sample(arbitraryOf(schema, doc), { numRuns: 1, seed: SEED + b })[0];
          }
          if (route.operationId === 'updateAlertPreferences' || route.operationId === 'approveRoleRequest') {
            if (g.ifMatch === 'none') out.version = route.operationId === 'updateAlertPreferences' ? (versions.get(`prefs:${sub}`) ?? 0) : (versions.get(segments[0]) ?? 1);
          }
          body = JSON.stringify(out);
        } else if (g.inputClass === 'boundary') {
          const [name, schema] = bodyProps[g.pick % Math.max(1, bodyProps.length)] ?? [];
          const values = name ? boundaryValues(schema, doc) : [null];
          const out = name ? { ...base, [name]: values[(g.pick >> 3) % values.length] } : base;
          body = JSON.stringify(out);
        } else {
          body = g.junkBody.raw;
          if (g.junkBody.type) headers['content-type'] = g.junkBody.type;
          else delete headers['content-type'];
        }
      } else if (g.inputClass === 'junk' && g.sendBodyAnyway) {
        body = g.junkBody.raw;
        if (g.junkBody.type) headers['content-type'] = g.junkBody.type;
      }
      return { inputClass: g.inputClass, callerClass: g.callerClass, method: route.method, url: qs ? `${path}?${qs}` : path, headers, body, role };
    });
}

async function unsubscribeToken(n: number): Promise<string> {
  const { signUnsubscribe, unsubscribeKey } = await import('#functions/alerts/unsubscribe-token.ts');
  return signUnsubscribe(unsubscribeKey(process.env.CURSOR_KEY ?? ''), { sub: app.sub(`unsubscriber-${n % 3}`), channel: n % 2 ? 'email' : 'sms', type: 'match-proposed' });
}

// ---- Checking the answers ----------------------------------------------------------------

function validatorFor(key: string, schema: Schema): ValidateFunction {
  let v = validators.get(key);
  if (!v) {
    const rewritten = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"openapi.json#/components/')) as Schema;
    validators.set(key, (v = ajv.compile(rewritten)));
  }
  return v;
}

/** Whatever is wrong with the answer to `req` (empty when it keeps the contract). */
function violationsOf(route: Route, req: Generated, res: LocalResponse): string[] {
  const problems: string[] = [];
  const status = res.statusCode;
  const contentType = String(res.headers['content-type'] ?? '');
  const text = Buffer.isBuffer(res.body) ? res.body.toString('utf8') : res.body;
  if (status >= 500) problems.push(`${status}: ${text.slice(0, 300)}`);
  if (status >= 400) {
    if (!contentType.startsWith('application/problem+json')) problems.push(`error ${status} is ${contentType || 'untyped'}, not problem+json`);
    let problem: Schema | undefined;
    try {
      problem = JSON.parse(text) as Schema;
    } catch {
      problems.push(`error ${status} body is not JSON: ${text.slice(0, 120)}`);
    }
    if (problem) {
      const validate = validatorFor('Problem', { $ref: '#/components/schemas/Problem' });
      if (!validate(problem)) problems.push(`error ${status} breaks the Problem schema: ${ajv.errorsText(validate.errors)}`);
      if (problem.status !== status) problems.push(`problem.status ${problem.status} != HTTP ${status}`);
    }
    if (/\n\s+at |node_modules|\.ts:\d+|Dynamo|ValidationException|TypeError|ReferenceError/.test(text)) problems.push(`error ${status} leaks internals: ${text.slice(0, 200)}`);
    return problems;
  }
  const declared = operationOf(route).responses?.[String(status)] as Schema | undefined;
  if (!declared) return [...problems, `success status ${status} is not declared`];
  const medias = Object.keys(declared.content ?? {});
  const media = medias[0];
  if (!media) {
    if (text.length) problems.push(`${status} declares no body but sent ${text.slice(0, 80)}`);
    return problems;
  }
  const expectedType = media.split(';')[0];
  const actualType = contentType.split(';')[0];
  // A second declared type (text/csv beside the JSON) is a valid answer only when it was asked for.
  const alternative = actualType !== expectedType && medias.some((m) => m.split(';')[0] === actualType) && (req.headers.accept ?? '').includes(actualType);
  if (alternative) csvAnswers.set(route.operationId, (csvAnswers.get(route.operationId) ?? 0) + 1);
  if (actualType !== expectedType && !alternative) problems.push(`${status} is ${contentType}, declared ${medias.join(' or ')}`);
  if (expectedType === 'application/json' && actualType === 'application/json') {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return [...problems, `${status} body is not JSON`];
    }
    if (route.operationId !== 'getOpenApi') {
      const validate = validatorFor(`${route.operationId}:${status}`, declared.content[media].schema);
      if (!validate(body)) problems.push(`${status} body breaks its schema: ${ajv.errorsText(validate.errors)}`);
    }
  }
  return problems;
}

/** Grows the pools and version map from what succeeded, so later requests reach real data. */
function learn(route: Route, req: Generated, res: LocalResponse) {
  if (res.statusCode >= 300 || !String(res.headers['content-type'] ?? '').includes('json')) return;
  let body: Schema;
  try {
    body = JSON.parse(String(res.body)) as Schema;
  } catch {
    return;
  }
  const items = Array.isArray(body.items) ? (body.items as Schema[]) : [body];
  for (const item of items) if (typeof item?.id === 'string' && typeof item.version === 'number') versions.set(item.id, item.version);
  if (route.operationId === 'getAlertPreferences' || route.operationId === 'updateAlertPreferences') {
    const sub = req.role && req.role !== 'none' ? (req.callerClass === 'right-owner' ? ownerSub(req.role) : strangerSub(req.role)) : undefined;
    if (sub && typeof body.version === 'number') versions.set(`prefs:${sub}`, body.version);
  }
  if (req.callerClass !== 'right-owner' || res.statusCode !== 201 || typeof body.id !== 'string') return;
  const role = req.role as Role;
  const grow: Partial<Record<OperationId, () => void>> = {
    createSeller: () => addToPool('sellerId', { sellerId: body.id }, role),
    createListing: () => addToPool('listingId', { listingId: body.id }, role),
    createBuyer: () => addToPool('buyerId', { buyerId: body.id }, role),
    createDemand: () => addToPool('demandId', { demandId: body.id }, role),
    createFair: () => addToPool('fairId', { fairId: body.id }, role),
    bookBooth: () => addToPool('fairId,bookingId', { fairId: body.fairId, bookingId: body.id }, role),
    createSellerWebhook: () => addToPool('webhookId', { webhookId: body.id }, role),
    createBuyerWebhook: () => addToPool('webhookId', { webhookId: body.id }, role),
  };
  grow[route.operationId]?.();
}

async function inParallel<T>(tasks: (() => Promise<T>)[], limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, tasks.length) }, async () => {
      while (next < tasks.length) {
        const n = next++;
        results[n] = await tasks[n]();
      }
    }),
  );
  return results;
}

// Creates run first, so later routes find the ids they made.
const ORDER = (r: Route) => (r.method === 'POST' && !r.path.includes('{') ? 0 : r.method === 'GET' ? 1 : r.method === 'PATCH' ? 2 : r.method === 'POST' ? 3 : 4);
const routes = allRoutes()
  .map((r, n) => ({ r, n }))
  .sort((a, b) => ORDER(a.r) - ORDER(b.r) || a.n - b.n)
  .map(({ r }) => r);

const send = (req: { method: string; url: string; headers: Record<string, string>; body?: string }) =>
  dispatch({ method: req.method, url: req.url, headers: req.headers, body: req.body === undefined ? undefined : Buffer.from(req.body) });

/** Counts one answer in the route's tally, checks it against the contract and learns the ids it made. */
function record(tally: Tally, route: Route, req: Generated, res: LocalResponse, label: string) {
  tally.sent++;
  tally.statuses[res.statusCode] = (tally.statuses[res.statusCode] ?? 0) + 1;
  tally[res.statusCode >= 500 ? '5xx' : res.statusCode >= 400 ? '4xx' : '2xx']++;
  for (const v of violationsOf(route, req, res)) tally.violations.push(`${v}\n    ← ${req.method} ${req.url.slice(0, 200)} ${label} ${req.body?.slice(0, 300) ?? ''}`);
  learn(route, req, res);
}

describe('the contract fuzzer', () => {
  it('finds every route in /openapi.json', () => {
    for (const r of allRoutes()) expect(doc.paths[r.path]?.[r.method.toLowerCase()]?.operationId, `${r.method} ${r.path}`).toBe(r.operationId);
  });

  it.each(routes.map((r) => [r.operationId, r] as const))('keeps %s to its contract', async (operationId, route) => {
    const tally: Tally = { sent: 0, '2xx': 0, '4xx': 0, '5xx': 0, statuses: {}, violations: [] };
    tallies.set(operationId, tally);
    const makers = fc.sample(requestArbitrary(route), { numRuns: PER_ROUTE, seed: SEED + route.path.length * 31 + route.method.length });
    await inParallel(
      makers.map((make, n) => async () => {
        const req = await make(stratum(n));
        record(tally, route, req, await send(req), `[${req.inputClass}, ${req.callerClass}${req.role ? ` as ${req.role}` : ''}] ${JSON.stringify(req.headers).slice(0, 300)}`);
      }),
      CONCURRENCY,
    );
    // Then a few of what the owner would send, one after another so each sees the version the last one made.
    for (const make of fc.sample(requestArbitrary(route, true), { numRuns: 8, seed: SEED + 7 + route.path.length })) {
      const req = await make(OWNER_SENDS);
      record(tally, route, req, await send(req), '[canonical]');
    }
    if (operationId === 'verifyCertification') {
      // The fuzzer's other routes keep changing the sellers' versions and certificates (even
      // removing them); the department's own request is for a seller just registered with one.
      const admin = await app.token('admin', app.sub('admin'));
      const sellerId = await created(app, await app.token('cooperative', ownerSub('cooperative')), '/v1/sellers', sellerBody());
      const seller = await app.call('GET', `/v1/sellers/${sellerId}`, { token: admin });
      const path = `/v1/sellers/${sellerId}/certifications/0/verify`;
      const headers = { authorization: `Bearer ${admin}`, 'content-type': 'application/json' };
      const req = { inputClass: 'valid' as const, callerClass: 'right-owner' as const, method: 'POST', url: path, headers, body: JSON.stringify({ decision: 'rejected', note: 'Số chứng nhận không có trong sổ cấp', version: seller.body.version }), role: 'admin' as const };
      record(tally, route, req, await send(req), '[fixture]');
    }
    if (operationId === 'bookBooth' || operationId === 'cancelBooking') {
      // The fuzzer's other routes book, cancel and fill the fixture's fairs, and a seller books a
      // fair once: the cooperative's own request is for a new profile at a fair just published.
      const organiser = await app.token('organiser', ownerSub('organiser'));
      const fairId = await created(app, organiser, '/v1/fairs', fairBody());
      expect((await app.call('POST', `/v1/fairs/${fairId}/publish`, { token: organiser, headers: { 'if-match': '"1"' } })).status).toBe(200);
      const coop = await app.token('cooperative', ownerSub('cooperative'));
      const sellerId = await created(app, coop, '/v1/sellers', sellerBody());
      const headers = { authorization: `Bearer ${coop}`, 'content-type': 'application/json' };
      const booking = { inputClass: 'valid' as const, callerClass: 'right-owner' as const, method: 'POST', url: `/v1/fairs/${fairId}/bookings`, headers, body: JSON.stringify({ sellerId }), role: 'cooperative' as const };
      const booked = await send(booking);
      if (operationId === 'bookBooth') record(tally, route, booking, booked, '[fixture]');
      else {
        const bookingId = (JSON.parse(String(booked.body)) as { id: string }).id;
        const cancel = { ...booking, method: 'DELETE', url: `/v1/fairs/${fairId}/bookings/${bookingId}`, body: undefined };
        record(tally, route, cancel, await send(cancel), '[fixture]');
      }
    }
    const rule: AccessRule = ACCESS[operationId];
    expect(tally.violations.slice(0, 5), `${tally.violations.length} contract violations (seed ${SEED})`).toEqual([]);
    expect(tally.sent).toBeGreaterThanOrEqual(PER_ROUTE);
    // The valid requests of its owner got through.
    // A rate-limited route may refuse every valid request of the run with 429 (its limit is met
    // by an earlier route: a role request sends the code): that refusal comes after validation
    // and authorization too, so it counts as getting through.
    const through = tally['2xx'] + (operationId === 'sendAlertCode' ? (tally.statuses[429] ?? 0) : 0);
    expect(through, `no request to ${operationId} succeeded: ${JSON.stringify(tally.statuses)}`).toBeGreaterThan(0);
    if (!('public' in rule)) expect(tally.statuses[401], 'no 401 without a token').toBeGreaterThan(0);
  });
});
