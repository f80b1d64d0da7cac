/**
 * The demo seed (`npm start -- --seed demo`) goes through the HTTP API: what it loads must be
 * findable through the API, and running it twice must not create anything twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemo, type SeedSummary } from '#infra/local/seed.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';

let app: TestApp;
let first: SeedSummary;
let coop: string;
let retailer: string;
let organiser: string;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Item = Record<string, any>;

/** Every item of a paginated search, following `nextCursor`. */
async function all(path: string, token: string): Promise<Item[]> {
  const items: Item[] = [];
  let cursor: string | undefined;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const res = await app.call('GET', `${path}${sep}limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { token });
    expect(res.status, res.text).toBe(200);
    items.push(...(res.body.items as Item[]));
    cursor = res.body.nextCursor;
  } while (cursor);
  return items;
}

async function counts() {
  const fairs = await all('/v1/fairs', coop);
  return {
    // Active, or sold out by the demo deal.
    listings: (await all('/v1/listings', coop)).length + (await all('/v1/listings?status=sold_out', coop)).length,
    demands: (await all('/v1/demands', retailer)).length + (await all('/v1/demands?status=fulfilled', retailer)).length,
    fairs: fairs.length,
    bookings: fairs.reduce((n, f) => n + (f.bookedCount as number), 0),
  };
}

beforeAll(async () => {
  app = await startTestApp('seed');
  first = await seedDemo(app.runtime, () => {});
  coop = await app.token('cooperative', first.tokens.cooperative);
  retailer = await app.token('retailer', first.tokens.retailer);
  organiser = await app.token('organiser', first.tokens.organiser);
});
afterAll(async () => {
  await app?.stop();
});

describe('the demo seed', () => {
  it('loads two dozen sellers, about sixty listings, ten buyers, thirty demands and five fairs', () => {
    expect(first.sellers).toBeGreaterThanOrEqual(20);
    expect(first.listings).toBeGreaterThanOrEqual(55);
    expect(first.buyers).toBeGreaterThanOrEqual(10);
    expect(first.demands).toBeGreaterThanOrEqual(28);
    expect(first.fairs).toBeGreaterThanOrEqual(5);
    expect(first.bookings).toBeGreaterThan(0);
    expect(first.replayed).toBe(0);
    expect(first.tokens).toEqual({ cooperative: 'demo-coop-01', retailer: 'demo-retail-01', organiser: 'demo-org-01', admin: 'demo-admin-01' });
  });

  it('makes every listing, demand, published fair and booking visible through the API', async () => {
    expect(await counts()).toEqual({ listings: first.listings, demands: first.demands, fairs: first.fairs, bookings: first.bookings });
  });

  it('puts lychee from old Bắc Giang and Hải Dương into Bắc Ninh and Hải Phòng, findable by product and by text without diacritics', async () => {
    const lychee = await all('/v1/listings?product=vai-thieu', coop);
    expect(lychee.length).toBeGreaterThanOrEqual(1);
    expect(lychee.every((l) => l.product === 'vai-thieu' && l.productName === 'Vải thiều')).toBe(true);
    expect(new Set(lychee.map((l) => l.province))).toEqual(new Set(['bac-ninh', 'hai-phong']));
    for (const l of lychee) {
      expect(l.priceVndPerKg).toBeGreaterThanOrEqual(15_000);
      expect(l.priceVndPerKg).toBeLessThanOrEqual(35_000);
      expect(l.availableFrom >= '2027-05-20' && l.availableTo <= '2027-07-31').toBe(true);
    }

    const byText = await all(`/v1/listings?q=${encodeURIComponent('vai thieu')}`, retailer);
    const found = new Set(byText.map((l) => l.id));
    expect(lychee.every((l) => found.has(l.id))).toBe(true);
  });

  it('resolves old province names of the Central Highlands and Kon Tum and keeps OCOP 5-star ginseng certified', async () => {
    const ginseng = await all('/v1/listings?product=sam-ngoc-linh', coop);
    expect(ginseng.length).toBeGreaterThanOrEqual(1);
    for (const l of ginseng) {
      expect(l.province).toBe('quang-ngai');
      expect(l.certifications).toContainEqual(expect.objectContaining({ type: 'OCOP', stars: 5 }));
      expect(l.priceVndPerKg).toBeGreaterThanOrEqual(1_000_000);
    }
    const dragonFruit = await all('/v1/listings?product=thanh-long', coop);
    expect(new Set(dragonFruit.map((l) => l.province))).toEqual(new Set(['lam-dong', 'tay-ninh']));
  });

  it('posts demands by product and by category, with sourcing provinces given by old names, distances and certificates', async () => {
    const demands = await all('/v1/demands', retailer);
    expect(demands.some((d) => d.product === undefined && d.category === 'fruit')).toBe(true);
    expect(demands.some((d) => d.sourcingProvinces?.includes('bac-ninh') && d.sourcingProvinces?.includes('hai-phong'))).toBe(true);
    expect(demands.some((d) => typeof d.maxDistanceKm === 'number')).toBe(true);
    expect(demands.some((d) => d.requiredCertifications.some((c: Item) => c.type === 'VietGAP'))).toBe(true);
    expect(demands.some((d) => d.requiredCertifications.some((c: Item) => c.type === 'OCOP' && c.minStars === 5))).toBe(true);
    expect(demands.every((d) => !(d.sourcingProvinces && d.maxDistanceKm !== undefined))).toBe(true);
  });

  it('publishes the fairs with registration closing before they start, the Duyên hải fair in Hải Phòng with 330 booths', async () => {
    const fairs = await all('/v1/fairs', coop);
    expect(fairs.every((f) => f.status === 'published' && f.registrationClosesOn < f.startsOn && f.startsOn.startsWith('2027'))).toBe(true);
    const coastal = fairs.find((f) => f.name.includes('Duyên hải'));
    expect(coastal).toMatchObject({ province: 'hai-phong', boothCount: 330 });
    expect(coastal).not.toHaveProperty('ownerId'); // a user id, shown to its owner and admins only
    expect((await app.call('GET', `/v1/fairs/${coastal!.id}`, { token: organiser })).body.ownerId).toBe('demo-org-01');
    expect(coastal!.availableBooths).toBe(330 - coastal!.bookedCount);

    const bookings = await app.call('GET', `/v1/fairs/${coastal!.id}/bookings?limit=100`, { token: organiser });
    expect(bookings.status, bookings.text).toBe(200);
    expect(bookings.body.items).toHaveLength(coastal!.bookedCount);
  });

  it('gives the demo cooperative its things at /v1/me, one verified certificate, and a flagged copycat', async () => {
    const me = await app.call('GET', '/v1/me', { token: coop });
    expect(me.status, me.text).toBe(200);
    const phucLoc = me.body.sellers.find((s: Item) => s.name === 'HTX Vải thiều Phúc Lộc');
    expect(phucLoc.openListings).toBeGreaterThan(0);
    const seller = await app.call('GET', `/v1/sellers/${phucLoc.id}`, { token: retailer });
    expect(seller.body.certifications[0]).toMatchObject({ verification: 'verified', verifiedBy: 'demo-admin-01' });
    const copycat = await app.call('GET', '/v1/sellers?mine=true', { token: await app.token('cooperative', 'demo-coop-copycat') });
    expect(copycat.body.items).toEqual([expect.objectContaining({ name: 'HTX Vải thiều Phúc Lộc', reviewFlags: ['tax-code-in-use'] })]);
    const bookings = await app.call('GET', '/v1/bookings', { token: coop });
    expect(bookings.body.items.length).toBeGreaterThan(0);
  });

  it('closes one deal between the demo retailer and the demo cooperative, who then see each other’s contact', async () => {
    const confirmed = await all('/v1/matches?status=confirmed&side=buyer', retailer);
    expect(confirmed.length).toBe(1);
    const view = await app.call('GET', `/v1/matches/${confirmed[0].id}`, { token: coop });
    expect(view.status, view.text).toBe(200);
    expect(view.body.buyer.contact.phone).toMatch(/^\+84\d{9,10}$/);
    expect(view.body.nextStep.vi).toMatch(/^(Gọi|Gửi e-mail cho|Liên hệ) /);
  });

  it('creates nothing twice when run a second time: every request replays its first answer', async () => {
    const before = await counts();
    const second = await seedDemo(app.runtime, () => {});
    const total = second.sellers + second.buyers + second.listings + second.demands + second.fairs * 2 + second.bookings + second.trustChecks;
    expect(second).toEqual({ ...first, replayed: total });
    expect(await counts()).toEqual(before);
    expect(await all('/v1/matches?status=confirmed&side=buyer', retailer)).toHaveLength(1);
  });
});
