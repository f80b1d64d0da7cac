/**
 * Fairs reach the provinces they are meant for (national, regions, provinces, OCOP stars),
 * suggestions are ranked by fit with distance as a tie-breaker; bookings get booth numbers,
 * optional approval and fees, and the exhibitor list is there as JSON and CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { fairBody, listingBody, sellerBody } from '#test/support/fixtures.ts';

let app: TestApp;
let organiser: string;
beforeAll(async () => {
  app = await startTestApp('fairs-reach');
  organiser = await app.token('organiser', app.sub('organiser'));
});
afterAll(async () => {
  await app.stop();
});

let n = 0;
/** A cooperative with a seller in `province` offering `product`, with its own user. */
async function producer(province: string, product: string, certifications?: unknown[]) {
  const token = await app.token('cooperative', app.sub(`coop-${n++}`));
  const seller = (await app.call('POST', '/v1/sellers', { token, body: sellerBody({ province, ...(certifications ? { certifications } : {}) }) })).body;
  const price = product === 'sam-ngoc-linh' ? 60_000_000 : product === 'ca-phe' ? 90_000 : 25_000;
  const res = await app.call('POST', '/v1/listings', { token, body: listingBody(seller.id, { product, priceVndPerKg: price, quantityKg: 500, minOrderKg: 10, availableFrom: '2027-01-01', availableTo: '2027-12-31' }) });
  if (res.status !== 201) throw new Error(res.text);
  return { token, seller };
}

async function publishedFair(over: Record<string, unknown>) {
  const res = await app.call('POST', '/v1/fairs', { token: organiser, body: fairBody(over) });
  if (res.status !== 201) throw new Error(res.text);
  const published = await app.call('POST', `/v1/fairs/${res.body.id}/publish`, { token: organiser, headers: { 'if-match': '"1"' } });
  return published.body;
}

const suggestionsOf = async (p: { token: string; seller: { id: string } }, lang = 'vi') =>
  (await app.call('GET', `/v1/sellers/${p.seller.id}/fair-suggestions`, { token: p.token, headers: { 'accept-language': lang } })).body.items as { fair: { id: string }; fit: number; distanceKm: number; reasons: { vi: string[]; en: string[] } }[];

describe('fair reach', () => {
  it('brings Central Highlands OCOP ginseng to a conference in Hải Phòng, 800 km away, but not a producer from elsewhere', { timeout: 180_000 }, async () => {
    const kontum = await producer('Kon Tum', 'sam-ngoc-linh', [{ type: 'OCOP', stars: 5, validUntil: '2028-12-31' }]);
    const lamdong = await producer('Đắk Nông', 'sam-ngoc-linh', [{ type: 'OCOP', stars: 3, validUntil: '2028-12-31' }]);
    const hanoi = await producer('Hà Nội', 'sam-ngoc-linh', [{ type: 'OCOP', stars: 5, validUntil: '2028-12-31' }]);
    const fair = await publishedFair({
      name: 'Hội nghị xúc tiến tiêu thụ sản phẩm OCOP Tây Nguyên tại Hải Phòng',
      kind: 'hội nghị',
      province: 'Hải Phòng',
      products: ['sam-ngoc-linh'],
      categories: [],
      reach: { scope: 'regions', regions: ['Tây Nguyên'], minOcopStars: 4 },
    });
    expect(fair.reach).toEqual({ scope: 'regions', regions: ['central-highlands'], minOcopStars: 4 });
    await app.runtime.stream.settle();

    const forKontum = await suggestionsOf(kontum);
    const s = forKontum.find((x) => x.fair.id === fair.id)!;
    expect(s).toBeDefined();
    expect(s.distanceKm).toBeGreaterThan(600);
    expect(s.reasons.vi[0]).toMatch(/^Hội nghị có Sâm Ngọc Linh/);
    expect(s.reasons.vi.join(' ')).not.toMatch(/hội chợ/i);
    expect(s.reasons.vi[1]).toBe('Dành cho nhà sản xuất vùng Tây Nguyên, sản phẩm OCOP từ 4 sao');
    expect(s.reasons.vi[3]).toContain('hạn đăng ký 31/08/2027');
    expect(s.reasons.en[0]).toMatch(/^The conference features Ngoc Linh ginseng/);
    // Đắk Nông is in the Central Highlands but holds only 3 stars; Hà Nội is outside the reach.
    expect((await suggestionsOf(lamdong)).map((x) => x.fair.id)).not.toContain(fair.id);
    expect((await suggestionsOf(hanoi)).map((x) => x.fair.id)).not.toContain(fair.id);

    // The alert sent on publishing follows the reach too.
    const inbox = async (token: string) => (await app.call('GET', '/v1/notifications', { token, headers: { 'accept-language': 'vi' } })).body.items as { type: string; title: string; link: string }[];
    const alert = (await inbox(kontum.token)).find((x) => x.link === `/v1/fairs/${fair.id}`);
    expect(alert?.title).toBe('Hội nghị phù hợp: Hội nghị xúc tiến tiêu thụ sản phẩm OCOP Tây Nguyên tại Hải Phòng');
    expect((await inbox(hanoi.token)).some((x) => x.link === `/v1/fairs/${fair.id}`)).toBe(false);
    expect((await inbox(lamdong.token)).some((x) => x.link === `/v1/fairs/${fair.id}`)).toBe(false);
  });

  it('reaches every province for a national fair and only the listed ones for a provinces fair', { timeout: 180_000 }, async () => {
    const camau = await producer('Cà Mau', 'mat-ong');
    const caobang = await producer('Cao Bằng', 'mat-ong');
    const national = await publishedFair({ province: 'Hà Nội', products: ['mat-ong'], categories: [], reach: { scope: 'national' } });
    const listed = await publishedFair({ province: 'Hà Nội', products: ['mat-ong'], categories: [], reach: { scope: 'provinces', provinces: ['cao bang'] } });
    await app.runtime.stream.settle();
    expect((await suggestionsOf(camau)).map((x) => x.fair.id)).toEqual(expect.arrayContaining([national.id]));
    expect((await suggestionsOf(camau)).map((x) => x.fair.id)).not.toContain(listed.id);
    expect((await suggestionsOf(caobang)).map((x) => x.fair.id)).toEqual(expect.arrayContaining([national.id, listed.id]));
    const alerted = (await app.call('GET', '/v1/notifications', { token: camau.token })).body.items.map((x: { link: string }) => x.link);
    expect(alerted).toContain(`/v1/fairs/${national.id}`);
    expect(alerted).not.toContain(`/v1/fairs/${listed.id}`);
  });

  it('defaults to the regions of the fair’s own province', async () => {
    const fair = await publishedFair({ province: 'Cần Thơ', products: ['gao'], categories: [] });
    expect(fair.reach).toEqual({ scope: 'regions', regions: ['mekong-delta'] });
  });

  it('ranks by fit first and uses distance only to break ties', async () => {
    const p = await producer('Sơn La', 'xoai');
    const token = p.token;
    await app.call('POST', '/v1/listings', { token, body: listingBody(p.seller.id, { product: 'man-hau', quantityKg: 500, minOrderKg: 10, availableFrom: '2027-01-01', availableTo: '2027-12-31' }) });
    const nearByCategory = await publishedFair({ province: 'Sơn La', products: [], categories: ['fruit'], reach: { scope: 'national' } });
    const farByProduct = await publishedFair({ province: 'Hồ Chí Minh', products: ['xoai', 'man-hau'], categories: [], reach: { scope: 'national' } });
    const nearByProduct = await publishedFair({ province: 'Hà Nội', products: ['xoai', 'man-hau'], categories: [], reach: { scope: 'national' } });
    const ids = (await suggestionsOf(p)).map((x) => x.fair.id).filter((id) => [nearByCategory.id, farByProduct.id, nearByProduct.id].includes(id));
    expect(ids).toEqual([nearByProduct.id, farByProduct.id, nearByCategory.id]);
  });

  it('rejects a reach whose list does not fit its scope, in Vietnamese', async () => {
    const res = await app.call('POST', '/v1/fairs', { token: organiser, headers: { 'accept-language': 'vi' }, body: fairBody({ reach: { scope: 'regions' } }) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'reach.regions', code: 'reach-needs-list' });
    const unknown = await app.call('POST', '/v1/fairs', { token: organiser, body: fairBody({ reach: { scope: 'regions', regions: ['Bắc Cực'] } }) });
    expect(unknown.body.errors[0].code).toBe('unknown-region');
  });
});

describe('bookings', () => {
  it('numbers booths from 1, lets the organiser reassign one, and refuses a number already taken', async () => {
    const fair = await publishedFair({ boothCount: 10 });
    const a = await producer('Bắc Giang', 'vai-thieu');
    const b = await producer('Hưng Yên', 'nhan-long');
    const ba = (await app.call('POST', `/v1/fairs/${fair.id}/bookings`, { token: a.token, body: { sellerId: a.seller.id } })).body;
    const bb = (await app.call('POST', `/v1/fairs/${fair.id}/bookings`, { token: b.token, body: { sellerId: b.seller.id } })).body;
    expect([ba.boothNumber, bb.boothNumber]).toEqual([1, 2]);
    expect(ba.status).toBe('approved');
    const moved = await app.call('PATCH', `/v1/fairs/${fair.id}/bookings/${ba.id}`, { token: organiser, body: { boothNumber: 9 }, headers: { 'if-match': '"1"' } });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ boothNumber: 9, version: 2 });
    const clash = await app.call('PATCH', `/v1/fairs/${fair.id}/bookings/${bb.id}`, { token: organiser, headers: { 'accept-language': 'vi', 'if-match': '"1"' }, body: { boothNumber: 9 } });
    expect(clash.status).toBe(400);
    expect(clash.body.errors[0]).toMatchObject({ path: 'boothNumber', code: 'booth-number-taken' });
    expect(clash.body.errors[0].message).toContain('gian hàng số 9');
    const outOfRange = await app.call('PATCH', `/v1/fairs/${fair.id}/bookings/${bb.id}`, { token: organiser, body: { boothNumber: 11 }, headers: { 'if-match': '"1"' } });
    expect(outOfRange.body.errors[0].code).toBe('booth-number-range');
    const stale = await app.call('PATCH', `/v1/fairs/${fair.id}/bookings/${ba.id}`, { token: organiser, body: { boothNumber: 3 }, headers: { 'if-match': '"1"' } });
    expect(stale.status).toBe(412);
    // Booth 1 is free again after the move: the next booking gets it.
    const c = await producer('Sơn La', 'xoai');
    const bc = (await app.call('POST', `/v1/fairs/${fair.id}/bookings`, { token: c.token, body: { sellerId: c.seller.id } })).body;
    expect(bc.boothNumber).toBe(1);
  });

  it('holds a booth while a booking is pending, frees it on rejection, and never overbooks', async () => {
    const fair = await publishedFair({ boothCount: 2, approvalRequired: true, boothFeeVnd: 3_000_000 });
    const sellers = await Promise.all(['Bắc Giang', 'Hưng Yên', 'Sơn La'].map((p, i) => producer(p, ['vai-thieu', 'nhan-long', 'xoai'][i])));
    const results = await Promise.all(sellers.map((s) => app.call('POST', `/v1/fairs/${fair.id}/bookings`, { token: s.token, body: { sellerId: s.seller.id } })));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 409]);
    const booked = results.filter((r) => r.status === 201).map((r) => r.body);
    expect(booked.every((b) => b.status === 'pending' && b.feeVnd === 3_000_000)).toBe(true);
    const loser = sellers[results.findIndex((r) => r.status === 409)];

    const approved = await app.call('POST', `/v1/fairs/${fair.id}/bookings/${booked[0].id}/approve`, { token: organiser, headers: { 'if-match': '"1"' } });
    expect(approved.body.status).toBe('approved');
    const rejected = await app.call('POST', `/v1/fairs/${fair.id}/bookings/${booked[1].id}/reject`, { token: organiser, headers: { 'if-match': '"1"' } });
    expect(rejected.body.status).toBe('rejected');
    expect(rejected.body.boothNumber).toBeUndefined();
    expect((await app.call('GET', `/v1/fairs/${fair.id}`, { token: organiser })).body.bookedCount).toBe(1);
    const again = await app.call('POST', `/v1/fairs/${fair.id}/bookings/${booked[1].id}/approve`, { token: organiser, headers: { 'accept-language': 'vi', 'if-match': '"2"' } });
    expect(again.status).toBe(409);
    expect(again.body.detail).toContain('bị từ chối');

    const late = await app.call('POST', `/v1/fairs/${fair.id}/bookings`, { token: loser.token, body: { sellerId: loser.seller.id } });
    expect(late.status).toBe(201);
    expect(late.body.boothNumber).toBe(booked[1].boothNumber);
    expect((await app.call('GET', `/v1/fairs/${fair.id}`, { token: organiser })).body).toMatchObject({ bookedCount: 2, availableBooths: 0 });
  });

  it('lists the exhibitors with province, products, contact and certificates, as JSON and as CSV in vi and en', async () => {
    const fair = await publishedFair({ boothCount: 5, boothFeeVnd: 2_500_000 });
    const p = await producer('Bắc Giang', 'vai-thieu');
    await app.call('POST', `/v1/fairs/${fair.id}/bookings`, { token: p.token, body: { sellerId: p.seller.id, note: 'Cần điện 220V, tủ mát' } });
    const list = await app.call('GET', `/v1/fairs/${fair.id}/bookings`, { token: organiser });
    expect(list.body.items[0]).toMatchObject({
      boothNumber: 1,
      sellerName: p.seller.name,
      sellerKind: 'cooperative',
      sellerProvince: 'bac-ninh',
      products: ['vai-thieu'],
      contact: { phone: '+84912345678', email: 'htx.xanh@example.vn' },
      certifications: [{ type: 'VietGAP', validUntil: '2027-12-31' }, { type: 'OCOP', stars: 4, validUntil: '2027-12-31' }],
      feeVnd: 2_500_000,
      status: 'approved',
    });

    const vi = await app.call('GET', `/v1/fairs/${fair.id}/bookings`, { token: organiser, headers: { accept: 'text/csv' } });
    expect(vi.headers.get('content-type')).toContain('text/csv');
    const [head, row] = vi.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(head).toBe('Gian hàng số,Đơn vị,Loại hình,Tỉnh/thành,Sản phẩm,Người liên hệ,Điện thoại,Email,Chứng nhận,Trạng thái,Phí gian hàng (₫),Ghi chú,Ngày đăng ký');
    expect(row).toContain(`1,${p.seller.name},hợp tác xã,Bắc Ninh,Vải thiều,Nguyễn Văn An,+84912345678,htx.xanh@example.vn,VietGAP (đến 31/12/2027); OCOP 4★,Đã duyệt,2.500.000,"Cần điện 220V, tủ mát",`);
    const en = await app.call('GET', `/v1/fairs/${fair.id}/bookings`, { token: organiser, headers: { accept: 'text/csv', 'accept-language': 'en' } });
    const [enHead, enRow] = en.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(enHead).toMatch(/^Booth,Exhibitor,Kind,Province,Products,/);
    expect(enRow).toContain('Bac Ninh,Lychee');
    expect(enRow).toContain('2,500,000');
  });
});
