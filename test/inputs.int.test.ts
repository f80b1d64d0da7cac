/**
 * Inputs as people type them: prices with a thousands dot that JSON reads as a decimal,
 * quantities in tấn, product, kind and phone spellings; and Vietnamese messages that are
 * Vietnamese.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { buyerBody, demandBody, fairBody, listingBody, sellerBody } from '#test/support/fixtures.ts';

let app: TestApp;
let coop: string;
let retailer: string;
let organiser: string;
let sellerId: string;
let buyerId: string;
beforeAll(async () => {
  app = await startTestApp('inputs');
  coop = await app.token('cooperative', app.sub('coop'));
  retailer = await app.token('retailer', app.sub('retailer'));
  organiser = await app.token('organiser', app.sub('organiser'));
  sellerId = (await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody() })).body.id;
  buyerId = (await app.call('POST', '/v1/buyers', { token: retailer, body: buyerBody() })).body.id;
});
afterAll(async () => {
  await app.stop();
});

const vi = { 'accept-language': 'vi' };

describe('prices far outside the usual band', () => {
  it('rejects 25 ₫/kg for lychee and says in Vietnamese that 25.000 was probably meant', async () => {
    const res = await app.call('POST', '/v1/listings', { token: coop, headers: vi, body: listingBody(sellerId, { priceVndPerKg: 25 }) });
    expect(res.status).toBe(400);
    const issue = res.body.errors.find((e: { path: string }) => e.path === 'priceVndPerKg');
    expect(issue.code).toBe('price-implausible-low');
    expect(issue.message).toContain('25 ₫/kg rất thấp so với giá thường gặp 15.000–40.000 ₫/kg');
    expect(issue.message).toContain('có phải 25.000?');
  });

  it('says the same in English with English number formatting', async () => {
    const res = await app.call('POST', '/v1/listings', { token: coop, headers: { 'accept-language': 'en' }, body: listingBody(sellerId, { priceVndPerKg: 25 }) });
    expect(res.status).toBe(400);
    const issue = res.body.errors.find((e: { path: string }) => e.path === 'priceVndPerKg');
    expect(issue.message).toContain('25 ₫/kg is very low for lychee (usually 15,000–40,000 ₫/kg); did you mean 25,000?');
  });

  it('rejects a ceiling typed per tấn (25.000.000 ₫/kg) on a demand, suggesting 25.000', async () => {
    const res = await app.call('POST', '/v1/demands', { token: retailer, headers: vi, body: demandBody(buyerId, { maxPriceVndPerKg: 25_000_000 }) });
    expect(res.status).toBe(400);
    const issue = res.body.errors.find((e: { path: string }) => e.path === 'maxPriceVndPerKg');
    expect(issue.code).toBe('price-implausible-high');
    expect(issue.message).toContain('rất cao');
    expect(issue.message).toContain('có phải 25.000?');
  });

  it('keeps an unusual price when the caller confirms it with priceConfirmed', async () => {
    const res = await app.call('POST', '/v1/listings', { token: coop, body: listingBody(sellerId, { priceVndPerKg: 500, priceConfirmed: true }) });
    expect(res.status).toBe(201);
    expect(res.body.priceVndPerKg).toBe(500);
    expect(res.body).not.toHaveProperty('priceConfirmed');
  });

  it('checks a PATCHed price too, and accepts a normal one', async () => {
    const listing = (await app.call('POST', '/v1/listings', { token: coop, body: listingBody(sellerId) })).body;
    const slip = await app.call('PATCH', `/v1/listings/${listing.id}`, { token: coop, body: { priceVndPerKg: 24 }, headers: { 'if-match': '"1"' } });
    expect(slip.status).toBe(400);
    expect(slip.body.errors[0].path).toBe('priceVndPerKg');
    const ok = await app.call('PATCH', `/v1/listings/${listing.id}`, { token: coop, body: { priceVndPerKg: 24_000 }, headers: { 'if-match': '"1"' } });
    expect(ok.status).toBe(200);
    expect(ok.body.priceVndPerKg).toBe(24_000);
  });

  it('checks a whole-category ceiling against the widest band of the category', async () => {
    const res = await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyerId, { product: undefined, category: 'fruit', maxPriceVndPerKg: 30 }) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe('price-implausible-low');
    const ok = await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyerId, { product: undefined, category: 'fruit', maxPriceVndPerKg: 30_000 }) });
    expect(ok.status).toBe(201);
  });
});

describe('quantities with units', () => {
  it('takes 15 tấn and answers 15000 kg', async () => {
    const res = await app.call('POST', '/v1/listings', { token: coop, body: listingBody(sellerId, { quantityKg: { value: 15, unit: 'tấn' }, minOrderKg: { value: 5, unit: 'tạ' } }) });
    expect(res.status).toBe(201);
    expect(res.body.quantityKg).toBe(15_000);
    expect(res.body.remainingKg).toBe(15_000);
    expect(res.body.minOrderKg).toBe(500);
  });

  it.each([
    ['tan', 2.5, 2_500],
    ['t', 1.5, 1_500],
    ['yến', 3, 30],
    ['kg', 800, 800],
  ])('reads %s as a unit (%d → %d kg)', async (unit, value, kg) => {
    const res = await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyerId, { quantityKg: { value, unit }, minQuantityKg: 10 }) });
    expect(res.status).toBe(201);
    expect(res.body.quantityKg).toBe(kg);
  });

  it('rejects an unknown unit on the unit field, in Vietnamese', async () => {
    const res = await app.call('POST', '/v1/listings', { token: coop, headers: vi, body: listingBody(sellerId, { quantityKg: { value: 3, unit: 'thùng' } }) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'quantityKg.unit', code: 'unknown-unit' });
    expect(res.body.errors[0].message).toContain('không có đơn vị "thùng"');
  });
});

describe('names people use', () => {
  it.each([
    ['sâm', 'sam-ngoc-linh'],
    ['ginseng', 'sam-ngoc-linh'],
    ['vải', 'vai-thieu'],
    ['lychee', 'vai-thieu'],
  ])('resolves the product "%s" to %s', async (name, code) => {
    const price = code === 'sam-ngoc-linh' ? 60_000_000 : 25_000;
    const res = await app.call('POST', '/v1/listings', { token: coop, body: listingBody(sellerId, { product: name, priceVndPerKg: price, quantityKg: 50, minOrderKg: 1 }) });
    expect(res.status).toBe(201);
    expect(res.body.product).toBe(code);
  });

  it.each([
    ['siêu thị', 'supermarket'],
    ['chợ đầu mối', 'wholesale_market'],
    ['cho dau moi', 'wholesale_market'],
  ])('reads the buyer kind "%s" as %s', async (word, kind) => {
    const res = await app.call('POST', '/v1/buyers', { token: retailer, body: buyerBody({ kind: word }) });
    expect(res.status).toBe(201);
    expect(res.body.kind).toBe(kind);
  });

  it('reads the seller kind "hợp tác xã" and the fair kind "hội nghị"', async () => {
    const seller = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody({ kind: 'hợp tác xã' }) });
    expect(seller.body.kind).toBe('cooperative');
    const fair = await app.call('POST', '/v1/fairs', { token: organiser, body: fairBody({ kind: 'hội nghị' }) });
    expect(fair.status).toBe(201);
    expect(fair.body.kind).toBe('conference');
  });

  it('rejects an unknown kind with the codes it accepts', async () => {
    const res = await app.call('POST', '/v1/buyers', { token: retailer, body: buyerBody({ kind: 'tiệm tạp hóa' }) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'kind', code: 'unknown-kind' });
    expect(res.body.errors[0].message).toContain('supermarket');
  });
});

describe('phone numbers', () => {
  it('stores +84 912 345 678 and 0912 345 678 as the same number', async () => {
    const a = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody({ contact: { phone: '+84 912 345 678' } }) });
    const b = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody({ contact: { phone: '0912 345 678' } }) });
    const c = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody({ contact: { phone: '0912.345.678' } }) });
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(a.body.contact.phone).toBe('+84912345678');
    expect(b.body.contact.phone).toBe(a.body.contact.phone);
    expect(c.body.contact.phone).toBe(a.body.contact.phone);
  });

  it('keeps a landline with its area code', async () => {
    const res = await app.call('POST', '/v1/buyers', { token: retailer, body: buyerBody({ contact: { phone: '0225 3123 456' } }) });
    expect(res.body.contact.phone).toBe('+842253123456');
  });

  it.each(['091 234 567', '0112 345 678', '+84 12 345 678'])('rejects %s (9 digits or not a Vietnamese prefix)', async (phone) => {
    const res = await app.call('POST', '/v1/sellers', { token: coop, headers: vi, body: sellerBody({ contact: { phone } }) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0]).toMatchObject({ path: 'contact.phone', code: 'phone-format' });
    expect(res.body.errors[0].message).toContain('số điện thoại Việt Nam');
  });
});

describe('Vietnamese messages', () => {
  it('name the resource in Vietnamese in a 404', async () => {
    const res = await app.call('GET', '/v1/fairs/01J00000000000000000000000', { token: organiser, headers: vi });
    expect(res.status).toBe(404);
    expect(res.body.detail).toContain('hội chợ');
    expect(res.body.detail).not.toMatch(/\bfair\b/);
  });

  it('name the state of a cancelled fair in Vietnamese when booking is refused', async () => {
    const fair = (await app.call('POST', '/v1/fairs', { token: organiser, body: fairBody() })).body;
    await app.call('POST', `/v1/fairs/${fair.id}/publish`, { token: organiser, headers: { 'if-match': '"1"' } });
    await app.call('POST', `/v1/fairs/${fair.id}/cancel`, { token: organiser, headers: { 'if-match': '"2"' } });
    const res = await app.call('POST', `/v1/fairs/${fair.id}/bookings`, { token: coop, headers: vi, body: { sellerId } });
    expect(res.status).toBe(409);
    expect(res.body.detail).toContain('hội chợ');
    expect(res.body.detail).not.toMatch(/\b(fair|cancelled|published)\b/);
  });

  it('say "chuỗi ký tự", not "string", when a text field gets a number', async () => {
    const res = await app.call('POST', '/v1/sellers', { token: coop, headers: vi, body: sellerBody({ name: 42 }) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('name');
    expect(res.body.errors[0].message).toContain('chuỗi ký tự');
    expect(res.body.errors[0].message).not.toMatch(/\bstring\b/);
  });

  it('never contain the English words fair, match or string', async () => {
    const { MESSAGES, FIELD_MESSAGES } = await import('#domain/messages.ts');
    const texts = [...Object.values(MESSAGES).flatMap((m) => [m.vi.title, m.vi.detail]), ...Object.values(FIELD_MESSAGES).map((m) => m.vi)];
    for (const text of texts) expect(text, text).not.toMatch(/\b(fair|match|string)\b(?<!If-Match)/i);
  });
});
