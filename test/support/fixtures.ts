/** Valid request bodies and a set of owned resources, for the integration tests. */
import type { TestApp } from '#test/support/app.ts';
import { matchId } from '#domain/matching/rules.ts';

export const sellerBody = (over: Record<string, unknown> = {}) => ({
  name: 'HTX Nông nghiệp Xanh Lục Ngạn',
  kind: 'cooperative',
  taxCode: '0100109106',
  province: 'Bắc Giang',
  address: 'Xã Quý Sơn, Lục Ngạn',
  contact: { name: 'Nguyễn Văn An', phone: '0912 345 678', email: 'htx.xanh@example.vn' },
  certifications: [
    { type: 'VietGAP', validUntil: '2027-12-31' },
    { type: 'OCOP', stars: 4, validUntil: '2027-12-31' },
  ],
  ...over,
});

export const listingBody = (sellerId: string, over: Record<string, unknown> = {}) => ({
  sellerId,
  product: 'Vải thiều',
  variety: 'Vải thiều Lục Ngạn loại 1',
  quantityKg: 20_000,
  minOrderKg: 500,
  priceVndPerKg: 25_000,
  availableFrom: '2027-06-01',
  availableTo: '2027-07-15',
  ...over,
});

export const buyerBody = (over: Record<string, unknown> = {}) => ({
  name: 'Siêu thị Phố Xanh Hải Phòng',
  kind: 'supermarket',
  province: 'Hải Phòng',
  deliveryProvinces: ['Hải Phòng', 'Hà Nội'],
  contact: { phone: '+84 225 3123 456', email: 'thumua@phoxanh.example.vn' },
  ...over,
});

export const demandBody = (buyerId: string, over: Record<string, unknown> = {}) => ({
  buyerId,
  product: 'vai thieu',
  quantityKg: 5_000,
  minQuantityKg: 1_000,
  maxPriceVndPerKg: 30_000,
  neededFrom: '2027-06-10',
  neededTo: '2027-07-10',
  requiredCertifications: [{ type: 'VietGAP' }],
  maxDistanceKm: 200,
  ...over,
});

export const fairBody = (over: Record<string, unknown> = {}) => ({
  name: 'Hội chợ nông sản vùng Duyên hải Bắc Bộ 2027',
  kind: 'fair',
  province: 'Hải Phòng',
  venue: 'Trung tâm Hội chợ Triển lãm Hải Phòng',
  startsOn: '2027-09-10',
  endsOn: '2027-09-14',
  registrationClosesOn: '2027-08-31',
  boothCount: 50,
  products: ['vai-thieu', 'nhan-long'],
  categories: ['fruit'],
  ...over,
});

export interface Fixture {
  sellerId: string;
  spareSellerId: string;
  listingId: string;
  buyerId: string;
  demandId: string;
  fairId: string;
  bookingId: string;
  /** The match the stream proposes for the listing and the demand (exists once the stream settles). */
  matchId: string;
  /** Webhook endpoints of the seller and of the buyer (loopback URLs: the tests run in local mode). */
  sellerWebhookId: string;
  buyerWebhookId: string;
}

export interface Owners {
  cooperative: string;
  retailer: string;
  organiser: string;
}

/** A webhook registration body; port 9 (discard) on loopback refuses connections. */
export const webhookBody = (over: Record<string, unknown> = {}) => ({ url: 'http://127.0.0.1:9/hook', eventTypes: ['MatchConfirmed'], ...over });

/** POSTs through the API and returns the new resource's id; anything but 201 throws. */
export async function created(app: TestApp, token: string, path: string, body: unknown): Promise<string> {
  const res = await app.call('POST', path, { token, body });
  if (res.status !== 201) throw new Error(`fixture POST ${path} gave ${res.status}: ${res.text}`);
  return res.body.id as string;
}

/**
 * A listing and a demand that match each other and nothing else: `product` must be used by no
 * other listing or demand of the test file. The match exists once the stream has settled.
 */
export async function matchingPair(app: TestApp, owners: Owners, ids: { sellerId: string; buyerId: string }, product: string, province: string) {
  const [listingId, demandId] = await Promise.all([
    created(app, await app.token('cooperative', owners.cooperative), '/v1/listings', listingBody(ids.sellerId, { product, province })),
    created(app, await app.token('retailer', owners.retailer), '/v1/demands', demandBody(ids.buyerId, { product, maxDistanceKm: undefined, sourcingProvinces: [province] })),
  ]);
  return { listingId, demandId, matchId: matchId(listingId, demandId) };
}

/**
 * Creates one of everything, owned by `owners`; its listing and demand are of `product` (which
 * nothing else in the file may use, so they match only each other).
 */
export async function makeFixture(app: TestApp, owners: Owners, pair: { product: string; province: string }): Promise<Fixture> {
  const coop = await app.token('cooperative', owners.cooperative);
  const retailer = await app.token('retailer', owners.retailer);
  const organiser = await app.token('organiser', owners.organiser);
  const [sellerId, spareSellerId, buyerId, fairId] = await Promise.all([
    created(app, coop, '/v1/sellers', sellerBody()),
    created(app, coop, '/v1/sellers', sellerBody({ name: 'Hộ kinh doanh Nhãn lồng Phố Hiến', kind: 'household', province: 'Hưng Yên' })),
    created(app, retailer, '/v1/buyers', buyerBody()),
    created(app, organiser, '/v1/fairs', fairBody()),
  ]);
  const publish = await app.call('POST', `/v1/fairs/${fairId}/publish`, { token: organiser, headers: { 'if-match': '"1"' } });
  if (publish.status !== 200) throw new Error(`publish gave ${publish.status}: ${publish.text}`);
  const [match, bookingId, sellerWebhookId, buyerWebhookId] = await Promise.all([
    matchingPair(app, owners, { sellerId, buyerId }, pair.product, pair.province),
    created(app, coop, `/v1/fairs/${fairId}/bookings`, { sellerId }),
    created(app, coop, `/v1/sellers/${sellerId}/webhooks`, webhookBody()),
    created(app, retailer, `/v1/buyers/${buyerId}/webhooks`, webhookBody()),
  ]);
  return { sellerId, spareSellerId, buyerId, fairId, bookingId, sellerWebhookId, buyerWebhookId, ...match };
}

/** A cooperative with a seller profile and a retailer with a buyer profile: the two sides of a match. */
export async function twoSides(app: TestApp): Promise<{ coop: string; retailer: string; sellerId: string; buyerId: string }> {
  const [coop, retailer] = await Promise.all([app.token('cooperative', app.sub('coop')), app.token('retailer', app.sub('retailer'))]);
  const [sellerId, buyerId] = await Promise.all([created(app, coop, '/v1/sellers', sellerBody()), created(app, retailer, '/v1/buyers', buyerBody())]);
  return { coop, retailer, sellerId, buyerId };
}
