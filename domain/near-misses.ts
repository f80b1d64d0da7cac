/**
 * Why nothing matched: the best few counterparts that fail exactly one hard filter, with that
 * filter and by how much, in Vietnamese and English ("Giá chào 25.000 ₫/kg cao hơn mức tối đa
 * 24.000 ₫/kg của bạn 4%"; "chưa có VietGAP"; "ngoài vùng thu mua, cách 180 km").
 *
 * Candidates come from the matching index by Query (never a Scan), widened where a miss can
 * hide: supply of the same product (or category) in every province (the `ANY` partitions),
 * demand sourcing from provinces near the listing, and windows up to {@link WINDOW_SLACK_DAYS}
 * apart. A different product never explains a miss: only the same product, or a product of a
 * demanded category, is read.
 */
import * as z from 'zod/mini';
import { assertOwner, type Caller } from '#domain/access.ts';
import type { Deps } from '#domain/ports.ts';
import { getDemand, getListing } from '#domain/lookups.ts';
import {
  HARD_FILTER_CODES,
  HARD_FILTERS,
  overlapOf,
  type DemandSide,
  type HardFilterCode,
  type SupplySide,
} from '#domain/matching/rules.ts';
import { scorePair } from '#domain/matching/reasons.ts';
import { formatDate, formatPrice, formatVolume, type Lang } from '#domain/quantities.ts';
import { distanceKm, provinceByCode, provincesWithin, type ProvinceCode } from '#domain/reference/provinces.ts';

/** How far apart windows may be and still count as a near miss. */
export const WINDOW_SLACK_DAYS = 60;
/** Demand sourcing from provinces this close to a listing's can be an area near miss. */
export const AREA_SLACK_KM = 300;
const DAY_MS = 86_400_000;

export const NEAR_MISS_FILTERS = ['window', 'quantity', 'price', 'certifications', 'area'] as const;
type MissFilter = (typeof NEAR_MISS_FILTERS)[number];

export const NearMissParams = z.strictObject({
  limit: z.optional(z.pipe(z.string().check(z.regex(/^\d{1,2}$/, 'page-limit')), z.transform(Number)).check(z.refine((n) => n >= 1 && n <= 20, 'page-limit'))),
});

export const NearMissOut = z.object({
  /** The listing (for a demand) or the demand (for a listing) that nearly matched. */
  counterpart: z.object({
    kind: z.enum(['listing', 'demand']),
    id: z.string(),
    /** The seller (listing) or buyer (demand) behind it. */
    partyId: z.string(),
    product: z.optional(z.string()),
    category: z.string(),
    province: z.string().register(z.globalRegistry, { description: "The listing's province, or the demand's delivery province", examples: ['bac-ninh'] }),
    remainingKg: z.number(),
    priceVndPerKg: z.optional(z.number().register(z.globalRegistry, { description: "The listing's asking price, or the demand's ceiling", examples: [25_000] })),
    from: z.string(),
    to: z.string(),
  }),
  filter: z.enum(NEAR_MISS_FILTERS).register(z.globalRegistry, { description: 'The one hard filter the pair fails', examples: ['price'] }),
  gap: z
    .object({ amount: z.number(), unit: z.enum(['percent', 'km', 'days', 'kg', 'certificate']) })
    .register(z.globalRegistry, { description: 'By how much: % over the ceiling, km beyond the area, days between the windows, kg short; `certificate` counts the missing certificates', examples: [{ amount: 4, unit: 'percent' }] }),
  reason: z.object({ vi: z.string(), en: z.string() }).register(z.globalRegistry, {
    description: 'What stands in the way, from the caller’s side',
    examples: [{ vi: 'Giá chào 25.000 ₫/kg cao hơn mức tối đa 24.000 ₫/kg của bạn 4%', en: 'The asking price of 25,000 ₫/kg is 4% over your maximum of 24,000 ₫/kg' }],
  }),
  /** What the pair would score if the filter were met. */
  score: z.number(),
});
export type NearMiss = z.infer<typeof NearMissOut>;

type Side = 'buyer' | 'seller';
type Text = { vi: string; en: string };
interface Miss {
  filter: MissFilter;
  gap: NearMiss['gap'];
  reason: Text;
  /** Smaller is nearer; makes misses of different filters comparable. */
  severity: number;
}

const shiftDays = (iso: string, days: number) => new Date(Date.parse(iso) + days * DAY_MS).toISOString().slice(0, 10);
const daysBetween = (a: string, b: string) => Math.round((Date.parse(b) - Date.parse(a)) / DAY_MS);
const place = (code: string, lang: Lang) => (lang === 'vi' ? provinceByCode(code)?.name : provinceByCode(code)?.nameEn) ?? code;
const certName = (type: string, lang: Lang) => (type === 'organic' && lang === 'vi' ? 'hữu cơ' : type);

function percentOver(ask: number, max: number): number {
  const p = Math.round(((ask - max) / max) * 100);
  return Math.max(1, p);
}

/** Explains the one failing filter, from `side`'s point of view. */
function explain(filter: MissFilter, s: SupplySide, d: DemandSide, side: Side): Miss {
  switch (filter) {
    case 'price': {
      const ask = s.priceVndPerKg!;
      const max = d.maxPriceVndPerKg!;
      const p = percentOver(ask, max);
      const f = (lang: Lang) => [formatPrice(ask, lang), formatPrice(max, lang)];
      const [askVi, maxVi] = f('vi');
      const [askEn, maxEn] = f('en');
      return {
        filter,
        gap: { amount: p, unit: 'percent' },
        severity: p / 100,
        reason:
          side === 'buyer'
            ? { vi: `Giá chào ${askVi} cao hơn mức tối đa ${maxVi} của bạn ${p}%`, en: `The asking price of ${askEn} is ${p}% over your maximum of ${maxEn}` }
            : { vi: `Giá chào ${askVi} của bạn cao hơn mức tối đa ${maxVi} của bên mua ${p}%`, en: `Your asking price of ${askEn} is ${p}% over the buyer's maximum of ${maxEn}` },
      };
    }
    case 'area': {
      const km = Math.round(distanceKm(s.province as ProvinceCode, d.deliveryProvince as ProvinceCode));
      const beyond = d.maxDistanceKm !== undefined ? Math.max(1, km - d.maxDistanceKm) : km;
      const from = { vi: place(s.province, 'vi'), en: place(s.province, 'en') };
      const to = { vi: place(d.deliveryProvince, 'vi'), en: place(d.deliveryProvince, 'en') };
      const limit = d.maxDistanceKm !== undefined ? { vi: ` (giới hạn ${d.maxDistanceKm} km)`, en: ` (limit ${d.maxDistanceKm} km)` } : { vi: '', en: '' };
      return {
        filter,
        gap: { amount: beyond, unit: 'km' },
        severity: beyond / (d.maxDistanceKm ?? 300),
        reason:
          side === 'buyer'
            ? { vi: `Ngoài vùng thu mua của bạn: từ ${from.vi}, cách ${to.vi} ${km} km${limit.vi}`, en: `Outside your sourcing area: from ${from.en}, ${km} km from ${to.en}${limit.en}` }
            : { vi: `Ngoài vùng thu mua của bên mua: giao tại ${to.vi}, cách ${from.vi} ${km} km${limit.vi}`, en: `Outside the buyer's sourcing area: delivery to ${to.en}, ${km} km from ${from.en}${limit.en}` },
      };
    }
    case 'window': {
      const early = s.availableTo < d.neededFrom;
      const days = early ? daysBetween(s.availableTo, d.neededFrom) : daysBetween(d.neededTo, s.availableFrom);
      const [a, b] = early ? [s.availableTo, d.neededFrom] : [s.availableFrom, d.neededTo];
      const t = (lang: Lang) => [formatDate(a, lang), formatDate(b, lang)];
      const [aVi, bVi] = t('vi');
      const [aEn, bEn] = t('en');
      return {
        filter,
        gap: { amount: days, unit: 'days' },
        severity: days / 30,
        reason: early
          ? { vi: `Có hàng đến ${aVi}, trước ngày cần hàng ${bVi} ${days} ngày`, en: `Available until ${aEn}, ${days} days before the goods are needed from ${bEn}` }
          : { vi: `Có hàng từ ${aVi}, sau hạn cần hàng ${bVi} ${days} ngày`, en: `Available from ${aEn}, ${days} days after the goods are needed by ${bEn}` },
      };
    }
    case 'quantity': {
      const buyerLot = Math.min(d.minQuantityKg, d.remainingKg);
      if (s.remainingKg < buyerLot) {
        const short = buyerLot - s.remainingKg;
        return {
          filter,
          gap: { amount: short, unit: 'kg' },
          severity: short / buyerLot,
          reason: {
            vi: `Bên bán còn ${formatVolume(s.remainingKg, 'vi')}, dưới lô tối thiểu ${formatVolume(buyerLot, 'vi')} của bên mua`,
            en: `The seller has ${formatVolume(s.remainingKg, 'en')} left, under the buyer's minimum lot of ${formatVolume(buyerLot, 'en')}`,
          },
        };
      }
      const sellerMin = Math.min(s.minOrderKg, s.remainingKg);
      const short = sellerMin - d.remainingKg;
      return {
        filter,
        gap: { amount: short, unit: 'kg' },
        severity: short / sellerMin,
        reason: {
          vi: `Bên mua cần ${formatVolume(d.remainingKg, 'vi')}, dưới đơn hàng tối thiểu ${formatVolume(sellerMin, 'vi')} của bên bán`,
          en: `The buyer needs ${formatVolume(d.remainingKg, 'en')}, under the seller's minimum order of ${formatVolume(sellerMin, 'en')}`,
        },
      };
    }
    case 'certifications': {
      const lastDay = overlapOf(s, d).to;
      const problems: Text[] = [];
      for (const r of d.requiredCertifications) {
        const same = s.certifications.filter((c) => c.type === r.type);
        const name = { vi: certName(r.type, 'vi'), en: certName(r.type, 'en') };
        if (same.length === 0) {
          problems.push({ vi: `chưa có ${name.vi}`, en: `no ${name.en}` });
          continue;
        }
        const starsOk = same.filter((c) => r.type !== 'OCOP' || r.minStars === undefined || (c.stars ?? 0) >= r.minStars);
        if (starsOk.length === 0) {
          const best = Math.max(...same.map((c) => c.stars ?? 0));
          problems.push({ vi: `OCOP ${best} sao, cần từ ${r.minStars} sao`, en: `OCOP ${best} stars, ${r.minStars} needed` });
          continue;
        }
        if (!starsOk.some((c) => c.validUntil >= lastDay)) {
          const until = starsOk.map((c) => c.validUntil).sort().at(-1)!;
          problems.push({
            vi: `${name.vi} hết hạn ${formatDate(until, 'vi')}, trước ngày giao cuối ${formatDate(lastDay, 'vi')}`,
            en: `${name.en} expires ${formatDate(until, 'en')}, before the last delivery day ${formatDate(lastDay, 'en')}`,
          });
        }
      }
      const lead = side === 'buyer' ? { vi: 'Bên bán ', en: 'The seller has ' } : { vi: 'Bạn ', en: 'You have ' };
      const joined = { vi: problems.map((p) => p.vi).join('; '), en: problems.map((p) => p.en).join('; ') };
      return {
        filter,
        gap: { amount: problems.length, unit: 'certificate' },
        severity: 0.5 * problems.length,
        reason: { vi: lead.vi + joined.vi, en: lead.en + joined.en },
      };
    }
  }
}

/** The one failing filter of a pair, or undefined when it matches or fails more than one (or the product). */
export function singleFailure(s: SupplySide, d: DemandSide): MissFilter | undefined {
  const failed: HardFilterCode[] = HARD_FILTER_CODES.filter((code) => !HARD_FILTERS[code](s, d).ok);
  if (failed.length !== 1 || failed[0] === 'product') return undefined;
  return failed[0] as MissFilter;
}

/** Near misses among candidate pairs, nearest first (then best score, then id), at most `limit`. */
export function nearMisses(pairs: { s: SupplySide & { sellerId: string }; d: DemandSide & { buyerId: string } }[], side: Side, limit: number): NearMiss[] {
  const out: (NearMiss & { severity: number })[] = [];
  for (const { s, d } of pairs) {
    const filter = singleFailure(s, d);
    if (!filter) continue;
    const miss = explain(filter, s, d, side);
    const counterpart =
      side === 'buyer'
        ? { kind: 'listing' as const, id: s.id, partyId: s.sellerId, product: s.product, category: s.category, province: s.province, remainingKg: s.remainingKg, priceVndPerKg: s.priceVndPerKg, from: s.availableFrom, to: s.availableTo }
        : { kind: 'demand' as const, id: d.id, partyId: d.buyerId, product: d.product, category: d.category, province: d.deliveryProvince, remainingKg: d.remainingKg, priceVndPerKg: d.maxPriceVndPerKg, from: d.neededFrom, to: d.neededTo };
    out.push({ counterpart, filter, gap: miss.gap, reason: miss.reason, score: scorePair(s, d).score, severity: miss.severity });
  }
  out.sort((a, b) => a.severity - b.severity || b.score - a.score || a.counterpart.id.localeCompare(b.counterpart.id));
  return out.slice(0, limit).map(({ severity: _s, ...miss }) => miss);
}

/** A demand's near misses: listings of its product (or category) anywhere, windows close by. */
export async function demandNearMisses(deps: Deps, caller: Caller, demandId: string, limit = 5): Promise<NearMiss[]> {
  const demand = await getDemand(deps, demandId);
  assertOwner(caller, demand.ownerId, 'demand', { id: demandId, adminMay: true });
  if (demand.status !== 'open') return [];
  const key = demand.product ?? `cat:${demand.category}`;
  const supply = await deps.matchIndex.supplyIn([key], ['ANY'], shiftDays(demand.neededFrom, -WINDOW_SLACK_DAYS));
  const near = supply.filter((s) => s.availableFrom <= shiftDays(demand.neededTo, WINDOW_SLACK_DAYS));
  return nearMisses(near.map((s) => ({ s, d: demand })), 'buyer', limit);
}

/** A listing's near misses: demand for its product or category sourcing from provinces near it, windows close by. */
export async function listingNearMisses(deps: Deps, caller: Caller, listingId: string, limit = 5): Promise<NearMiss[]> {
  const listing = await getListing(deps, listingId);
  assertOwner(caller, listing.ownerId, 'listing', { id: listingId, adminMay: true });
  if (listing.status !== 'active') return [];
  const provinces = [...provincesWithin(listing.province, AREA_SLACK_KM), 'ANY'];
  const demand = await deps.matchIndex.demandsIn(
    [listing.product, `cat:${listing.category}`],
    provinces,
    shiftDays(listing.availableFrom, -WINDOW_SLACK_DAYS),
    shiftDays(listing.availableTo, WINDOW_SLACK_DAYS),
  );
  // A demand indexed under a neighbouring province fails only on area, if at all: the filters decide.
  return nearMisses(demand.map((d) => ({ s: listing, d })), 'seller', limit);
}
