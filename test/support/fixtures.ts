/** Valid request bodies and a set of owned resources, for the integration tests. */
import type { TestApp } from '#test/support/app.ts';
import { matchId } from '#domain/matching/rules.ts';
import { PROVINCES } from '#domain/reference/provinces.ts';

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

const FIXTURE_PRODUCTS = ['vai-thieu', 'nhan-long', 'xoai', 'buoi', 'cam', 'chuoi', 'dua-hau', 'mit', 'thanh-long', 'sau-rieng', 'mang-cut', 'chom-chom', 'bo', 'quyt', 'chanh', 'nho', 'man-hau', 'vu-sua', 'dua-luoi', 'chanh-leo'];
let fixtureCount = 0;

export interface Fixture {
  sellerId: string;
  spareSellerId: string;
  listingId: string;
  buyerId: string;
  demandId: string;
  fairId: string;
  bookingId: string;
  /** The match the stream proposes for the listing and the demand (exists after `settle`). */
  matchId: string;
  /** Webhook endpoints of the seller and of the buyer (loopback URLs: the tests run in local mode). */
  sellerWebhookId: string;
  buyerWebhookId: string;
}

/** A webhook registration body; port 9 (discard) on loopback refuses connections. */
export const webhookBody = (over: Record<string, unknown> = {}) => ({ url: 'http://127.0.0.1:9/hook', eventTypes: ['MatchConfirmed'], ...over });

async function created(app: TestApp, token: string, path: string, body: unknown): Promise<string> {
  const res = await app.call('POST', path, { token, body });
  if (res.status !== 201) throw new Error(`fixture POST ${path} gave ${res.status}: ${res.text}`);
  return res.body.id as string;
}

/** Creates one of everything, owned by `owners` (cooperative, retailer, organiser subs). */
export async function makeFixture(app: TestApp, owners: { cooperative: string; retailer: string; organiser: string }, fairOver: Record<string, unknown> = {}): Promise<Fixture> {
  const coop = await app.token('cooperative', owners.cooperative);
  const retailer = await app.token('retailer', owners.retailer);
  const organiser = await app.token('organiser', owners.organiser);
  const [sellerId, spareSellerId, buyerId, fairId] = await Promise.all([
    created(app, coop, '/v1/sellers', sellerBody()),
    created(app, coop, '/v1/sellers', sellerBody({ name: 'Hộ kinh doanh Nhãn lồng Phố Hiến', kind: 'household', province: 'Hưng Yên' })),
    created(app, retailer, '/v1/buyers', buyerBody()),
    created(app, organiser, '/v1/fairs', fairBody(fairOver)),
  ]);
  const publish = await app.call('POST', `/v1/fairs/${fairId}/publish`, { token: organiser, headers: { 'if-match': '"1"' } });
  if (publish.status !== 200) throw new Error(`publish gave ${publish.status}: ${publish.text}`);
  // A product and province per fixture keep fixtures from matching each other's listings and demands.
  const n = fixtureCount++;
  const product = FIXTURE_PRODUCTS[n % FIXTURE_PRODUCTS.length];
  const province = PROVINCES[n % PROVINCES.length].code;
  const [listingId, demandId, bookingId, sellerWebhookId, buyerWebhookId] = await Promise.all([
    created(app, coop, '/v1/listings', listingBody(sellerId, { product, province })),
    created(app, retailer, '/v1/demands', demandBody(buyerId, { product, maxDistanceKm: undefined, sourcingProvinces: [province] })),
    created(app, coop, `/v1/fairs/${fairId}/bookings`, { sellerId }),
    created(app, coop, `/v1/sellers/${sellerId}/webhooks`, webhookBody()),
    created(app, retailer, `/v1/buyers/${buyerId}/webhooks`, webhookBody()),
  ]);
  return { sellerId, spareSellerId, listingId, buyerId, demandId, fairId, bookingId, matchId: matchId(listingId, demandId), sellerWebhookId, buyerWebhookId };
}
