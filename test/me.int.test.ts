/**
 * Issue 9, parts 1, 2, 5 and 8 through the HTTP API: my things (`/v1/me`, `?mine=true`, my
 * matches and bookings), who the other party is (summaries, then contacts and the next step once
 * confirmed, in the match, the inbox and the webhook payload), certificates a buyer can trust,
 * and one notification per thing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { buyerBody, demandBody, fairBody, listingBody, sellerBody, webhookBody } from '#test/support/fixtures.ts';
import { matchId } from '#domain/matching/rules.ts';
import { ME_PROFILE_LIMIT } from '#domain/me.ts';
import { signDevToken } from '#infra/local/auth.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('me');
});
afterAll(async () => {
  await app.stop();
});

const vi = { 'accept-language': 'vi' };
const en = { 'accept-language': 'en' };

async function post(token: string, path: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await app.call('POST', path, { token, body, headers });
  if (res.status >= 300) throw new Error(`POST ${path} gave ${res.status}: ${res.text}`);
  return res.body;
}

/** A cooperative with `sellers` sellers, each listing `product` in `province`, and a retailer wanting it. */
async function market(name: string, product: string, province: string, opts: { sellers?: number; demandOver?: Record<string, unknown>; sellerOver?: Record<string, unknown> } = {}) {
  const coopSub = app.sub(`${name}-coop`);
  const retailSub = app.sub(`${name}-retail`);
  const coop = await app.token('cooperative', coopSub);
  const retailer = await app.token('retailer', retailSub);
  const sellers = [];
  const listings = [];
  for (let i = 0; i < (opts.sellers ?? 1); i++) {
    const seller = await post(coop, '/v1/sellers', sellerBody({ name: `HTX ${name} số ${i + 1}`, province, taxCode: undefined, ...opts.sellerOver }));
    sellers.push(seller);
    listings.push(await post(coop, '/v1/listings', listingBody(seller.id, { product, quantityKg: 3_000, minOrderKg: 500 })));
  }
  const buyer = await post(retailer, '/v1/buyers', buyerBody({ name: `Siêu thị ${name}`, contact: { name: 'Trần Thị Bình', phone: '0225 3123 456', email: 'thumua@example.vn' } }));
  const demand = await post(retailer, '/v1/demands', demandBody(buyer.id, { product, quantityKg: 10_000, minQuantityKg: 500, maxDistanceKm: undefined, sourcingProvinces: [province], requiredCertifications: [], ...opts.demandOver }));
  await app.runtime.stream.settle();
  return { coop, retailer, coopSub, retailSub, sellers, listings, buyer, demand };
}

/** Accepts a match for one side, at the version it reads. */
async function accept(token: string, id: string, headers: Record<string, string> = {}) {
  const current = await app.call('GET', `/v1/matches/${id}`, { token });
  return app.call('POST', `/v1/matches/${id}/accept`, { token, headers: { 'if-match': `"${current.body.version}"`, ...headers } });
}

describe('my things', () => {
  it('shows who I am, my sellers with open listings and proposals waiting, and my unread count', async () => {
    const m = await market('me1', 'cam', 'Nghệ An', { sellers: 2 });
    const me = await app.call('GET', '/v1/me', { token: m.coop });
    expect(me.status, me.text).toBe(200);
    expect(me.body.sub).toBe(m.coopSub);
    expect(me.body.roles).toEqual(['cooperative']);
    expect(me.body.sellers.map((s: { id: string }) => s.id).sort()).toEqual(m.sellers.map((s) => s.id).sort());
    for (const s of me.body.sellers) {
      expect(s.openListings).toBe(1);
      expect(s.proposalsWaiting).toBe(1);
    }
    expect(me.body.counts.proposalsWaiting).toBe(2);
    expect(me.body.counts.unreadNotifications).toBeGreaterThan(0);
    // Two proposals at once are one grouped notice, which names both sellers it concerns.
    const proposals = (await app.call('GET', '/v1/notifications', { token: m.coop })).body.items.filter((n: { type: string }) => n.type === 'match-proposed');
    expect(proposals.flatMap((n: { profiles: { id: string }[] }) => n.profiles.map((p) => p.id)).sort()).toEqual(m.sellers.map((s) => s.id).sort());
    const retailerMe = await app.call('GET', '/v1/me', { token: m.retailer });
    expect(retailerMe.body.buyers).toEqual([expect.objectContaining({ id: m.buyer.id, openDemands: 1, proposalsWaiting: 2 })]);
    expect(retailerMe.body.sellers).toEqual([]);

    // Answering one proposal takes it off the waiting count (once the stream has caught up).
    expect((await accept(m.coop, matchId(m.listings[0].id, m.demand.id))).status).toBe(200);
    await app.runtime.stream.settle();
    const after = await app.call('GET', '/v1/me', { token: m.coop });
    expect(after.body.counts.proposalsWaiting).toBe(1);
    expect(after.body.sellers.find((s: { id: string }) => s.id === m.sellers[0].id).proposalsWaiting).toBe(0);
  });

  it('summarises at most ME_PROFILE_LIMIT profiles of a kind and says it left some out, still counting every proposal waiting', async () => {
    const m = await market('me-many', 'hanh-tim', 'Quảng Ngãi', { sellers: 2 });
    for (let i = 0; i < ME_PROFILE_LIMIT - 1; i++) await post(m.coop, '/v1/sellers', sellerBody({ name: `HTX nhiều hồ sơ ${i}`, taxCode: undefined }));
    const me = await app.call('GET', '/v1/me', { token: m.coop });
    expect(me.status, me.text).toBe(200);
    expect(me.body.sellers).toHaveLength(ME_PROFILE_LIMIT);
    expect(me.body.truncated).toBe(true);
    // The two proposals belong to the two oldest sellers, both shown; the total counts them whatever is shown.
    expect(me.body.counts.proposalsWaiting).toBe(2);
    expect(me.body.sellers.filter((s: { proposalsWaiting: number }) => s.proposalsWaiting === 1).map((s: { id: string }) => s.id).sort()).toEqual(m.sellers.map((s) => s.id).sort());
  });

  it('lists only my sellers with mine=true, a page at a time, and refuses anything but mine=true in vi and en', async () => {
    const m = await market('me2', 'xoai', 'Sơn La', { sellers: 3 });
    const other = await app.token('cooperative', app.sub('me2-other'));
    await post(other, '/v1/sellers', sellerBody({ name: 'HTX người khác', taxCode: undefined }));
    const first = await app.call('GET', '/v1/sellers?mine=true&limit=2', { token: m.coop });
    expect(first.status, first.text).toBe(200);
    expect(first.body.items).toHaveLength(2);
    const second = await app.call('GET', `/v1/sellers?mine=true&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`, { token: m.coop });
    expect([...first.body.items, ...second.body.items].map((s: { id: string }) => s.id).sort()).toEqual(m.sellers.map((s) => s.id).sort());
    expect(second.body.nextCursor).toBeUndefined();
    const buyers = await app.call('GET', '/v1/buyers?mine=true', { token: m.retailer });
    expect(buyers.body.items.map((b: { id: string }) => b.id)).toEqual([m.buyer.id]);
    const badVi = await app.call('GET', '/v1/sellers?mine=false', { token: m.coop, headers: vi });
    expect(badVi.status).toBe(400);
    expect(badVi.body.errors[0]).toMatchObject({ path: 'query.mine' });
    expect(badVi.body.errors[0].message).toContain('chỉ hỗ trợ');
    const badEn = await app.call('GET', '/v1/sellers', { token: m.coop, headers: en });
    expect(badEn.status).toBe(400);
  });

  it('lists my fairs with drafts, and the bookings of my sellers', async () => {
    const organiser = await app.token('organiser', app.sub('me3-org'));
    const draft = await post(organiser, '/v1/fairs', fairBody({ name: 'Hội chợ nháp' }));
    const published = await post(organiser, '/v1/fairs', fairBody({ name: 'Hội chợ đã công bố' }));
    await app.call('POST', `/v1/fairs/${published.id}/publish`, { token: organiser, headers: { 'if-match': '"1"' } });
    const fairs = await app.call('GET', '/v1/fairs?mine=true', { token: organiser });
    expect(fairs.status, fairs.text).toBe(200);
    expect(fairs.body.items.map((f: { id: string }) => f.id).sort()).toEqual([draft.id, published.id].sort());
    const me = await app.call('GET', '/v1/me', { token: organiser });
    expect(me.body.fairs.find((f: { id: string }) => f.id === draft.id)).toMatchObject({ status: 'draft' });

    const coop = await app.token('cooperative', app.sub('me3-coop'));
    const seller = await post(coop, '/v1/sellers', sellerBody({ taxCode: undefined }));
    const booking = await post(coop, `/v1/fairs/${published.id}/bookings`, { sellerId: seller.id });
    const mine = await app.call('GET', '/v1/bookings', { token: coop });
    expect(mine.status, mine.text).toBe(200);
    expect(mine.body.items.map((b: { id: string }) => b.id)).toEqual([booking.id]);
    const stranger = await app.call('GET', '/v1/bookings', { token: await app.token('cooperative', app.sub('me3-stranger')) });
    expect(stranger.body.items).toEqual([]);
  });

  it('lists my proposals across all my sellers by status and side', async () => {
    const m = await market('me4', 'buoi', 'Vĩnh Long', { sellers: 2 });
    const proposed = await app.call('GET', '/v1/matches?status=proposed&side=seller', { token: m.coop });
    expect(proposed.status, proposed.text).toBe(200);
    expect(proposed.body.items.map((x: { sellerId: string }) => x.sellerId).sort()).toEqual(m.sellers.map((s) => s.id).sort());
    expect((await app.call('GET', '/v1/matches?status=proposed&side=buyer', { token: m.coop })).body.items).toEqual([]);
    const buyerSide = await app.call('GET', '/v1/matches?side=buyer&limit=1', { token: m.retailer });
    expect(buyerSide.body.items).toHaveLength(1);
    expect(buyerSide.body.nextCursor).toBeDefined();
    expect((await app.call('GET', '/v1/matches?status=confirmed', { token: m.retailer })).body.items).toEqual([]);
  });
});

describe('who the other party is', () => {
  it('shows a proposal’s other party without contact, then contact and next step once confirmed, to the parties only', async () => {
    const m = await market('party', 'thanh-long', 'Lâm Đồng');
    const id = matchId(m.listings[0].id, m.demand.id);
    const proposed = await app.call('GET', `/v1/matches/${id}`, { token: m.retailer });
    expect(proposed.body.seller).toMatchObject({ id: m.sellers[0].id, name: m.sellers[0].name, kind: 'cooperative', province: 'lam-dong' });
    expect(proposed.body.seller.certifications[0]).toMatchObject({ type: 'VietGAP', verification: 'self-declared' });
    expect(proposed.body.seller.contact).toBeUndefined();
    expect(proposed.body.buyer.contact).toBeUndefined();
    expect(proposed.body.nextStep).toBeUndefined();
    expect(proposed.body.yourSides).toEqual(['buyer']);

    expect((await accept(m.coop, id)).status).toBe(200);
    const confirmed = await accept(m.retailer, id);
    expect(confirmed.status, confirmed.text).toBe(200);
    expect(confirmed.body.status).toBe('confirmed');
    expect(confirmed.body.seller.contact).toEqual({ name: 'Nguyễn Văn An', phone: '+84912345678', email: 'htx.xanh@example.vn' });
    expect(confirmed.body.nextStep.vi).toMatch(/^Gọi Nguyễn Văn An \(HTX party số 1\) số 0912 345 678 để thống nhất nhận 3 tấn Thanh long trước \d\d\/\d\d\/2027\./);
    expect(confirmed.body.nextStep.en).toMatch(/^Call Nguyễn Văn An \(HTX party số 1\) on \+84 912 345 678 to agree delivery of 3 t of Dragon fruit before/);
    const sellerView = await app.call('GET', `/v1/matches/${id}`, { token: m.coop });
    expect(sellerView.body.buyer.contact.phone).toBe('+842253123456');
    expect(sellerView.body.nextStep.vi).toContain('Gọi Trần Thị Bình');
    const admin = await app.call('GET', `/v1/matches/${id}`, { token: await app.token('admin', app.sub('party-admin')) });
    expect(admin.status).toBe(200);
    expect(admin.body.seller.contact).toBeUndefined();
    expect(admin.body.nextStep).toBeUndefined();
    const stranger = await app.call('GET', `/v1/matches/${id}`, { token: await app.token('retailer', app.sub('party-stranger')) });
    expect(stranger.status).toBe(404);

    await app.runtime.stream.settle();
    const listed = await app.call('GET', '/v1/matches?status=confirmed&side=buyer', { token: m.retailer });
    expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([id]);
    expect(listed.body.items[0].seller.contact.phone).toBe('+84912345678');
  });

  it('names the profile and the other party in the inbox, with the contact and next step once confirmed, in vi and en', async () => {
    const m = await market('inbox', 'sau-rieng', 'Đắk Lắk');
    const id = matchId(m.listings[0].id, m.demand.id);
    const proposedVi = (await app.call('GET', '/v1/notifications', { token: m.retailer, headers: vi })).body.items.find((n: { type: string }) => n.type === 'match-proposed');
    expect(proposedVi.body).toContain(`Cho Siêu thị inbox: HTX inbox số 1 (hợp tác xã, Đắk Lắk) chào bán 3 tấn Sầu riêng`);
    expect(proposedVi.body).toContain('chứng nhận: VietGAP (tự khai); OCOP 4★ (tự khai)');
    expect(proposedVi.body).not.toContain('0912');
    expect(proposedVi.profiles).toEqual([{ kind: 'buyer', id: m.buyer.id, name: 'Siêu thị inbox' }]);
    const proposedEn = (await app.call('GET', '/v1/notifications', { token: m.coop, headers: en })).body.items.find((n: { type: string }) => n.type === 'match-proposed');
    expect(proposedEn.body).toContain('For HTX inbox số 1: Siêu thị inbox (supermarket, Haiphong) wants 3 t of Durian');

    await accept(m.coop, id);
    await accept(m.retailer, id);
    await app.runtime.stream.settle();
    const confirmedVi = (await app.call('GET', '/v1/notifications', { token: m.retailer, headers: vi })).body.items.find((n: { type: string }) => n.type === 'match-confirmed');
    expect(confirmedVi.title).toBe('Đã chốt với HTX inbox số 1');
    expect(confirmedVi.body).toContain('đã chốt 3 tấn Sầu riêng với HTX inbox số 1');
    expect(confirmedVi.body).toContain('Gọi Nguyễn Văn An (HTX inbox số 1) số 0912 345 678');
    const confirmedEn = (await app.call('GET', '/v1/notifications', { token: m.coop, headers: en })).body.items.find((n: { type: string }) => n.type === 'match-confirmed');
    expect(confirmedEn.body).toContain('Call Trần Thị Bình (Siêu thị inbox) on +84 225 312 3456');
  });

  it('puts the parties, their contacts and the next steps in the confirmed webhook payload', async () => {
    const m = await market('hook', 'mit', 'Tây Ninh');
    const hook = await post(m.retailer, `/v1/buyers/${m.buyer.id}/webhooks`, webhookBody({ eventTypes: ['MatchProposed', 'MatchConfirmed'] }));
    const id = matchId(m.listings[0].id, m.demand.id);
    await accept(m.coop, id);
    await accept(m.retailer, id);
    await app.runtime.stream.settle();
    const { deps } = await import('#functions/deps.ts');
    const deliveries = await deps().deliveries.listByWebhook(hook.id, { limit: 10 });
    const payload = JSON.parse(deliveries.items.map((d) => (d as unknown as { payload: string }).payload).find((p) => p.includes('MatchConfirmed'))!);
    const data = payload.data.data;
    expect(data.seller).toMatchObject({ name: 'HTX hook số 1', contact: { phone: '+84912345678' } });
    expect(data.buyer).toMatchObject({ name: 'Siêu thị hook', contact: { phone: '+842253123456' } });
    expect(data.nextStep.buyer.vi).toContain('Gọi Nguyễn Văn An');
    expect(data.nextStep.seller.en).toContain('Call Trần Thị Bình');
  });
});

describe('certificates a buyer can trust', () => {
  it('queues the certificates awaiting verification by the seller’s province for the admins who act for it, until each is decided', async () => {
    const coop = await app.token('cooperative', app.sub('queue-coop'));
    const caoBang = await post(coop, '/v1/sellers', sellerBody({ name: 'HTX Hồi Cao Bằng', province: 'Cao Bằng', taxCode: undefined }));
    const laiChau = await post(coop, '/v1/sellers', sellerBody({ name: 'HTX Chè Lai Châu', province: 'Lai Châu', taxCode: undefined, certifications: [{ type: 'VietGAP', validUntil: '2027-12-31' }] }));
    const noCertificate = await post(coop, '/v1/sellers', sellerBody({ name: 'HTX Không chứng nhận', province: 'Cao Bằng', taxCode: undefined, certifications: [] }));
    const scoped = await signDevToken(app.runtime.secrets, app.sub('admin-cb'), ['admin'], 3600, { provinces: ['cao-bang'] });
    const national = await app.token('admin', app.sub('admin-all'));
    const queue = async (token: string, query = '') => {
      const res = await app.call('GET', `/v1/certifications${query}`, { token });
      expect(res.status, res.text).toBe(200);
      return res.body.items as { sellerId: string; version: number; certifications: { index: number; type: string; verification: string }[] }[];
    };

    // A scoped admin sees their province only; a seller without certificates is not queued.
    const mine = await queue(scoped);
    expect(mine.map((i) => i.sellerId)).toEqual([caoBang.id]);
    expect(mine[0].certifications).toMatchObject([{ index: 0, type: 'VietGAP', verification: 'self-declared' }, { index: 1, type: 'OCOP' }]);
    expect(mine.map((i) => i.sellerId)).not.toContain(noCertificate.id);
    expect((await app.call('GET', '/v1/certifications?province=Lai%20Ch%C3%A2u', { token: scoped })).status).toBe(403);
    expect((await queue(national, '?province=Lai%20Ch%C3%A2u')).map((i) => i.sellerId)).toEqual([laiChau.id]);
    expect((await app.call('GET', '/v1/certifications', { token: coop })).status).toBe(403);
    expect((await app.call('GET', '/v1/certifications?status=verified', { token: national })).status).toBe(400);

    // One decided: the other still waits. Both decided: off the queue.
    const v = { 'if-match': `"${mine[0].version}"` };
    await post(scoped, `/v1/sellers/${caoBang.id}/certifications/0/verify`, { decision: 'verified' }, v);
    expect((await queue(scoped))[0].certifications.map((c) => c.index)).toEqual([1]);
    await post(scoped, `/v1/sellers/${caoBang.id}/certifications/1/verify`, { decision: 'rejected', note: 'Không có trong danh sách OCOP' }, { 'if-match': `"${mine[0].version + 1}"` });
    expect(await queue(scoped)).toEqual([]);
  });

  it('lets an admin verify a certificate, keeps who and when, and the listing, reasons and score follow', async () => {
    const m = await market('cert', 'chuoi', 'Đồng Tháp', { demandOver: { requiredCertifications: [{ type: 'VietGAP' }] } });
    const id = matchId(m.listings[0].id, m.demand.id);
    const before = await app.call('GET', `/v1/matches/${id}`, { token: m.retailer });
    expect(before.body.reasons.vi.join(' | ')).toContain('(tự khai)');
    expect(before.body.reasons.en.join(' | ')).toContain('meets the requirements as self-declared, not yet verified by the department');
    expect(before.body.reasons.en.join(' | ')).not.toContain('meeting all requirements');

    const adminSub = app.sub('cert-admin');
    const admin = await app.token('admin', adminSub);
    const coopTry = await app.call('POST', `/v1/sellers/${m.sellers[0].id}/certifications/0/verify`, { token: m.coop, body: { decision: 'verified' }, headers: { 'if-match': '"1"' } });
    expect(coopTry.status).toBe(403);
    const missing = await app.call('POST', `/v1/sellers/${m.sellers[0].id}/certifications/7/verify`, { token: admin, body: { decision: 'verified' }, headers: { 'if-match': '"1"' } });
    expect(missing.status).toBe(404);
    const verified = await app.call('POST', `/v1/sellers/${m.sellers[0].id}/certifications/0/verify`, { token: admin, body: { decision: 'verified', note: 'Đã đối chiếu sổ cấp' }, headers: { 'if-match': '"1"' } });
    expect(verified.status, verified.text).toBe(200);
    expect(verified.body.certifications[0]).toMatchObject({ type: 'VietGAP', verification: 'verified', verifiedBy: adminSub, verificationNote: 'Đã đối chiếu sổ cấp' });
    expect(verified.body.certifications[0].verifiedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(verified.body.certifications[1].verification).toBe('self-declared');
    const listing = await app.call('GET', `/v1/listings/${m.listings[0].id}`, { token: m.retailer });
    expect(listing.body.certifications[0]).toMatchObject({ type: 'VietGAP', verification: 'verified' });

    await app.runtime.stream.settle();
    const after = await app.call('GET', `/v1/matches/${id}`, { token: m.retailer, headers: vi });
    expect(after.body.reasons.vi.join(' | ')).toContain('VietGAP (hiệu lực đến 31/12/2027), đã được xác minh');
    expect(after.body.reasons.en.join(' | ')).toContain('meeting all requirements');
    expect(after.body.factors.certifications).toBeGreaterThan(before.body.factors.certifications);
    expect(after.body.seller.certifications[0].verification).toBe('verified');
  });

  it('matches a demand that requires verified certificates only with verified ones, and never counts a rejected one', async () => {
    const m = await market('strict', 'dua-hau', 'Quảng Ngãi', { sellers: 2, demandOver: { requiredCertifications: [{ type: 'OCOP', minStars: 4, verified: true }] } });
    expect((await app.call('GET', `/v1/matches/${matchId(m.listings[0].id, m.demand.id)}`, { token: m.retailer })).status).toBe(404);
    const admin = await app.token('admin', app.sub('strict-admin'));
    const ok = await app.call('POST', `/v1/sellers/${m.sellers[0].id}/certifications/1/verify`, { token: admin, body: { decision: 'verified' }, headers: { 'if-match': '"1"' } });
    expect(ok.status, ok.text).toBe(200);
    const rejected = await app.call('POST', `/v1/sellers/${m.sellers[1].id}/certifications/1/verify`, { token: admin, body: { decision: 'rejected', note: 'Không có trong danh sách OCOP của tỉnh' }, headers: { 'if-match': '"1"' } });
    expect(rejected.body.certifications[1].verification).toBe('rejected');
    await app.runtime.stream.settle();
    const verifiedMatch = await app.call('GET', `/v1/matches/${matchId(m.listings[0].id, m.demand.id)}`, { token: m.retailer });
    expect(verifiedMatch.status).toBe(200);
    expect(verifiedMatch.body.reasons.en.join(' | ')).toContain('OCOP 4★, verified');
    expect((await app.call('GET', `/v1/matches/${matchId(m.listings[1].id, m.demand.id)}`, { token: m.retailer })).status).toBe(404);
  });

  it('flags a tax code already used by another owner for review, but not the same owner’s second profile', async () => {
    const first = await app.token('cooperative', app.sub('tax-first'));
    const copycat = await app.token('cooperative', app.sub('tax-copycat'));
    const original = await post(first, '/v1/sellers', sellerBody({ taxCode: '0100109106' }));
    expect(original.reviewFlags).toBeUndefined();
    const sameOwner = await post(first, '/v1/sellers', sellerBody({ taxCode: '0100109106', name: 'Chi nhánh' }));
    expect(sameOwner.reviewFlags).toBeUndefined();
    const copy = await post(copycat, '/v1/sellers', sellerBody({ taxCode: '0100109106' }));
    expect(copy.reviewFlags).toEqual(['tax-code-in-use']);
    const read = await app.call('GET', `/v1/sellers/${copy.id}`, { token: first });
    expect(read.body.reviewFlags).toEqual(['tax-code-in-use']);
  });
});

describe('one notification per thing', () => {
  it('tells a cooperative once about a fair that suits two of its sellers, naming both', async () => {
    const coop = await app.token('cooperative', app.sub('fairs-coop'));
    const organiser = await app.token('organiser', app.sub('fairs-org'));
    const a = await post(coop, '/v1/sellers', sellerBody({ name: 'HTX Nhãn lồng A', province: 'Hưng Yên', taxCode: undefined }));
    const b = await post(coop, '/v1/sellers', sellerBody({ name: 'HTX Nhãn lồng B', province: 'Hưng Yên', taxCode: undefined }));
    for (const s of [a, b]) await post(coop, '/v1/listings', listingBody(s.id, { product: 'nhan-long', availableFrom: '2027-07-01', availableTo: '2027-08-31' }));
    await app.runtime.stream.settle();
    const fair = await post(organiser, '/v1/fairs', fairBody({ products: ['nhan-long'], categories: [] }));
    await app.call('POST', `/v1/fairs/${fair.id}/publish`, { token: organiser, headers: { 'if-match': '"1"' } });
    await app.runtime.stream.settle();
    const inbox = await app.call('GET', '/v1/notifications', { token: coop, headers: vi });
    const suggested = inbox.body.items.filter((n: { type: string; link: string }) => n.type === 'fair-suggested' && n.link === `/v1/fairs/${fair.id}`);
    expect(suggested).toHaveLength(1);
    expect(suggested[0].body).toMatch(/^Cho HTX Nhãn lồng [AB], HTX Nhãn lồng [AB]: /);
    expect(suggested[0].profiles.map((p: { id: string }) => p.id).sort()).toEqual([a.id, b.id].sort());
  });

  it('never notifies twice for the same state of a match, even from two events', async () => {
    const m = await market('repeat', 'bo', 'Lâm Đồng');
    const id = matchId(m.listings[0].id, m.demand.id);
    const { deps } = await import('#functions/deps.ts');
    const { matchEvent } = await import('#domain/event-builders.ts');
    const { handleEvent } = await import('#functions/consumers/inbox-and-webhooks.ts');
    const match = (await deps().matches.get(id))!;
    // The same proposal announced again (say, revived after being superseded) is the same news.
    await handleEvent(deps(), matchEvent(deps(), 'proposed', match));
    await handleEvent(deps(), matchEvent(deps(), 'proposed', match));
    const inbox = await app.call('GET', '/v1/notifications', { token: m.retailer });
    expect(inbox.body.items.filter((n: { type: string; link: string }) => n.type === 'match-proposed' && n.link === `/v1/matches/${id}`)).toHaveLength(1);
  });
});
