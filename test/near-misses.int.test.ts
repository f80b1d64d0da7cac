/**
 * Why nothing matched: near misses of a demand and of a listing, each failing exactly one hard
 * filter, explained in vi and en; fixing the one thing by PATCH then matches as usual.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { buyerBody, demandBody, listingBody, sellerBody } from '#test/support/fixtures.ts';

let app: TestApp;
let coop: string;
let retailer: string;
let buyerId: string;
const sellers: Record<string, string> = {};
beforeAll(async () => {
  app = await startTestApp('near-misses');
  coop = await app.token('cooperative', app.sub('coop'));
  retailer = await app.token('retailer', app.sub('retailer'));
  buyerId = (await app.call('POST', '/v1/buyers', { token: retailer, body: buyerBody({ province: 'Hà Nội', deliveryProvinces: ['Hà Nội'] }) })).body.id;
  for (const province of ['Hà Nội', 'Lạng Sơn', 'Thái Nguyên', 'Cà Mau']) {
    sellers[province] = (await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody({ province }) })).body.id;
  }
});
afterAll(async () => {
  await app.stop();
});

type Miss = { counterpart: { id: string; kind: string }; filter: string; gap: { amount: number; unit: string }; reason: { vi: string; en: string } };
const missesOf = async (path: string, token: string): Promise<Miss[]> => {
  const res = await app.call('GET', path, { token });
  expect(res.status, res.text).toBe(200);
  return res.body.items;
};

async function listing(province: string, over: Record<string, unknown>) {
  const res = await app.call('POST', '/v1/listings', { token: coop, body: listingBody(sellers[province], { province, ...over }) });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

describe('near misses of a demand', () => {
  it('lists the listings that fail only the price, only the area or only a certificate, with how much, in vi and en', { timeout: 180_000 }, async () => {
    const product = 'nhan-long';
    const pricey = await listing('Thái Nguyên', { product, priceVndPerKg: 25_000 });
    const far = await listing('Lạng Sơn', { product, priceVndPerKg: 20_000 });
    const uncertified = await listing('Hà Nội', { product, priceVndPerKg: 20_000, certifications: [] });
    const twoMisses = await listing('Cà Mau', { product, priceVndPerKg: 30_000 });
    const otherProduct = await listing('Hà Nội', { product: 'vai-thieu', priceVndPerKg: 30_000 });
    const demand = (
      await app.call('POST', '/v1/demands', {
        token: retailer,
        body: demandBody(buyerId, { product, maxPriceVndPerKg: 24_000, maxDistanceKm: 100, requiredCertifications: [{ type: 'VietGAP' }] }),
      })
    ).body;
    await app.runtime.stream.settle();
    expect((await app.call('GET', `/v1/demands/${demand.id}/matches`, { token: retailer })).body.items).toHaveLength(0);

    const misses = await missesOf(`/v1/demands/${demand.id}/near-misses`, retailer);
    const byId = new Map(misses.map((m) => [m.counterpart.id, m]));
    expect(byId.get(pricey.id)).toMatchObject({
      filter: 'price',
      gap: { amount: 4, unit: 'percent' },
      reason: { vi: 'Giá chào 25.000 ₫/kg cao hơn mức tối đa 24.000 ₫/kg của bạn 4%', en: 'The asking price of 25,000 ₫/kg is 4% over your maximum of 24,000 ₫/kg' },
    });
    const area = byId.get(far.id)!;
    expect(area.filter).toBe('area');
    expect(area.gap.unit).toBe('km');
    expect(area.reason.vi).toMatch(/^Ngoài vùng thu mua của bạn: từ Lạng Sơn, cách Hà Nội \d+ km \(giới hạn 100 km\)$/);
    expect(area.reason.en).toMatch(/^Outside your sourcing area: from Lang Son, \d+ km from Hanoi/);
    expect(byId.get(uncertified.id)).toMatchObject({ filter: 'certifications', reason: { vi: 'Bên bán chưa có VietGAP', en: 'The seller has no VietGAP' } });
    // Two filters failed, or another product: not near misses.
    expect(byId.has(twoMisses.id)).toBe(false);
    expect(byId.has(otherProduct.id)).toBe(false);
    // Nearest first: 4 % over the price is nearer than a missing certificate.
    expect(misses.findIndex((m) => m.counterpart.id === pricey.id)).toBeLessThan(misses.findIndex((m) => m.counterpart.id === uncertified.id));
    expect((await missesOf(`/v1/demands/${demand.id}/near-misses?limit=1`, retailer))).toHaveLength(1);

    // Raising the ceiling makes the pricey listing match as usual.
    const patched = await app.call('PATCH', `/v1/demands/${demand.id}`, { token: retailer, body: { maxPriceVndPerKg: 26_000 }, headers: { 'if-match': '"1"' } });
    expect(patched.status).toBe(200);
    await app.runtime.stream.settle();
    const matched = (await app.call('GET', `/v1/demands/${demand.id}/matches`, { token: retailer })).body.items.map((m: { listingId: string }) => m.listingId);
    expect(matched).toContain(pricey.id);
    expect((await missesOf(`/v1/demands/${demand.id}/near-misses`, retailer)).map((m) => m.counterpart.id)).not.toContain(pricey.id);

    // Widening the area does the same for the far one.
    await app.call('PATCH', `/v1/demands/${demand.id}`, { token: retailer, body: { maxDistanceKm: 250 }, headers: { 'if-match': '"2"' } });
    await app.runtime.stream.settle();
    const after = (await app.call('GET', `/v1/demands/${demand.id}/matches`, { token: retailer })).body.items.map((m: { listingId: string }) => m.listingId);
    expect(after).toContain(far.id);
  });

  it('explains a window that misses by days and a lot that is too small', async () => {
    const product = 'chom-chom';
    const late = await listing('Hà Nội', { product, priceVndPerKg: 20_000, availableFrom: '2027-07-15', availableTo: '2027-08-15' });
    const small = await listing('Hà Nội', { product, priceVndPerKg: 20_000, quantityKg: 2_000, minOrderKg: 100 });
    const demand = (await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyerId, { product, quantityKg: 10_000, minQuantityKg: 5_000, neededFrom: '2027-06-10', neededTo: '2027-07-10' }) })).body;
    await app.runtime.stream.settle();
    const byId = new Map((await missesOf(`/v1/demands/${demand.id}/near-misses`, retailer)).map((m) => [m.counterpart.id, m]));
    expect(byId.get(late.id)).toMatchObject({
      filter: 'window',
      gap: { amount: 5, unit: 'days' },
      reason: { vi: 'Có hàng từ 15/07/2027, sau hạn cần hàng 10/07/2027 5 ngày', en: 'Available from 2027-07-15, 5 days after the goods are needed by 2027-07-10' },
    });
    expect(byId.get(small.id)).toMatchObject({
      filter: 'quantity',
      gap: { amount: 3_000, unit: 'kg' },
      reason: { vi: 'Bên bán còn 2 tấn, dưới lô tối thiểu 5 tấn của bên mua', en: "The seller has 2 t left, under the buyer's minimum lot of 5 t" },
    });
  });

  it('is for the demand’s owner (and admins)', async () => {
    const other = await app.token('retailer', app.sub('other-retailer'));
    const demand = (await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyerId, { product: 'buoi' }) })).body;
    expect((await app.call('GET', `/v1/demands/${demand.id}/near-misses`, { token: other })).status).toBe(403);
  });
});

describe('near misses of a listing', () => {
  it('lists the demands whose ceiling is a little low or whose area just excludes it, from the seller’s side', async () => {
    const product = 'mang-cut';
    const l = await listing('Lạng Sơn', { product, priceVndPerKg: 25_000 });
    const lowCeiling = (await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyerId, { product, maxPriceVndPerKg: 24_000, maxDistanceKm: 250 }) })).body;
    const nearby = (await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyerId, { product, maxPriceVndPerKg: 30_000, maxDistanceKm: 100 }) })).body;
    await app.runtime.stream.settle();
    const byId = new Map((await missesOf(`/v1/listings/${l.id}/near-misses`, coop)).map((m) => [m.counterpart.id, m]));
    expect(byId.get(lowCeiling.id)).toMatchObject({
      filter: 'price',
      counterpart: { kind: 'demand' },
      reason: { vi: 'Giá chào 25.000 ₫/kg của bạn cao hơn mức tối đa 24.000 ₫/kg của bên mua 4%' },
    });
    expect(byId.get(nearby.id)?.filter).toBe('area');
    expect(byId.get(nearby.id)?.reason.vi).toMatch(/^Ngoài vùng thu mua của bên mua: giao tại Hà Nội, cách Lạng Sơn \d+ km/);
  });
});
