/**
 * Matching rules: which listing (chào bán) may serve which purchase demand (nhu cầu thu mua),
 * how well, and why — in Vietnamese and English.
 *
 * Pure functions only (no I/O, no clock): the matcher runs them in stream handlers, in batch
 * re-scoring and in tests, and all three must agree on every decision. A pair is first put
 * through the {@link hardFilters} (any failure rules it out), then ranked by {@link scorePair}.
 */
import { createHash } from 'node:crypto';
import { distanceKm as provinceDistanceKm, provinceByCode, provincesWithin, type ProvinceCode } from '#domain/reference/provinces.ts';
import { CATEGORIES, productByCode } from '#domain/reference/products.ts';

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
function daysInclusive(from: string, to: string): number {
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
function holds(s: SupplySide, req: CertificationRequirement, onDate: string): boolean {
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
function validOn(s: SupplySide, onDate: string): HeldCertification[] {
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

/** Bilingual, parallel reason lists: `vi[i]` and `en[i]` say the same thing. */
export interface Reasons {
  readonly vi: string[];
  readonly en: string[];
}

/** The score of a listing–demand pair with the figures behind it. */
export interface PairScore {
  /** Σ WEIGHTS[f] · factors[f], in [0, 1], rounded to 4 decimals. */
  score: number;
  /** Each factor in [0, 1], unrounded. */
  factors: Record<FactorName, number>;
  /** Km between the listing's and the delivery province's centres (0.1 km precision). */
  distanceKm: number;
  overlap: Overlap;
  /** One short sentence per factor, in {@link FACTOR_NAMES} order. */
  reasons: Reasons;
}

/**
 * Scores a pair. Meant for pairs that passed {@link hardFilters}; for others it still returns
 * a defined score (failing factors drop to 0) and reasons that say what is wrong.
 *
 * @throws RangeError when the listing's or the delivery province code is unknown
 */
export function scorePair(s: SupplySide, d: DemandSide): PairScore {
  const { score, factors, distanceKm: km, overlap } = pairValue(s, d);
  const vi: string[] = [];
  const en: string[] = [];
  for (const build of [productReason, priceReason, distanceReason, windowReason, certificationsReason, volumeReason]) {
    const r = build(s, d, { km, overlap, factors });
    vi.push(r.vi);
    en.push(r.en);
  }
  return { score, factors, distanceKm: km, overlap, reasons: { vi, en } };
}

/**
 * The score of a pair without its reasons: what allocation needs for every feasible pair of a
 * market, where building sentences for pairs that are never proposed would dominate the cost.
 */
export function pairValue(s: SupplySide, d: DemandSide): Omit<PairScore, 'reasons'> {
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
// Reasons: formatting

type Lang = 'vi' | 'en';

/**
 * Formats a number the Vietnamese way (25.000,5) or the English way (25,000.5), with at most
 * `maxFraction` decimals and no trailing zeros. Hand-rolled rather than Intl so that output
 * does not depend on the runtime's ICU data.
 */
export function formatNumber(n: number, lang: Lang, maxFraction = 0): string {
  const [group, decimal] = lang === 'vi' ? ['.', ','] : [',', '.'];
  const fixed = Math.abs(n).toFixed(maxFraction);
  const [int = '0', frac = ''] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const fraction = frac.replace(/0+$/, '');
  const sign = n < 0 && Number(fixed) !== 0 ? '-' : '';
  return sign + grouped + (fraction ? decimal + fraction : '');
}

/** "25.000 ₫/kg" / "25,000 ₫/kg". */
function price(vnd: number, lang: Lang): string {
  return `${formatNumber(vnd, lang)} ₫/kg`;
}

/** Tonnes when that is exact to 10 kg ("5 t", "2,5 tấn"), else kg ("800 kg", "1,234 kg"). */
function volume(kg: number, lang: Lang): string {
  if (kg >= 1000 && kg % 10 === 0) return `${formatNumber(kg / 1000, lang, 2)} ${lang === 'vi' ? 'tấn' : 't'}`;
  return `${formatNumber(kg, lang, 1)} kg`;
}

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "10 Jun" / "10/6", with the year only when the two ends fall in different years. */
function dateRange(from: string, to: string, lang: Lang): string {
  const withYear = from.slice(0, 4) !== to.slice(0, 4);
  const one = (iso: string): string => {
    const [y, m, day] = iso.split('-').map(Number) as [number, number, number];
    if (lang === 'vi') return withYear ? `${day}/${m}/${y}` : `${day}/${m}`;
    return withYear ? `${day} ${MONTHS_EN[m - 1]} ${y}` : `${day} ${MONTHS_EN[m - 1]}`;
  };
  return `${one(from)}–${one(to)}`;
}

/** "31/12/2027" for Vietnamese; English keeps the ISO date, which is unambiguous. */
function date(iso: string, lang: Lang): string {
  if (lang === 'en') return iso;
  const [y, m, day] = iso.split('-').map(Number) as [number, number, number];
  return `${day}/${m}/${y}`;
}

/** A fraction as a whole percentage that never rounds a partial value to 0 % or 100 %. */
function percent(fraction: number): number {
  const p = Math.round(fraction * 100);
  if (fraction > 0 && p === 0) return 1;
  if (fraction < 1 && p === 100) return 99;
  return p;
}

function provinceName(code: string, lang: Lang): string {
  const p = provinceByCode(code);
  return p ? (lang === 'vi' ? p.name : p.nameEn) : code;
}

function productName(code: string, lang: Lang): string {
  const p = productByCode(code);
  return p ? (lang === 'vi' ? p.name : p.nameEn) : code;
}

function categoryName(code: string, lang: Lang): string {
  const c = CATEGORIES.find((x) => x.code === code);
  return c ? (lang === 'vi' ? c.name : c.nameEn) : code;
}

function certName(type: string, lang: Lang): string {
  return type === 'organic' && lang === 'vi' ? 'hữu cơ' : type;
}

/** ", đã được xác minh" / " (tự khai)" after a certificate, by its verification (nothing when unknown). */
function trustNote(c: HeldCertification, lang: Lang): string {
  if (c.verification === 'verified') return lang === 'vi' ? ', đã được xác minh' : ', verified';
  if (c.verification === 'self-declared') return lang === 'vi' ? ' (tự khai)' : ' (self-declared)';
  return '';
}

/** "VietGAP (valid until 2027-12-31)" or "OCOP 4★", then whether the department verified it. */
function heldCert(c: HeldCertification, lang: Lang): string {
  if (c.type === 'OCOP') return `OCOP ${c.stars ?? '?'}★${trustNote(c, lang)}`;
  return lang === 'vi'
    ? `${certName(c.type, lang)} (hiệu lực đến ${date(c.validUntil, lang)})${trustNote(c, lang)}`
    : `${certName(c.type, lang)} (valid until ${date(c.validUntil, lang)})${trustNote(c, lang)}`;
}

function requiredCert(r: CertificationRequirement, lang: Lang): string {
  const name = r.type === 'OCOP' && r.minStars !== undefined ? `OCOP ${r.minStars}★` : certName(r.type, lang);
  return r.verified ? (lang === 'vi' ? `${name} đã được xác minh` : `verified ${name}`) : name;
}

// ---------------------------------------------------------------------------------------------
// Reasons: one per factor

interface Context {
  readonly km: number;
  readonly overlap: Overlap;
  readonly factors: Record<FactorName, number>;
}
type Reason = { vi: string; en: string };

function productReason(s: SupplySide, d: DemandSide, { factors }: Context): Reason {
  const vi = productName(s.product, 'vi');
  const en = productName(s.product, 'en');
  if (factors.productFit === 0) {
    return { vi: `${vi} không phải sản phẩm cần mua`, en: `${en} is not the product you asked for` };
  }
  if (d.product !== undefined) return { vi: `${vi}, đúng sản phẩm cần mua`, en: `${en}, the product you asked for` };
  return {
    vi: `${vi}, thuộc nhóm hàng cần mua (${categoryName(d.category, 'vi')})`,
    en: `${en}, in the category you asked for (${categoryName(d.category, 'en')})`,
  };
}

function priceReason(s: SupplySide, d: DemandSide): Reason {
  const ask = s.priceVndPerKg;
  const max = d.maxPriceVndPerKg;
  if (ask === undefined) return { vi: 'Giá thỏa thuận', en: 'Price to be negotiated' };
  if (max === undefined) {
    return { vi: `Giá ${price(ask, 'vi')} (chưa đặt giá tối đa)`, en: `Price ${price(ask, 'en')} (no maximum set)` };
  }
  if (ask === max) {
    return { vi: `Giá ${price(ask, 'vi')} bằng giá tối đa`, en: `Price ${price(ask, 'en')} equals your maximum` };
  }
  const p = percent(Math.abs(max - ask) / max);
  return ask < max
    ? { vi: `Giá ${price(ask, 'vi')} thấp hơn ${p}% so với giá tối đa ${price(max, 'vi')}`, en: `Price ${price(ask, 'en')} is ${p}% under your maximum of ${price(max, 'en')}` }
    : { vi: `Giá ${price(ask, 'vi')} cao hơn ${p}% so với giá tối đa ${price(max, 'vi')}`, en: `Price ${price(ask, 'en')} is ${p}% over your maximum of ${price(max, 'en')}` };
}

function distanceReason(s: SupplySide, d: DemandSide, { km }: Context): Reason {
  if (s.province === d.deliveryProvince) {
    return {
      vi: `Từ ${provinceName(s.province, 'vi')}, cùng tỉnh/thành giao hàng`,
      en: `From ${provinceName(s.province, 'en')}, your delivery province`,
    };
  }
  const rounded = Math.round(km);
  return {
    vi: `Từ ${provinceName(s.province, 'vi')}, cách ${provinceName(d.deliveryProvince, 'vi')} ${formatNumber(rounded, 'vi')} km`,
    en: `From ${provinceName(s.province, 'en')}, ${formatNumber(rounded, 'en')} km from ${provinceName(d.deliveryProvince, 'en')}`,
  };
}

function windowReason(s: SupplySide, d: DemandSide, { overlap, factors }: Context): Reason {
  const availVi = dateRange(s.availableFrom, s.availableTo, 'vi');
  const availEn = dateRange(s.availableFrom, s.availableTo, 'en');
  if (overlap.days === 0) {
    return {
      vi: `Có hàng ${availVi}, ngoài thời gian cần hàng ${dateRange(d.neededFrom, d.neededTo, 'vi')}`,
      en: `Available ${availEn}, outside the needed window ${dateRange(d.neededFrom, d.neededTo, 'en')}`,
    };
  }
  const p = percent(factors.windowOverlap);
  const needed = daysInclusive(d.neededFrom, d.neededTo);
  const partial = overlap.days < needed;
  return {
    vi: `Có hàng ${availVi}, đáp ứng ${p}% thời gian cần hàng` + (partial ? ` (${overlap.days}/${needed} ngày)` : ''),
    en: `Available ${availEn} covers ${p}% of the needed window` + (partial ? ` (${overlap.days} of ${needed} days)` : ''),
  };
}

function certificationsReason(s: SupplySide, d: DemandSide, { overlap }: Context): Reason {
  const missing = d.requiredCertifications.filter((r) => !holds(s, r, overlap.to));
  if (missing.length > 0) {
    return {
      vi: `Thiếu chứng nhận yêu cầu (còn hiệu lực đến ${date(overlap.to, 'vi')}): ${missing.map((r) => requiredCert(r, 'vi')).join(', ')}`,
      en: `Missing required certification (valid through ${date(overlap.to, 'en')}): ${missing.map((r) => requiredCert(r, 'en')).join(', ')}`,
    };
  }
  const valid = validOn(s, overlap.to);
  if (valid.length === 0) return { vi: 'Không yêu cầu chứng nhận', en: 'No certification required' };
  const required = d.requiredCertifications.length > 0;
  // Met only on the seller's word: say so rather than "meets all requirements".
  const selfDeclared = required && d.requiredCertifications.some((r) => !holds(s, { ...r, verified: true }, overlap.to) && valid.some((c) => c.type === r.type && c.verification === 'self-declared'));
  const verdict = !required
    ? { vi: '', en: '' }
    : selfDeclared
      ? { vi: '; đáp ứng yêu cầu theo tự khai, chưa được Sở xác minh', en: '; meets the requirements as self-declared, not yet verified by the department' }
      : { vi: ', đáp ứng đủ yêu cầu', en: ', meeting all requirements' };
  return {
    vi: `Có chứng nhận ${valid.map((c) => heldCert(c, 'vi')).join(', ')}` + verdict.vi,
    en: `Holds ${valid.map((c) => heldCert(c, 'en')).join(', ')}` + verdict.en,
  };
}

function volumeReason(s: SupplySide, d: DemandSide): Reason {
  if (d.remainingKg <= 0) return { vi: 'Nhu cầu đã được đáp ứng đủ', en: 'The demand is already fully covered' };
  if (s.remainingKg >= d.remainingKg) {
    return { vi: `Đáp ứng đủ ${volume(d.remainingKg, 'vi')} cần mua`, en: `Can supply all ${volume(d.remainingKg, 'en')} needed` };
  }
  return {
    vi: `Đáp ứng ${volume(s.remainingKg, 'vi')} trong ${volume(d.remainingKg, 'vi')} cần mua`,
    en: `Can supply ${volume(s.remainingKg, 'en')} of the ${volume(d.remainingKg, 'en')} needed`,
  };
}

// ---------------------------------------------------------------------------------------------
// Rejections

const REJECTIONS: Readonly<Record<HardFilterCode, Reason>> = Object.freeze({
  product: { vi: 'Khác sản phẩm hoặc nhóm hàng cần mua', en: 'Not the product or category the buyer wants' },
  window: { vi: 'Thời gian có hàng không trùng thời gian cần hàng', en: 'Availability does not overlap the needed dates' },
  quantity: {
    vi: 'Sản lượng còn lại không đủ lô tối thiểu của bên mua, hoặc nhu cầu còn lại nhỏ hơn đơn hàng tối thiểu của bên bán',
    en: "Remaining volume is below the buyer's minimum lot, or the remaining need is below the seller's minimum order",
  },
  price: { vi: 'Giá chào bán cao hơn giá tối đa của bên mua', en: "Asking price is above the buyer's maximum" },
  certifications: {
    vi: 'Thiếu chứng nhận yêu cầu, chưa đủ số sao OCOP, hoặc chứng nhận hết hạn trước ngày giao cuối',
    en: 'A required certification is missing, has too few OCOP stars, or expires before the last delivery day',
  },
  area: { vi: 'Tỉnh của nguồn hàng nằm ngoài khu vực thu mua của bên mua', en: "The listing's province is outside the buyer's sourcing area" },
});

/** Bilingual sentences for the hard filters a pair failed (for debugging and admin views), in the given order. */
export function explainRejection(failed: readonly HardFilterCode[]): Reasons {
  return { vi: failed.map((c) => REJECTIONS[c].vi), en: failed.map((c) => REJECTIONS[c].en) };
}

// ---------------------------------------------------------------------------------------------
// Match id

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

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
  let out = 'M';
  let buffer = 0;
  let bits = 0;
  for (const byte of digest) {
    buffer = ((buffer << 8) | byte) & 0xfff; // at most 4 leftover + 8 new bits matter
    bits += 8;
    while (bits >= 5 && out.length < 26) {
      bits -= 5;
      out += CROCKFORD[(buffer >>> bits) & 31];
    }
    if (out.length === 26) break;
  }
  return out;
}
