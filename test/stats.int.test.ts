/**
 * Outcome statistics are counters kept from the stream; these tests check that the figures
 * agree with the items themselves, whatever happened to them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { buyerBody, demandBody, fairBody, listingBody, sellerBody } from '#test/support/fixtures.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('stats');
});
afterAll(async () => {
  await app.stop();
});

async function all(path: string, token: string) {
  const items: Record<string, unknown>[] = [];
  let cursor: string | undefined;
  do {
    const res = await app.call('GET', `${path}${path.includes('?') ? '&' : '?'}limit=100${cursor ? `&cursor=${cursor}` : ''}`, { token });
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

describe('statistics', () => {
  it('agree with the listings, demands, matches and fairs of a province after changes', async () => {
    const coop = await app.token('cooperative', app.sub('coop'));
    const retailer = await app.token('retailer', app.sub('retailer'));
    const organiser = await app.token('organiser', app.sub('organiser'));
    const admin = await app.token('admin', app.sub('admin'));
    const seller = (await app.call('POST', '/v1/sellers', { token: coop, body: sellerBody({ province: 'Điện Biên' }) })).body;
    const buyer = (await app.call('POST', '/v1/buyers', { token: retailer, body: buyerBody({ province: 'Điện Biên', deliveryProvinces: ['Điện Biên'] }) })).body;
    const listings = [];
    for (const [product, quantityKg] of [['ca-phe', 12_000], ['ca-phe', 8_000], ['gao', 30_000]] as const) {
      listings.push((await app.call('POST', '/v1/listings', { token: coop, body: listingBody(seller.id, { product, quantityKg, priceVndPerKg: 20_000 }) })).body);
    }
    const demand = (await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyer.id, { product: 'ca-phe', quantityKg: 4_000, maxPriceVndPerKg: 120_000 }) })).body;
    await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyer.id, { product: 'gao', quantityKg: 2_500, maxPriceVndPerKg: 25_000, requiredCertifications: [] }) });
    await app.call('PATCH', `/v1/listings/${listings[1].id}`, { token: coop, body: { quantityKg: 9_000 }, headers: { 'if-match': '"1"' } });
    await app.call('DELETE', `/v1/listings/${listings[2].id}`, { token: coop, headers: { 'if-match': '"1"' } });
    const fair = (await app.call('POST', '/v1/fairs', { token: organiser, body: fairBody({ province: 'Điện Biên', boothCount: 40 }) })).body;
    await app.call('POST', `/v1/fairs/${fair.id}/publish`, { token: organiser, headers: { 'if-match': '"1"' } });
    await app.call('POST', `/v1/fairs/${fair.id}/bookings`, { token: coop, body: { sellerId: seller.id } });
    await app.runtime.stream.settle();
    const [match] = (await app.call('GET', `/v1/demands/${demand.id}/matches`, { token: retailer })).body.items;
    await app.call('POST', `/v1/matches/${match.id}/accept`, { token: coop });
    await app.call('POST', `/v1/matches/${match.id}/accept`, { token: retailer });
    await app.runtime.stream.settle();

    const stats = await app.call('GET', '/v1/stats?province=Điện Biên&from=2026-01-01&to=2030-12-31', { token: organiser });
    expect(stats.status).toBe(200);

    const itemsListings = (await Promise.all(['active', 'sold_out', 'withdrawn', 'expired'].map((s) => all(`/v1/listings?province=dien-bien&status=${s}`, admin)))).flat();
    const itemsDemands = (await Promise.all(['open', 'fulfilled', 'withdrawn', 'expired'].map((s) => all(`/v1/demands?province=dien-bien&status=${s}`, admin)))).flat();
    const itemsMatches = (await Promise.all(itemsListings.map((l) => all(`/v1/listings/${l.id}/matches`, admin)))).flat();
    const live = itemsMatches.filter((m) => m.status === 'proposed' || m.status === 'confirmed');
    const confirmed = itemsMatches.filter((m) => m.status === 'confirmed');
    const fairs = await all('/v1/fairs?province=dien-bien', admin);
    const sum = (xs: Record<string, unknown>[], f: string) => xs.reduce((s, x) => s + Number(x[f] ?? 0), 0);

    // Withdrawn ones count only what confirmed matches had committed before the withdrawal.
    const finalKg = (x: Record<string, unknown>) => (x.status === 'withdrawn' ? Number(x.quantityKg) - Number(x.remainingKg) : Number(x.quantityKg));
    const offered = (xs: Record<string, unknown>[]) => xs.filter((x) => finalKg(x) > 0);
    expect(stats.body.totals).toEqual({
      listings: offered(itemsListings).length,
      listedKg: itemsListings.reduce((s, x) => s + finalKg(x), 0),
      demands: offered(itemsDemands).length,
      demandedKg: itemsDemands.reduce((s, x) => s + finalKg(x), 0),
      matches: live.length,
      proposedKg: sum(live, 'proposedKg'),
      confirmedMatches: confirmed.length,
      confirmedKg: sum(confirmed, 'confirmedKg'),
      fairs: fairs.length,
      booths: sum(fairs, 'boothCount'),
      bookedBooths: sum(fairs, 'bookedCount'),
    });
    expect(itemsListings).toHaveLength(3);
    expect(stats.body.totals).toMatchObject({ listings: 2, listedKg: 12_000 + 9_000, confirmedMatches: 1, confirmedKg: 4_000, fairs: 1, booths: 40, bookedBooths: 1 });
    const coffee = stats.body.rows.find((r: { product: string }) => r.product === 'ca-phe');
    expect(coffee.listedKg).toBe(21_000);

    const csv = await app.call('GET', '/v1/stats?province=dien-bien&from=2026-01-01&to=2030-12-31', { token: admin, headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toBe(
      'Tỉnh/thành,Sản phẩm,Số chào bán,Chào bán (kg),Chào bán (tấn),Số nhu cầu thu mua,Nhu cầu thu mua (kg),Nhu cầu thu mua (tấn),Số kết nối đề xuất,Đề xuất (kg),Đề xuất (tấn),Số kết nối đã xác nhận,Đã xác nhận (kg),Đã xác nhận (tấn),"Số hội chợ, hội nghị",Gian hàng,Gian hàng đã đặt',
    );
    expect(lines).toContain(`Điện Biên,Cà phê,2,21000,21,1,4000,4,1,4000,4,1,4000,4,0,0,0`);
    expect(csv.text).toContain(`Tổng cộng,,2,21000,21,`);
    expect(csv.text).not.toContain('dien-bien');
  });

  it('gives the CSV in English with Accept-Language: en', async () => {
    const admin = await app.token('admin', app.sub('admin'));
    const csv = await app.call('GET', '/v1/stats?province=dien-bien&from=2026-01-01&to=2030-12-31', { token: admin, headers: { accept: 'text/csv', 'accept-language': 'en' } });
    const lines = csv.text.replace(/^\uFEFF/, '').split('\r\n');
    expect(lines[0]).toMatch(/^Province,Product,Listings,Offered \(kg\),Offered \(t\),Demands,/);
    expect(lines).toContain('Dien Bien,Coffee,2,21000,21,1,4000,4,1,4000,4,1,4000,4,0,0,0');
    expect(lines.some((l) => l.startsWith('Dien Bien,(fairs and conferences),'))).toBe(true);
  });

  it('does not count a withdrawn demand as demanded volume', async () => {
    const retailer = await app.token('retailer', app.sub('retailer'));
    const organiser = await app.token('organiser', app.sub('organiser'));
    const buyer = (await app.call('POST', '/v1/buyers', { token: retailer, body: buyerBody({ province: 'Lai Châu', deliveryProvinces: ['Lai Châu'] }) })).body;
    const stats = async () => (await app.call('GET', '/v1/stats?province=lai-chau&product=che&from=2026-01-01&to=2030-12-31', { token: organiser })).body.totals;
    const kept = (await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyer.id, { product: 'che', quantityKg: 3_000, maxPriceVndPerKg: 80_000, requiredCertifications: [] }) })).body;
    const mistake = (await app.call('POST', '/v1/demands', { token: retailer, body: demandBody(buyer.id, { product: 'che', quantityKg: 300_000, maxPriceVndPerKg: 80_000, requiredCertifications: [] }) })).body;
    await app.runtime.stream.settle();
    expect((await stats()).demandedKg).toBe(303_000);
    await app.call('DELETE', `/v1/demands/${mistake.id}`, { token: retailer, headers: { 'if-match': '"1"' } });
    await app.runtime.stream.settle();
    expect(await stats()).toMatchObject({ demands: 1, demandedKg: 3_000 });
    expect(kept.quantityKg).toBe(3_000);
  });

  it('does not count a re-delivered stream record twice', async () => {
    const { deps } = await import('#functions/deps.ts');
    const delta = [{ date: '2027-01-01', province: 'lai-chau', product: 'che', field: 'listings' as const, amount: 1 }];
    expect(await deps().stats.apply('replayed-event-1', delta)).toBe(true);
    expect(await deps().stats.apply('replayed-event-1', delta)).toBe(false);
    const organiser = await app.token('organiser', app.sub('organiser'));
    const res = await app.call('GET', '/v1/stats?province=lai-chau&from=2027-01-01&to=2027-01-01', { token: organiser });
    expect(res.body.totals.listings).toBe(1);
  });

  it('is for organisers and admins only', async () => {
    const coop = await app.token('cooperative', app.sub('coop'));
    expect((await app.call('GET', '/v1/stats', { token: coop })).status).toBe(403);
  });
});
