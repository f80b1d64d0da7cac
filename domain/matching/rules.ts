/**
 * Matching rules: which listing (chào bán) may serve which purchase demand (nhu cầu thu mua),
 * and how well. Why, in Vietnamese and English, is in reasons.ts.
 *
 * Pure functions only (no I/O, no clock): the matcher runs them in stream handlers, in batch
 * re-scoring and in tests, and all three must agree on every decision. A pair is first put
 * through the {@link hardFilters} (any failure rules it out), then ranked by {@link pairValue}.
 */
import { createHash } from 'node:crypto';
import { crockfordBase32 } from '#domain/base32.ts';
import { distanceKm as provinceDistanceKm, provincesWithin, type ProvinceCode } from '#domain/reference/provinces.ts';

// ---------------------------------------------------------------------------------------------
// The two sides

/** A certificate a listing holds (subset of the listing's certification record). */
export interface HeldCertification {
  /** 'VietGAP' | 'GlobalGAP' | 'organic' | 'OCOP'. */
  readonly type: string;
  /** OCOP rating, 3–5; absent for other types. */
  readonly stars?: number;
  /** Last day the certificate is valid, ISO date (YYYY-MM-DD). */
  readonly validUntil: string;
  /**
   * 'self-declared' | 'verified' | 'rejected' (domain/certifications.ts). A rejected certificate
   * counts for nothing; absent (data from before verification existed) reads as unknown.
   */
  readonly verification?: string;
}

/** A certification a buyer requires: the type and, for OCOP, the minimum stars. */
export interface CertificationRequirement {
  readonly type: string;
  readonly minStars?: number;
  /** Only a certificate the department verified meets it. */
  readonly verified?: boolean;
}

/**
 * The fields of a `Listing` (domain/listings.ts) that matching reads.
 * A whole `Listing` satisfies it structurally, so callers pass listings as they are.
 */
export interface SupplySide {
  readonly id: string;
  readonly sellerId: string;
  /** Product code, e.g. `'vai-thieu'`. */
  readonly product: string;
  /** Category code of the product, e.g. `'fruit'`. */
  readonly category: string;
  /** Volume not yet reserved by confirmed matches. */
  readonly remainingKg: number;
  /** Smallest order the seller accepts. */
  readonly minOrderKg: number;
  /** Asking price; absent means "price by negotiation". */
  readonly priceVndPerKg?: number;
  /** First day the produce is available, ISO date. */
  readonly availableFrom: string;
  /** Last day the produce is available, ISO date (inclusive). */
  readonly availableTo: string;
  /** Province code where the produce is. */
  readonly province: string;
  readonly certifications: readonly HeldCertification[];
}

/**
 * The fields of a `Demand` (domain/demands.ts) that matching reads.
 * A whole `Demand` satisfies it structurally.
 */
export interface DemandSide {
  readonly id: string;
  readonly buyerId: string;
  /** Product code; absent for a whole-category demand ("any fruit"). */
  readonly product?: string;
  /** Category code; always present (derived from the product when one is given). */
  readonly category: string;
  /** Volume not yet covered by confirmed matches. */
  readonly remainingKg: number;
  /** The smallest lot worth buying from one seller. */
  readonly minQuantityKg: number;
  /** Highest acceptable price; absent means no ceiling. */
  readonly maxPriceVndPerKg?: number;
  /** First day the buyer needs the produce, ISO date. */
  readonly neededFrom: string;
  /** Last day the buyer needs the produce, ISO date (inclusive). */
  readonly neededTo: string;
  readonly requiredCertifications: readonly CertificationRequirement[];
  /** Accept supply only from these province codes... */
  readonly sourcingProvinces?: readonly string[];
  /** ...or from provinces whose centre lies within this many km of the delivery province's. */
  readonly maxDistanceKm?: number;
  /** Province code the goods are delivered to. */
  readonly deliveryProvince: string;
}

/** The listing fields matching reads ({@link SupplySide}) as data: the matching index projects them, the stream re-matches when one changes. */
export const SUPPLY_FIELDS = [
  'id', 'sellerId', 'product', 'category', 'remainingKg', 'minOrderKg', 'priceVndPerKg', 'availableFrom', 'availableTo', 'province', 'certifications',
] as const satisfies readonly (keyof SupplySide)[];

/** The demand fields matching reads ({@link DemandSide}) as data, used like {@link SUPPLY_FIELDS}. */
export const DEMAND_FIELDS = [
  'id', 'buyerId', 'product', 'category', 'remainingKg', 'minQuantityKg', 'maxPriceVndPerKg', 'neededFrom', 'neededTo',
  'requiredCertifications', 'sourcingProvinces', 'maxDistanceKm', 'deliveryProvince',
] as const satisfies readonly (keyof DemandSide)[];

// Fails to compile when a side gains a field its list lacks.
type Unlisted<T, K extends readonly PropertyKey[]> = Exclude<keyof T, K[number]>;
const allListed: [Unlisted<SupplySide, typeof SUPPLY_FIELDS> | Unlisted<DemandSide, typeof DEMAND_FIELDS>] extends [never] ? true : never = true;
void allListed;

/**
 * Whether a listing or demand takes part in matching: on offer (active / open) with volume left.
 * The one definition the index, the market parts and the engine use.
 */
export const isLive = {
  listing: (l: { readonly status: string; readonly remainingKg: number }): boolean => l.status === 'active' && l.remainingKg > 0,
  demand: (d: { readonly status: string; readonly remainingKg: number }): boolean => d.status === 'open' && d.remainingKg > 0,
};

// ---------------------------------------------------------------------------------------------
// Dates

const DAY_MS = 86_400_000;

/** Days from `from` to `to`, both ISO dates, counting both ends (same day = 1). */
export function daysInclusive(from: string, to: string): number {
  // Date-only ISO strings parse as UTC midnight, so there is no DST drift; round for safety.
  return Math.round((Date.parse(to) - Date.parse(from)) / DAY_MS) + 1;
}

/** The days both the listing is available and the buyer needs the produce. */
export interface Overlap {
  /** First common day, ISO date. */
  readonly from: string;
  /** Last common day, ISO date; earlier than `from` when the windows do not meet. */
  readonly to: string;
  /** Number of common days, both ends included; 0 when the windows do not meet. */
  readonly days: number;
}

/**
 * The overlap of the listing's availability window with the demand's needed window.
 * Both windows are inclusive, so windows that touch on one day overlap by 1 day.
 */
export function overlapOf(s: SupplySide, d: DemandSide): Overlap {
  // ISO dates (YYYY-MM-DD) order correctly as strings.
  const from = s.availableFrom > d.neededFrom ? s.availableFrom : d.neededFrom;
  const to = s.availableTo < d.neededTo ? s.availableTo : d.neededTo;
  return { from, to, days: from <= to ? daysInclusive(from, to) : 0 };
}

// ---------------------------------------------------------------------------------------------
// Sourcing area

/**
 * The provinces a demand accepts supply from.
 *
 * - `sourcingProvinces` when given (and not empty): exactly those codes;
 * - else `maxDistanceKm` when given: every province whose centre lies within that radius of
 *   the delivery province's centre, the delivery province included (empty when the delivery
 *   province code is unknown);
 * - else `'any'`: the buyer sources nationwide.
 *
 * Demand validation forbids giving both; if both ever arrive, the explicit list wins because
 * it is the more deliberate choice.
 */
export function acceptedSourceProvinces(d: DemandSide): string[] | 'any' {
  if (d.sourcingProvinces && d.sourcingProvinces.length > 0) return [...d.sourcingProvinces];
  if (d.maxDistanceKm !== undefined) return provincesWithin(d.deliveryProvince, d.maxDistanceKm);
  return 'any';
}

// ---------------------------------------------------------------------------------------------
// Hard filters

/** The hard filters, in the order {@link hardFilters} applies them. */
export const HARD_FILTER_CODES = ['product', 'window', 'quantity', 'price', 'certifications', 'area'] as const;

/** Name of a hard filter; also the reason code when it rules a pair out. */
export type HardFilterCode = (typeof HARD_FILTER_CODES)[number];

/** Outcome of one hard filter. */
export type FilterResult = { ok: true } | { ok: false; reason: HardFilterCode };

const PASS: FilterResult = Object.freeze({ ok: true });
const fail = (reason: HardFilterCode): FilterResult => ({ ok: false, reason });

/**
 * `product`: the listing is the demanded product, or — for a whole-category demand (no
 * product) — a product of the demanded category.
 */
export function checkProduct(s: SupplySide, d: DemandSide): FilterResult {
  const ok = d.product !== undefined ? s.product === d.product : s.category === d.category;
  return ok ? PASS : fail('product');
}

/** `window`: the availability window overlaps the needed window by at least one day (inclusive). */
export function checkWindow(s: SupplySide, d: DemandSide): FilterResult {
  return overlapOf(s, d).days > 0 ? PASS : fail('window');
}

/**
 * `quantity`: the listing can fill the buyer's minimum lot, and the buyer's remaining need is
 * at least the seller's minimum order.
 *
 * Each minimum is capped by what its own side has left (min(minQuantityKg, demand
 * remainingKg) and min(minOrderKg, listing remainingKg)). Why: after partial matches a side's
 * remainder can fall below its own minimum (a 5 t demand with a 500 kg lot minimum and 200 kg
 * left); without the cap that remainder could only be matched by counterparts far larger than
 * needed, and a seller's last 80 kg under a 100 kg minimum order could never be sold. When the
 * remainders are at or above the minimums — the usual case — this is exactly
 * `listing.remainingKg ≥ demand.minQuantityKg && demand.remainingKg ≥ listing.minOrderKg`.
 */
export function checkQuantity(s: SupplySide, d: DemandSide): FilterResult {
  const buyerMinLot = Math.min(d.minQuantityKg, d.remainingKg);
  const sellerMinOrder = Math.min(s.minOrderKg, s.remainingKg);
  const ok = s.remainingKg > 0 && d.remainingKg > 0 && s.remainingKg >= buyerMinLot && d.remainingKg >= sellerMinOrder;
  return ok ? PASS : fail('quantity');
}

/**
 * `price`: when the listing states a price and the demand a maximum, the price is at most the
 * maximum. A missing price on either side passes: it is settled by negotiation.
 */
export function checkPrice(s: SupplySide, d: DemandSide): FilterResult {
  if (s.priceVndPerKg === undefined || d.maxPriceVndPerKg === undefined) return PASS;
  return s.priceVndPerKg <= d.maxPriceVndPerKg ? PASS : fail('price');
}

/** Whether the listing holds `req`, valid through `onDate` (inclusive). */
export function holds(s: SupplySide, req: CertificationRequirement, onDate: string): boolean {
  return s.certifications.some(
    (c) =>
      c.type === req.type &&
      c.validUntil >= onDate &&
      c.verification !== 'rejected' &&
      (!req.verified || c.verification === 'verified') &&
      // Stars only exist for OCOP; a minStars on another type carries no meaning and is ignored.
      (req.type !== 'OCOP' || req.minStars === undefined || (c.stars ?? 0) >= req.minStars),
  );
}

/**
 * `certifications`: every required certification is held with the same type (for OCOP with at
 * least the required stars), and is still valid on the last day of the overlap window — the
 * buyer needs the certificate to cover every delivery, not just the first.
 */
export function checkCertifications(s: SupplySide, d: DemandSide): FilterResult {
  const lastDeliveryDay = overlapOf(s, d).to;
  return d.requiredCertifications.every((r) => holds(s, r, lastDeliveryDay)) ? PASS : fail('certifications');
}

/** `area`: the listing's province is in the demand's {@link acceptedSourceProvinces}, or the demand accepts any. */
export function checkArea(s: SupplySide, d: DemandSide): FilterResult {
  const accepted = acceptedSourceProvinces(d);
  return accepted === 'any' || accepted.includes(s.province) ? PASS : fail('area');
}

/** Every hard filter by code, so callers (admin tools, tests) can run one by name. */
export const HARD_FILTERS: Readonly<Record<HardFilterCode, (s: SupplySide, d: DemandSide) => FilterResult>> = Object.freeze({
  product: checkProduct,
  window: checkWindow,
  quantity: checkQuantity,
  price: checkPrice,
  certifications: checkCertifications,
  area: checkArea,
});

/**
 * Applies all hard filters. Every filter runs (no short-circuit) so a rejection lists all
 * its causes, in {@link HARD_FILTER_CODES} order — useful to explain a non-match.
 */
export function hardFilters(s: SupplySide, d: DemandSide): { ok: true } | { ok: false; failed: HardFilterCode[] } {
  const failed: HardFilterCode[] = [];
  for (const code of HARD_FILTER_CODES) {
    const r = HARD_FILTERS[code](s, d);
    if (!r.ok) failed.push(r.reason);
  }
  return failed.length === 0 ? { ok: true } : { ok: false, failed };
}

/** Whether a pair passes every hard filter; stops at the first failure (the hot path of allocation). */
export function passesHardFilters(s: SupplySide, d: DemandSide): boolean {
  for (const code of HARD_FILTER_CODES) if (!HARD_FILTERS[code](s, d).ok) return false;
  return true;
}

// ---------------------------------------------------------------------------------------------
// Score

/**
 * Weights of the score factors: score = Σ weight × factor, each factor in [0, 1]. The weights
 * sum to 1, so the score is in [0, 1] too and reads as "fraction of a perfect match".
 *
 * - `productFit` 0.15 — exact product over a category stand-in. Modest because the hard
 *   filter already guarantees the product is acceptable.
 * - `priceMargin` 0.25 — the largest: price is what buyers (supermarkets, wholesale markets)
 *   compare first, and a margin under their ceiling is what makes a deal likely.
 * - `distance` 0.2 — farm produce is perishable and freight is a big part of its landed cost,
 *   so nearer supply is markedly better even inside the accepted area.
 * - `windowOverlap` 0.15 — how much of the needed period the listing covers.
 * - `certifications` 0.1 — the requirement itself is a hard filter; this only rewards extras
 *   (further certificates, more OCOP stars), a tie-breaker more than a driver.
 * - `volumeFit` 0.15 — one seller covering the whole need saves the buyer from assembling
 *   many small lots.
 */
export const WEIGHTS = Object.freeze({
  productFit: 0.15,
  priceMargin: 0.25,
  distance: 0.2,
  windowOverlap: 0.15,
  certifications: 0.1,
  volumeFit: 0.15,
} as const);

/** Name of a score factor. */
export type FactorName = keyof typeof WEIGHTS;

/** Order of the factors, and of the reasons built from them. */
export const FACTOR_NAMES: readonly FactorName[] = Object.freeze(Object.keys(WEIGHTS) as FactorName[]);

/** productFit for a whole-category demand: the buyer accepts it, but named no product. */
const CATEGORY_PRODUCT_FIT = 0.6;
/** A price this far under the maximum (20 %) earns full priceMargin; more earns nothing extra. */
const FULL_PRICE_MARGIN = 0.2;
/** Distance at which the distance factor halves (1 / (1 + km / 300)). */
const DISTANCE_HALF_KM = 300;
/** certifications factor when the requirement is met exactly (or nothing is required or held). */
const CERT_BASELINE = 0.5;
/** Bonus per certification type held beyond the required types. */
const CERT_PER_EXTRA_TYPE = 0.2;
/** Bonus per OCOP star beyond the required stars (or beyond 3, the lowest rating, when OCOP is not required). */
const CERT_PER_EXTRA_STAR = 0.1;
/** Bonus per certification type held with a certificate the department verified: verified ones weigh more. */
const CERT_PER_VERIFIED_TYPE = 0.15;

/** productFit: 1 for the exact product, 0.6 for a product of a demanded category, 0 otherwise. */
export function productFitFactor(s: SupplySide, d: DemandSide): number {
  if (d.product !== undefined) return s.product === d.product ? 1 : 0;
  return s.category === d.category ? CATEGORY_PRODUCT_FIT : 0;
}

/**
 * priceMargin: 0.5 + 0.5 · min(1, (max − ask) / max / 0.2) — 0.5 at the maximum, rising
 * linearly to 1 at 20 % or more under it; 0 above the maximum.
 *
 * 0.5 when either price is missing: with no ask the buyer must negotiate and cannot count on
 * a discount, and with no maximum there is nothing to measure a margin against — so neither a
 * bonus nor a penalty, the same as an ask right at the ceiling.
 */
export function priceMarginFactor(s: SupplySide, d: DemandSide): number {
  const ask = s.priceVndPerKg;
  const max = d.maxPriceVndPerKg;
  if (ask === undefined || max === undefined || max <= 0) return 0.5;
  if (ask > max) return 0;
  return 0.5 + 0.5 * Math.min(1, (max - ask) / max / FULL_PRICE_MARGIN);
}

/**
 * distance: 1 / (1 + km / 300), km between the province centres — 1 in the same province,
 * 0.5 at 300 km, about 0.2 from Hà Nội to Hồ Chí Minh. Applied to 'any'-area demands too:
 * accepting any province does not make freight free.
 */
export function distanceFactor(km: number): number {
  return 1 / (1 + Math.max(0, km) / DISTANCE_HALF_KM);
}

/** windowOverlap: overlap days / days in the demand's needed window. */
export function windowOverlapFactor(s: SupplySide, d: DemandSide): number {
  const needed = daysInclusive(d.neededFrom, d.neededTo);
  return needed > 0 ? Math.min(1, overlapOf(s, d).days / needed) : 0;
}

/** Certificates still valid on `onDate` (a rejected one is not held at all). */
export function validOn(s: SupplySide, onDate: string): HeldCertification[] {
  return s.certifications.filter((c) => c.validUntil >= onDate && c.verification !== 'rejected');
}

/** Highest OCOP rating among `certs`, or undefined when none is OCOP. */
function bestOcopStars(certs: readonly HeldCertification[]): number | undefined {
  let best: number | undefined;
  for (const c of certs) if (c.type === 'OCOP' && c.stars !== undefined && (best === undefined || c.stars > best)) best = c.stars;
  return best;
}

/**
 * certifications: min(1, 0.5 + 0.2 · extra types + 0.1 · extra OCOP stars), counting only
 * certificates valid on the last day of the overlap; 0 when a requirement is not met.
 *
 * - 0.5 is the baseline: requirement met exactly, or nothing required and nothing held.
 * - extra types: distinct certification types held beyond the required ones (VietGAP when
 *   nothing is required: +0.2; VietGAP and GlobalGAP: +0.4).
 * - extra stars: the best OCOP rating held minus the required minStars, or minus 3 (the
 *   lowest rating) when OCOP is held but not required with stars (OCOP 5★ unrequired: +0.2
 *   for the type and +0.2 for the stars).
 * - verified: +0.15 per type held with a certificate the department verified; a rejected
 *   certificate is not counted at all.
 */
export function certificationsFactor(s: SupplySide, d: DemandSide): number {
  const onDate = overlapOf(s, d).to;
  if (!d.requiredCertifications.every((r) => holds(s, r, onDate))) return 0;
  const valid = validOn(s, onDate);
  const requiredTypes = new Set(d.requiredCertifications.map((r) => r.type));
  const extraTypes = new Set(valid.map((c) => c.type).filter((t) => !requiredTypes.has(t))).size;
  const stars = bestOcopStars(valid);
  const starFloor = d.requiredCertifications.find((r) => r.type === 'OCOP')?.minStars ?? 3;
  const extraStars = stars === undefined ? 0 : Math.max(0, stars - starFloor);
  const verifiedTypes = new Set(valid.filter((c) => c.verification === 'verified').map((c) => c.type)).size;
  return Math.min(1, CERT_BASELINE + CERT_PER_EXTRA_TYPE * extraTypes + CERT_PER_EXTRA_STAR * extraStars + CERT_PER_VERIFIED_TYPE * verifiedTypes);
}

/** volumeFit: min(listing remaining, demand remaining) / demand remaining; 0 when nothing remains. */
export function volumeFitFactor(s: SupplySide, d: DemandSide): number {
  if (d.remainingKg <= 0) return 0;
  return Math.max(0, Math.min(s.remainingKg, d.remainingKg)) / d.remainingKg;
}

/** The score of a listing–demand pair with the figures behind it. */
export interface PairValue {
  /** Σ WEIGHTS[f] · factors[f], in [0, 1], rounded to 4 decimals. */
  score: number;
  /** Each factor in [0, 1], unrounded. */
  factors: Record<FactorName, number>;
  /** Km between the listing's and the delivery province's centres (0.1 km precision). */
  distanceKm: number;
  overlap: Overlap;
}

/**
 * The score of a pair without its reasons (those are in reasons.ts): what allocation needs for
 * every feasible pair of a market, where building sentences for pairs that are never proposed
 * would dominate the cost. Meant for pairs that passed {@link hardFilters}; for others it still
 * returns a defined score (failing factors drop to 0).
 *
 * @throws RangeError when the listing's or the delivery province code is unknown
 */
export function pairValue(s: SupplySide, d: DemandSide): PairValue {
  const km = provinceDistanceKm(s.province as ProvinceCode, d.deliveryProvince as ProvinceCode);
  const overlap = overlapOf(s, d);
  const factors: Record<FactorName, number> = {
    productFit: productFitFactor(s, d),
    priceMargin: priceMarginFactor(s, d),
    distance: distanceFactor(km),
    windowOverlap: windowOverlapFactor(s, d),
    certifications: certificationsFactor(s, d),
    volumeFit: volumeFitFactor(s, d),
  };
  let sum = 0;
  for (const f of FACTOR_NAMES) sum += WEIGHTS[f] * factors[f];
  // Clamp: the float sum of weights may exceed 1 by an ulp.
  const score = Math.round(Math.min(1, Math.max(0, sum)) * 10_000) / 10_000;
  return { score, factors, distanceKm: km, overlap };
}

// ---------------------------------------------------------------------------------------------
// Match id

/**
 * Deterministic id of the match between a listing and a demand: `'M'` + the first 25
 * characters of the Crockford base32 (upper case) of sha256(`${listingId}|${demandId}`).
 *
 * Deterministic so that re-processing the same pair (stream retries, re-scoring) writes the
 * same match instead of a duplicate. 125 bits of hash make collisions negligible. The result
 * is 26 characters of the Crockford alphabet — the same shape as a ULID, so it passes the same
 * id validation — yet never a real ULID, whose first character is at most '7'.
 */
export function matchId(listingId: string, demandId: string): string {
  const digest = createHash('sha256').update(`${listingId}|${demandId}`, 'utf8').digest();
  return 'M' + crockfordBase32(digest, 25);
}
