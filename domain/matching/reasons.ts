/**
 * Why a listing matches a demand, or does not, in Vietnamese and English: one short sentence per
 * score factor ({@link scorePair}). Near misses (domain/near-misses.ts) word their one failed filter
 * themselves, with the gap.
 * The rules themselves (filters, factors, weights) are in rules.ts; other user-facing texts in
 * domain/messages.ts.
 *
 * Pure functions, hand-rolled number and date formats (no Intl), so the texts do not depend on
 * the runtime's ICU data.
 */
import type { Lang } from '#domain/messages.ts';
import { formatNumber, formatPrice } from '#domain/quantities.ts';
import { provinceByCode } from '#domain/reference/provinces.ts';
import { CATEGORIES, productByCode } from '#domain/reference/products.ts';
import {
  daysInclusive,
  holds,
  pairValue,
  validOn,
  type CertificationRequirement,
  type DemandSide,
  type FactorName,
  type HeldCertification,
  type Overlap,
  type PairValue,
  type SupplySide,
} from '#domain/matching/rules.ts';

/** Bilingual, parallel reason lists: `vi[i]` and `en[i]` say the same thing. */
export interface Reasons {
  readonly vi: string[];
  readonly en: string[];
}

/** The score of a listing–demand pair with the figures behind it and the reasons. */
export interface PairScore extends PairValue {
  /** One short sentence per factor, in `FACTOR_NAMES` order. */
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

// ---------------------------------------------------------------------------------------------
// Reasons: formatting

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
    return { vi: `Giá ${formatPrice(ask, 'vi')} (chưa đặt giá tối đa)`, en: `Price ${formatPrice(ask, 'en')} (no maximum set)` };
  }
  if (ask === max) {
    return { vi: `Giá ${formatPrice(ask, 'vi')} bằng giá tối đa`, en: `Price ${formatPrice(ask, 'en')} equals your maximum` };
  }
  const p = percent(Math.abs(max - ask) / max);
  return ask < max
    ? { vi: `Giá ${formatPrice(ask, 'vi')} thấp hơn ${p}% so với giá tối đa ${formatPrice(max, 'vi')}`, en: `Price ${formatPrice(ask, 'en')} is ${p}% under your maximum of ${formatPrice(max, 'en')}` }
    : { vi: `Giá ${formatPrice(ask, 'vi')} cao hơn ${p}% so với giá tối đa ${formatPrice(max, 'vi')}`, en: `Price ${formatPrice(ask, 'en')} is ${p}% over your maximum of ${formatPrice(max, 'en')}` };
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
