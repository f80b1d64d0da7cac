/**
 * Fair suggestions: published fairs with open registration and free booths whose featured
 * products or categories fit a seller's active listings, for sellers within the fair's reach
 * (national, regions or provinces, set by the organiser; see domain/fair-reach.ts) and, when
 * the fair asks for it, holding OCOP with enough stars. Ranked by fit; distance only breaks ties:
 * trade-promotion fairs exist to bring producers from distant provinces.
 */
import * as z from 'zod/mini';
import { assertOwner, type Caller } from '#domain/access.ts';
import type { Deps } from '#domain/ports.ts';
import { fairView, FairOut, type Fair } from '#domain/fair-views.ts';
import { describeReach, effectiveReach, reachProvinces, withinReach } from '#domain/fair-reach.ts';
import { getSeller } from '#domain/lookups.ts';
import { todayInVietnam } from '#domain/versioning.ts';
import { KIND_NAMES_VI } from '#domain/kinds.ts';
import { formatDate } from '#domain/quantities.ts';
import { distanceKm, provinceByCode, type ProvinceCode } from '#domain/reference/provinces.ts';
import { productByCode } from '#domain/reference/products.ts';
import type { HeldCertification } from '#domain/matching/rules.ts';

export const FairSuggestionOut = z.object({
  fair: FairOut,
  distanceKm: z.number(),
  products: z.array(z.string()),
  /** Fit: 2 per featured product the seller offers, 1 per product of a featured category. */
  fit: z.optional(z.number().register(z.globalRegistry, { description: 'How well the fair fits: 2 per featured product the seller offers, 1 per product that only fits a featured category. Suggestions are ranked by fit, then distance', examples: [3] })),
  reasons: z.object({ vi: z.array(z.string()), en: z.array(z.string()) }),
});
export type FairSuggestion = z.infer<typeof FairSuggestionOut>;

/** Whether registration is open and a booth is free on `today`. */
export const fairIsBookable = (f: Fair, today: string) => f.status === 'published' && f.registrationClosesOn >= today && f.bookedCount < f.boothCount;

type SellerListing = { product: string; category: string; certifications?: readonly HeldCertification[] };

/** The seller's products a fair features, by product or by category. */
export function fittingProducts(fair: Pick<Fair, 'products' | 'categories'>, listings: { product: string; category: string }[]): string[] {
  return [...new Set(listings.filter((l) => fair.products.includes(l.product) || fair.categories.includes(l.category)).map((l) => l.product))];
}

/** Whether a seller meets the fair's OCOP requirement, if any, with a certificate valid when the fair opens. */
function meetsOcop(fair: Fair, listings: SellerListing[], sellerCertifications: readonly HeldCertification[] = []): boolean {
  const min = effectiveReach(fair).minOcopStars;
  if (min === undefined) return true;
  const held = [...sellerCertifications, ...listings.flatMap((l) => l.certifications ?? [])];
  return held.some((c) => c.type === 'OCOP' && (c.stars ?? 0) >= min && c.validUntil >= fair.startsOn);
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/** Scores and explains one suggestion, or returns undefined when the fair does not fit. */
export function suggestion(fair: Fair, sellerProvince: string, listings: SellerListing[], today: string, sellerCertifications?: readonly HeldCertification[]): FairSuggestion | undefined {
  if (!fairIsBookable(fair, today)) return undefined;
  const reach = effectiveReach(fair);
  if (!withinReach(reach, sellerProvince)) return undefined;
  if (!meetsOcop(fair, listings, sellerCertifications)) return undefined;
  const products = fittingProducts(fair, listings);
  if (products.length === 0) return undefined;
  const km = distanceKm(sellerProvince as ProvinceCode, fair.province as ProvinceCode);
  const fit = products.reduce((sum, p) => sum + (fair.products.includes(p) ? 2 : 1), 0);
  const place = provinceByCode(fair.province);
  const names = (lang: 'vi' | 'en') => products.map((p) => (lang === 'vi' ? productByCode(p)?.name : productByCode(p)?.nameEn) ?? p).join(', ');
  const free = fair.boothCount - fair.bookedCount;
  const kindVi = capital(KIND_NAMES_VI[fair.kind] ?? 'hội chợ');
  const kindEn = fair.kind === 'conference' ? 'The conference' : fair.kind === 'market_day' ? 'The market day' : fair.kind === 'exhibition' ? 'The exhibition' : 'The fair';
  const stars = reach.minOcopStars;
  return {
    fair: fairView(fair),
    distanceKm: km,
    products,
    fit,
    reasons: {
      vi: [
        `${kindVi} có ${names('vi')} bạn đang chào bán`,
        `Dành cho nhà sản xuất ${describeReach(reach, 'vi')}` + (stars ? `, sản phẩm OCOP từ ${stars} sao` : ''),
        `Tại ${place?.name}, cách ${Math.round(km)} km`,
        `Còn ${free} gian hàng, hạn đăng ký ${formatDate(fair.registrationClosesOn, 'vi')}`,
      ],
      en: [
        `${kindEn} features ${names('en')}, which you are offering`,
        `Open to producers from ${describeReach(reach, 'en')}` + (stars ? `, OCOP ${stars} stars or more` : ''),
        `In ${place?.nameEn}, ${Math.round(km)} km away`,
        `${free} booths left; registration closes ${formatDate(fair.registrationClosesOn, 'en')}`,
      ],
    },
  };
}

/** Best fit first; nearer first among equal fits; then the sooner fair. */
const byFit = (a: FairSuggestion, b: FairSuggestion) => (b.fit ?? 0) - (a.fit ?? 0) || a.distanceKm - b.distanceKm || a.fair.startsOn.localeCompare(b.fair.startsOn);

/** Fairs to suggest to a seller the caller owns (admins may look too), best fitting first. */
export async function suggestFairs(deps: Deps, caller: Caller, sellerId: string): Promise<FairSuggestion[]> {
  const seller = await getSeller(deps, sellerId);
  assertOwner(caller, seller.ownerId, 'seller', { id: sellerId, adminMay: true });
  const today = todayInVietnam(deps.clock.now());
  const [listings, fairs] = await Promise.all([
    deps.listings.search({ sellerId, status: 'active' }, { limit: 100 }),
    deps.fairs.search({ from: today }, { limit: 100 }),
  ]);
  return fairs.items
    .map((f) => suggestion(f, seller.province, listings.items, today, seller.certifications))
    .filter((s): s is FairSuggestion => s !== undefined)
    .sort(byFit);
}

/**
 * When a fair is published, records it as a suggestion for every seller with an active listing
 * that fits, found through the supply index (featured products and categories, in the
 * provinces of the fair's reach — the `ANY` partitions for a national fair), never by
 * scanning sellers.
 */
export async function recordFairSuggestions(deps: Deps, fair: Fair): Promise<number> {
  const today = todayInVietnam(deps.clock.now());
  if (!fairIsBookable(fair, today)) return 0;
  const area = reachProvinces(effectiveReach(fair));
  const provinces = area === 'all' ? ['ANY'] : area;
  const keys = [...fair.products, ...fair.categories.map((c) => `cat:${c}`)];
  const supply = await deps.matchIndex.supplyIn(keys, provinces, today);
  const bySeller = new Map<string, (SellerListing & { province: string; ownerId: string })[]>();
  for (const s of supply) bySeller.set(s.sellerId, [...(bySeller.get(s.sellerId) ?? []), s]);
  let recorded = 0;
  // One notice per cooperative, naming every seller of its that the fair suits.
  const byOwner = new Map<string, { sellerId: string; suggestion: FairSuggestion }[]>();
  for (const [sellerId, listings] of bySeller) {
    const s = suggestion(fair, listings[0].province, listings, today);
    if (!s) continue;
    // Already recorded (a re-run of this batch) still belongs in the owner's one notice, which its key keeps single.
    if (await deps.fairSuggestions.record({ sellerId, ownerId: listings[0].ownerId, ...s }, deps.clock.now().toISOString())) recorded++;
    byOwner.set(listings[0].ownerId, [...(byOwner.get(listings[0].ownerId) ?? []), { sellerId, suggestion: s }]);
  }
  for (const [ownerId, suggested] of byOwner) {
    const sellers = (await Promise.all(suggested.map((x) => deps.sellers.get(x.sellerId)))).filter((x) => x !== undefined);
    const names = sellers.map((x) => x.name).join(', ');
    const first = suggested[0].suggestion;
    const forWhom = { vi: sellers.length ? `Cho ${names}: ` : '', en: sellers.length ? `For ${names}: ` : '' };
    const kindVi = capital(KIND_NAMES_VI[fair.kind] ?? 'hội chợ');
    await deps.notifications.add({
      sub: ownerId,
      type: 'fair-suggested',
      title: { vi: `${kindVi} phù hợp: ${fair.name}`, en: `A ${fair.kind === 'conference' ? 'conference' : 'fair'} for you: ${fair.name}` },
      body: { vi: forWhom.vi + first.reasons.vi.join('. ') + '.', en: forWhom.en + first.reasons.en.join('. ') + '.' },
      link: `/v1/fairs/${fair.id}`,
      profiles: sellers.map((x) => ({ kind: 'seller' as const, id: x.id, name: x.name })),
      // Per fair and owner: publishing is once, and a repeat of this run finds the same key.
      dedupeKey: `fair-suggested:${fair.id}:${ownerId}`,
    });
  }
  return recorded;
}
