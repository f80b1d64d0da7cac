/** What a client sees: resources, search, reference data and errors, through the local runtime. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { buyerBody, demandBody, fairBody, listingBody, sellerBody } from '#test/support/fixtures.ts';

let app: TestApp;
let coop: string;
beforeAll(async () => {
  app = await startTestApp('api');
  coop = await app.token('cooperative', app.sub('coop'));
});
afterAll(async () => {
  await app.stop();
});

describe('sellers and listings', () => {
  it('stores an old province name as the current unit and never returns key attributes', async () => {
    const res = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody({ province: 'Kon Tum' }) });
    expect(res.status).toBe(201);
    expect(res.body.province).toBe('quang-ngai');
    expect(res.headers.get('location')).toBe(`/v1/sellers/${res.body.id}`);
    for (const internal of ['pk', 'sk', 'gsi1pk', 'gsi2pk', 'entity']) expect(res.body).not.toHaveProperty(internal);
  });

  it('defaults a listing to the seller province and certifications, and finds it by a search without diacritics', async () => {
    const seller = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody({ name: 'HTX Vải Thanh Hà Xanh', province: 'Hải Dương' }) });
    const listing = await app.call('POST', '/v1/listings', { token: coop, body: listingBody(seller.body.id, { province: undefined }) });
    expect(listing.status).toBe(201);
    expect(listing.body).toMatchObject({ province: 'hai-phong', product: 'vai-thieu', productName: 'Vải thiều', status: 'active', remainingKg: 20_000 });
    expect(listing.body.certifications).toHaveLength(2);
    const found = await app.call('GET', `/v1/listings?q=${encodeURIComponent('vai thieu thanh ha')}&province=hai phong`, { token: coop });
    expect(found.status).toBe(200);
    expect(found.body.items.map((l: { id: string }) => l.id)).toContain(listing.body.id);
    const byProduct = await app.call('GET', `/v1/listings?product=${encodeURIComponent('Vải thiều')}`, { token: coop });
    expect(byProduct.body.items.map((l: { id: string }) => l.id)).toContain(listing.body.id);
  });

  it('withdraws a listing so it leaves active searches but stays readable', async () => {
    const seller = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody() });
    const listing = await app.call('POST', '/v1/listings', { token: coop, body: listingBody(seller.body.id) });
    const del = await app.call('DELETE', `/v1/listings/${listing.body.id}`, { token: coop, headers: { 'if-match': '"1"' } });
    expect(del.status).toBe(200);
    expect(del.body.status).toBe('withdrawn');
    const active = await app.call('GET', `/v1/listings?sellerId=${seller.body.id}`, { token: coop });
    expect(active.body.items).toHaveLength(0);
    const withdrawn = await app.call('GET', `/v1/listings?sellerId=${seller.body.id}&status=withdrawn`, { token: coop });
    expect(withdrawn.body.items).toHaveLength(1);
  });

  it('rejects a window that ends before it starts with a field path', async () => {
    const seller = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody() });
    const res = await app.call('POST', '/v1/listings', { token: coop, body: listingBody(seller.body.id, { availableFrom: '2027-08-01', availableTo: '2027-07-01' }) });
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'availableTo', code: 'window-order' })]);
  });
});

describe('buyers and demands', () => {
  it('posts a demand for a whole category and finds it by delivery province', async () => {
    const retailer = await app.token('retailer', app.sub('retailer'));
    const buyer = await app.call('POST', '/v1/buyers', { token: retailer, body: buyerBody() });
    expect(buyer.body.deliveryProvinces).toEqual(['hai-phong', 'ha-noi']);
    const demand = await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyer.body.id, { product: undefined, category: 'fruit', maxDistanceKm: undefined, sourcingProvinces: ['Bắc Giang', 'Hưng Yên'] }) });
    expect(demand.status).toBe(201);
    expect(demand.body).toMatchObject({ category: 'fruit', sourcingProvinces: ['bac-ninh', 'hung-yen'], deliveryProvince: 'hai-phong', status: 'open' });
    const found = await app.call('GET', '/v1/demands?province=Hải Dương', { token: coop });
    expect(found.body.items.map((d: { id: string }) => d.id)).toContain(demand.body.id);
  });

  it('refuses a demand naming both a product and a category', async () => {
    const retailer = await app.token('retailer', app.sub('retailer'));
    const buyer = await app.call('POST', '/v1/buyers', { token: retailer, body: buyerBody() });
    const res = await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyer.body.id, { category: 'fruit' }) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].code).toBe('product-or-category');
  });
});

describe('fairs', () => {
  it('hides a draft from other users with 404 and lists it once published', async () => {
    const organiser = await app.token('organiser', app.sub('organiser'));
    const fair = await app.call('POST', '/v1/fairs', { token: organiser, body: fairBody({ province: 'Bắc Giang', startsOn: '2027-06-05', endsOn: '2027-06-07', registrationClosesOn: '2027-05-25' }) });
    expect(fair.body).toMatchObject({ status: 'draft', bookedCount: 0, availableBooths: 50, province: 'bac-ninh' });
    expect((await app.call('GET', `/v1/fairs/${fair.body.id}`, { token: coop })).status).toBe(404);
    expect((await app.call('GET', `/v1/fairs/${fair.body.id}`, { token: organiser })).status).toBe(200);
    await app.call('POST', `/v1/fairs/${fair.body.id}/publish`, { token: organiser, headers: { 'if-match': '"1"' } });
    const listed = await app.call('GET', '/v1/fairs?province=bac-ninh&from=2027-06-01&to=2027-06-30&product=vai-thieu', { token: coop });
    expect(listed.body.items.map((f: { id: string }) => f.id)).toContain(fair.body.id);
    const outside = await app.call('GET', '/v1/fairs?province=bac-ninh&from=2027-07-01', { token: coop });
    expect(outside.body.items.map((f: { id: string }) => f.id)).not.toContain(fair.body.id);
    const cancelled = await app.call('POST', `/v1/fairs/${fair.body.id}/cancel`, { token: organiser, headers: { 'if-match': '"2"' } });
    expect(cancelled.body.status).toBe('cancelled');
    const after = await app.call('GET', '/v1/fairs?province=bac-ninh', { token: coop });
    expect(after.body.items.map((f: { id: string }) => f.id)).not.toContain(fair.body.id);
  });

  it('refuses to shrink a fair below its booked booths', async () => {
    const organiser = await app.token('organiser', app.sub('organiser'));
    const fair = await app.call('POST', '/v1/fairs', { token: organiser, body: fairBody({ boothCount: 2 }) });
    await app.call('POST', `/v1/fairs/${fair.body.id}/publish`, { token: organiser, headers: { 'if-match': '"1"' } });
    const seller = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody() });
    await app.call('POST', `/v1/fairs/${fair.body.id}/bookings`, { token: coop, body: { sellerId: seller.body.id } });
    const res = await app.call('PATCH', `/v1/fairs/${fair.body.id}`, { token: organiser, body: { boothCount: 0 }, headers: { 'if-match': '"2"' } });
    expect(res.status).toBe(400);
  });
});

describe('reference data', () => {
  it('lists 34 provinces with the former units each absorbed', async () => {
    const res = await app.call('GET', '/v1/provinces');
    expect(res.body.items).toHaveLength(34);
    const bacNinh = res.body.items.find((p: { code: string }) => p.code === 'bac-ninh');
    expect(bacNinh.formerUnits).toEqual(expect.arrayContaining(['Bắc Ninh', 'Bắc Giang']));
  });

  it('lists at least 40 products with Vietnamese and English names', async () => {
    const res = await app.call('GET', '/v1/products');
    expect(res.body.items.length).toBeGreaterThanOrEqual(40);
    expect(res.body.items[0]).toEqual(expect.objectContaining({ name: expect.any(String), nameEn: expect.any(String), category: expect.any(String) }));
  });

  it('serves the OpenAPI document and the docs page', async () => {
    const spec = await app.call('GET', '/openapi.json');
    expect(spec.body.openapi).toBe('3.1.0');
    const docs = await app.call('GET', '/docs');
    expect(docs.headers.get('content-type')).toContain('text/html');
  });
});

describe('errors', () => {
  it('answers malformed JSON with 400 problem+json', async () => {
    const res = await app.call('POST', '/v1/sellers', { token: coop, rawBody: '{"name": ', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ status: 400, code: 'malformed-json', type: expect.stringContaining('malformed-json') });
  });

  it('answers a non-JSON content type with 415', async () => {
    const res = await app.call('POST', '/v1/sellers', { token: coop, rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
  });

  it('answers a body over 64 KiB with 413', async () => {
    const res = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody({ description: 'x'.repeat(70_000) }) });
    expect(res.status).toBe(413);
  });

  it('rejects server-owned and unknown fields, naming each', async () => {
    const res = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody({ ownerId: 'me', status: 'x', version: 3, createdAt: 'now', colour: 'red' }) });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['colour', 'createdAt', 'ownerId', 'status', 'version']);
  });

  it('bounds strings and arrays', async () => {
    const res = await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody({ name: 'n'.repeat(201), certifications: Array.from({ length: 11 }, () => ({ type: 'VietGAP', validUntil: '2027-01-01' })) }) });
    expect(res.status).toBe(400);
    expect(res.body.errors.map((e: { path: string }) => e.path).sort()).toEqual(['certifications', 'name']);
  });

  it('speaks Vietnamese when asked and English otherwise', async () => {
    const bad = sellerBody({ taxCode: '0100109107', province: 'Atlantis' });
    const vi = await app.call('POST', '/v1/sellers', { token: coop, body: bad, headers: { 'accept-language': 'vi-VN,vi;q=0.9,en;q=0.5' } });
    const en = await app.call('POST', '/v1/sellers', { token: coop, body: bad });
    expect(vi.headers.get('content-language')).toBe('vi');
    expect(vi.body.title).toBe('Yêu cầu không hợp lệ');
    expect(vi.body.errors.find((e: { path: string }) => e.path === 'province').message).toContain('không có tỉnh');
    expect(en.body.title).toBe('Invalid request');
    expect(en.body.errors.find((e: { path: string }) => e.path === 'taxCode').message).toContain('check digit');
  });

  it('answers an unknown id with 404 and an unknown route with 404, never with a stack trace', async () => {
    const missing = await app.call('GET', '/v1/sellers/01ARZ3NDEKTSV4RRFFQ69G5FAV', { token: coop });
    expect(missing.status).toBe(404);
    expect(missing.text).not.toMatch(/at \w+ \(|node_modules|Dynamo/);
    const route = await app.call('GET', '/v1/nowhere', { token: coop });
    expect(route.status).toBe(404);
  });

  it('returns 401 for a token signed with another key', async () => {
    const forged = (await app.token('admin', 'x')).slice(0, -4) + 'AAAA';
    const res = await app.call('GET', '/v1/listings', { token: forged });
    expect(res.status).toBe(401);
  });
});
