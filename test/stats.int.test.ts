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

    expect(stats.body.totals).toEqual({
      listings: itemsListings.length,
      listedKg: sum(itemsListings, 'quantityKg'),
      demands: itemsDemands.length,
      demandedKg: sum(itemsDemands, 'quantityKg'),
      matches: live.length,
      proposedKg: sum(live, 'proposedKg'),
      confirmedMatches: confirmed.length,
      confirmedKg: sum(confirmed, 'confirmedKg'),
      fairs: fairs.length,
      booths: sum(fairs, 'boothCount'),
      bookedBooths: sum(fairs, 'bookedCount'),
    });
    expect(stats.body.totals).toMatchObject({ listings: 3, listedKg: 12_000 + 9_000 + 30_000, confirmedMatches: 1, confirmedKg: 4_000, fairs: 1, booths: 40, bookedBooths: 1 });
    const coffee = stats.body.rows.find((r: { product: string }) => r.product === 'ca-phe');
    expect(coffee.listedKg).toBe(21_000);

    const csv = await app.call('GET', '/v1/stats?province=dien-bien&from=2026-01-01&to=2030-12-31', { token: admin, headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.text.split('\r\n')[0]).toBe('province,product,listings,listedKg,demands,demandedKg,matches,proposedKg,confirmedMatches,confirmedKg,fairs,booths,bookedBooths');
    expect(csv.text).toContain(`TOTAL,,3,51000`);
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
