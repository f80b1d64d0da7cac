/**
 * Seeded synthetic data for the matching benchmark (test/bench/matching.bench.ts): purchase demands
 * (nhu cầu thu mua) across the 34 provinces and the whole product catalogue, and a batch of new
 * listings (chào bán). Deterministic for a given seed (mulberry32), so every run and machine sees
 * the same data.
 *
 * The model is a snapshot of the open demand book on {@link SNAPSHOT} (1 May 2027, the start of the
 * lychee, mango, durian and rambutan harvests): the matching index only ever holds open demands
 * with volume left, so every demand here is open and its window has not ended before the snapshot.
 * Windows fall in the product's harvest months (`seasonMonths`) of 2027; buyers post most demands
 * up to two months ahead, some a season ahead (forward purchases), and some are already running.
 */
import type { Demand } from '#domain/demands.ts';
import type { Listing } from '#domain/listings.ts';
import { PRODUCTS, type Product } from '#domain/reference/products.ts';
import { PROVINCES, provincesWithin, type Region } from '#domain/reference/provinces.ts';
import { mulberry32 } from '#test/bench/allocation.bench.ts';

// ---------------------------------------------------------------------------------------------
// Random helpers

export class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** Integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }
  uniform(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }
  /** Log-uniform in [lo, hi]: as many 1–10 t lots as 10–100 t lots. */
  logUniform(lo: number, hi: number): number {
    return Math.exp(this.uniform(Math.log(lo), Math.log(hi)));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.next() * xs.length)];
  }
  weighted<T>(xs: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = this.next() * total;
    for (let i = 0; i < xs.length; i++) {
      r -= weights[i];
      if (r < 0) return xs[i];
    }
    return xs[xs.length - 1];
  }
  /** `k` distinct elements (or all of them when there are fewer). */
  sample<T>(xs: readonly T[], k: number): T[] {
    const copy = [...xs];
    const out: T[] = [];
    while (out.length < k && copy.length > 0) out.push(copy.splice(Math.floor(this.next() * copy.length), 1)[0]);
    return out;
  }
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
/** A ULID-shaped id (26 Crockford characters, first one '0'), from the seeded generator. */
function ulidLike(rng: Rng): string {
  let s = '0';
  for (let i = 0; i < 25; i++) s += CROCKFORD[Math.floor(rng.next() * 32)];
  return s;
}

// ---------------------------------------------------------------------------------------------
// Calendar: days since 1 January 2027 (UTC)

const DAY_MS = 86_400_000;
const YEAR_START = Date.UTC(2027, 0, 1);
const LAST_DAY = 364; // 31 December 2027
export const iso = (day: number): string => new Date(YEAR_START + day * DAY_MS).toISOString().slice(0, 10);
const monthOf = (day: number): number => new Date(YEAR_START + day * DAY_MS).getUTCMonth() + 1;
/** The snapshot date of the demand book and the day the listing batch is posted: 1 May 2027. */
export const SNAPSHOT_DAY = 120;
export const SNAPSHOT = iso(SNAPSHOT_DAY);

const inSeason = (p: Product, day: number) => p.seasonMonths.includes(monthOf(day));

/** The first in-season day at or after `day` within 2027, else the last one before it (not before `floor`). */
function snapToSeason(p: Product, day: number, floor: number): number {
  for (let d = day; d <= LAST_DAY; d++) if (inSeason(p, d)) return d;
  for (let d = day - 1; d >= floor; d--) if (inSeason(p, d)) return d;
  return day;
}

// ---------------------------------------------------------------------------------------------
// Reference data the catalogue lacks: growing provinces, price levels, volume scales

const PREFERRED_REGIONS: Record<string, Region[]> = {
  fruit: ['north', 'south'],
  vegetable: ['north', 'highlands'],
  rice_grain: ['south', 'north'],
  coffee_tea_cocoa: ['highlands', 'north'],
  spice_herb: ['north', 'highlands'],
  medicinal: ['north', 'central'],
  seafood: ['south', 'central'],
  livestock_poultry: ['north', 'south'],
  processed_ocop: ['central', 'south', 'north'],
  nut: ['highlands', 'south'],
};

/** Price range in VND per kg by category (a product's level is drawn inside it). */
const PRICE_RANGE: Record<string, [number, number]> = {
  fruit: [15_000, 80_000],
  vegetable: [6_000, 30_000],
  rice_grain: [8_000, 30_000],
  coffee_tea_cocoa: [40_000, 150_000],
  spice_herb: [30_000, 250_000],
  medicinal: [80_000, 2_000_000],
  seafood: [40_000, 400_000],
  livestock_poultry: [40_000, 250_000],
  processed_ocop: [50_000, 500_000],
  nut: [40_000, 400_000],
};

/** Listing and demand volumes (kg) by category: bulk produce, specialities, medicinal plants. */
function volumeScale(category: string): { listing: [number, number]; demand: [number, number] } {
  if (category === 'medicinal') return { listing: [50, 3_000], demand: [20, 1_000] };
  if (category === 'spice_herb' || category === 'nut' || category === 'processed_ocop') return { listing: [300, 30_000], demand: [100, 10_000] };
  return { listing: [2_000, 200_000], demand: [1_000, 100_000] };
}

const roundKg = (kg: number) => (kg >= 2_000 ? Math.round(kg / 100) * 100 : Math.max(10, Math.round(kg / 10) * 10));
const roundVnd = (vnd: number) => Math.max(1_000, Math.round(vnd / 500) * 500);

export interface ProductProfile {
  product: Product;
  /** Main growing provinces (3–6). */
  growing: string[];
  /** Typical farm-gate price, VND/kg. */
  priceLevel: number;
  /** Relative share of listings and demands. */
  weight: number;
}

export function productProfiles(seed: number): ProductProfile[] {
  const rng = new Rng(seed);
  return PRODUCTS.map((product) => {
    const regions = PREFERRED_REGIONS[product.category] ?? [];
    const preferred = PROVINCES.filter((p) => regions.includes(p.region)).map((p) => p.code);
    const all = PROVINCES.map((p) => p.code);
    const growing = new Set<string>();
    const n = rng.int(3, 6);
    while (growing.size < n) growing.add(rng.chance(0.75) && preferred.length ? rng.pick(preferred) : rng.pick(all));
    const [lo, hi] = PRICE_RANGE[product.category] ?? [10_000, 100_000];
    // Season-hot products (hotShards > 1) are the big-volume ones: lychee, longan, mango, durian, dragon fruit, rice, coffee.
    return { product, growing: [...growing], priceLevel: roundVnd(rng.logUniform(lo, hi)), weight: product.hotShards > 1 ? 3 : 1 };
  });
}

// ---------------------------------------------------------------------------------------------
// Demands

const BIG_CITIES = ['ha-noi', 'ho-chi-minh', 'hai-phong', 'da-nang', 'can-tho'];
const PROVINCE_CODES = PROVINCES.map((p) => p.code);

export interface DemandOptions {
  /** Share of whole-category demands ("any fruit"). */
  categoryShare: number;
}

/** How a generated demand restricts its sourcing area (for the data summary). */
export type AreaKind = 'any' | 'list' | 'radius';
export const areaKindOf = (d: Demand): AreaKind => (d.sourcingProvinces ? 'list' : d.maxDistanceKm !== undefined ? 'radius' : 'any');

export function makeDemand(rng: Rng, profiles: readonly ProductProfile[], opts: DemandOptions = { categoryShare: 0.03 }): Demand {
  const profile = rng.weighted(profiles, profiles.map((p) => p.weight));
  const { product } = profile;
  const isCategory = rng.chance(opts.categoryShare);

  // Window: lead time from the snapshot, moved into the product's harvest months.
  const lead = rng.weighted(
    [() => rng.int(-45, -1), () => rng.int(0, 60), () => rng.int(61, 150), () => rng.int(151, 240)],
    [15, 50, 28, 7],
  )();
  const from = isCategory ? Math.min(SNAPSHOT_DAY + lead, LAST_DAY) : snapToSeason(product, Math.min(SNAPSHOT_DAY + lead, LAST_DAY), SNAPSHOT_DAY - 60);
  const length = rng.weighted([() => rng.int(14, 42), () => rng.int(43, 90), () => rng.int(91, 180)], [55, 30, 15])();
  let to = Math.min(from + length - 1, LAST_DAY);
  if (to < SNAPSHOT_DAY) to = SNAPSHOT_DAY + rng.int(7, 30); // still open on the snapshot day

  // Volumes and price ceiling.
  const scale = volumeScale(product.category);
  const quantityKg = roundKg(rng.logUniform(...scale.demand));
  const remainingKg = rng.chance(0.2) ? roundKg(quantityKg * rng.uniform(0.2, 0.9)) : quantityKg;
  const minQuantityKg = Math.min(quantityKg, rng.chance(0.4) ? 500 : roundKg(quantityKg * rng.uniform(0.05, 0.3)));
  const maxPriceVndPerKg = rng.chance(0.8) ? roundVnd(profile.priceLevel * rng.uniform(0.85, 1.4)) : undefined;

  // Where the goods go and where they may come from.
  const deliveryProvince = rng.chance(0.5) ? rng.weighted(BIG_CITIES, [30, 30, 15, 15, 10]) : rng.pick(PROVINCE_CODES);
  let sourcingProvinces: string[] | undefined;
  let maxDistanceKm: number | undefined;
  const area = isCategory ? rng.weighted(['any', 'list', 'radius'] as const, [70, 20, 10]) : rng.weighted(['any', 'list', 'radius'] as const, [45, 45, 10]);
  if (area === 'list') {
    const k = rng.weighted([1, 2, 3, 4, 5], [35, 30, 20, 10, 5]);
    const set = new Set<string>();
    while (set.size < k) set.add(rng.chance(0.7) ? rng.pick(profile.growing) : rng.pick(PROVINCE_CODES));
    sourcingProvinces = [...set];
  } else if (area === 'radius') {
    maxDistanceKm = rng.weighted([50, 100, 150, 200, 300], [20, 30, 25, 15, 10]);
  }

  // Certifications a buyer insists on (supermarkets and exporters mostly).
  const requiredCertifications: Demand['requiredCertifications'] = [];
  const certRoll = rng.next();
  if (certRoll < 0.18) requiredCertifications.push({ type: 'VietGAP' });
  else if (certRoll < 0.23) requiredCertifications.push({ type: 'GlobalGAP' });
  else if (certRoll < 0.26) requiredCertifications.push({ type: 'organic' });
  else if (certRoll < 0.3) requiredCertifications.push({ type: 'OCOP', minStars: rng.pick([3, 4]) });

  const buyer = rng.int(1, 3_000);
  return {
    id: ulidLike(rng),
    buyerId: `B${String(buyer).padStart(25, '0')}`,
    buyerName: `Người mua ${buyer}`,
    ownerId: `bench-retailer-${buyer}`,
    ...(isCategory ? {} : { product: product.code, productName: product.name }),
    category: product.category,
    quantityKg,
    remainingKg,
    minQuantityKg,
    ...(maxPriceVndPerKg !== undefined ? { maxPriceVndPerKg } : {}),
    neededFrom: iso(from),
    neededTo: iso(to),
    requiredCertifications,
    ...(sourcingProvinces ? { sourcingProvinces } : {}),
    ...(maxDistanceKm !== undefined ? { maxDistanceKm } : {}),
    deliveryProvince,
    status: 'open',
    version: 1,
    createdAt: `${iso(Math.max(0, from - 30))}T08:00:00.000Z`,
    updatedAt: `${iso(Math.max(0, from - 30))}T08:00:00.000Z`,
  };
}

// ---------------------------------------------------------------------------------------------
// Listings

function listingCertifications(rng: Rng, category: string): Listing['certifications'] {
  const certs: Listing['certifications'] = [];
  const validUntil = () => (rng.chance(0.75) ? '2028-06-30' : iso(rng.int(SNAPSHOT_DAY + 30, LAST_DAY)));
  if (rng.chance(0.45)) certs.push({ type: 'VietGAP', validUntil: validUntil() });
  if (rng.chance(0.12)) certs.push({ type: 'GlobalGAP', validUntil: validUntil() });
  if (rng.chance(0.06)) certs.push({ type: 'organic', validUntil: validUntil() });
  const ocopLikely = category === 'processed_ocop' || category === 'medicinal' || category === 'nut' || category === 'spice_herb';
  if (rng.chance(ocopLikely ? 0.5 : 0.08)) certs.push({ type: 'OCOP', stars: rng.weighted([3, 4, 5], [50, 40, 10]), validUntil: validUntil() });
  return certs;
}

/**
 * New listings posted on the snapshot day, of products in harvest in May or June: available from
 * within the next 45 days, for 2–8 weeks, mostly from the product's growing provinces.
 */
export function makeListingBatch(seed: number, n: number, profiles: readonly ProductProfile[]): Listing[] {
  const rng = new Rng(seed);
  const inHarvest = profiles.filter((p) => p.product.seasonMonths.includes(5) || p.product.seasonMonths.includes(6));
  return Array.from({ length: n }, (_, i) => {
    const profile = rng.weighted(inHarvest, inHarvest.map((p) => p.weight));
    const { product } = profile;
    const from = snapToSeason(product, SNAPSHOT_DAY + rng.int(0, 45), SNAPSHOT_DAY);
    const to = Math.min(from + rng.int(14, 56) - 1, LAST_DAY);
    const scale = volumeScale(product.category);
    const quantityKg = roundKg(rng.logUniform(...scale.listing));
    const minOrderKg = Math.min(quantityKg, roundKg(quantityKg * rng.uniform(0.01, 0.1)));
    const province = rng.chance(0.8) ? rng.pick(profile.growing) : rng.pick(PROVINCE_CODES);
    const seller = i + 1;
    return {
      id: ulidLike(rng),
      sellerId: `S${String(seller).padStart(25, '0')}`,
      sellerName: `HTX ${seller}`,
      ownerId: `bench-coop-${seller}`,
      product: product.code,
      productName: product.name,
      category: product.category,
      quantityKg,
      remainingKg: quantityKg,
      minOrderKg,
      ...(rng.chance(0.88) ? { priceVndPerKg: roundVnd(profile.priceLevel * rng.uniform(0.75, 1.25)) } : {}),
      availableFrom: iso(from),
      availableTo: iso(to),
      province,
      certifications: listingCertifications(rng, product.category),
      status: 'active',
      version: 1,
      createdAt: `${SNAPSHOT}T08:00:00.000Z`,
      updatedAt: `${SNAPSHOT}T08:00:00.000Z`,
      searchText: product.name.toLowerCase(),
    };
  });
}

/** Sourcing provinces a demand accepts, counting a radius as the provinces inside it. */
export const fanOutOf = (d: Demand): number => (d.sourcingProvinces ? d.sourcingProvinces.length : d.maxDistanceKm !== undefined ? provincesWithin(d.deliveryProvince, d.maxDistanceKm).length : 1);
