/**
 * Fair suggestions: published fairs with open registration and free booths whose featured
 * products or categories fit a seller's active listings and that are within reach.
 */
import * as z from 'zod/mini';
import { assertOwner, type Caller } from '#domain/access.ts';
import type { Deps } from '#domain/ports.ts';
import type { Fair } from '#domain/fairs.ts';
import { fairView, FairOut } from '#domain/fairs.ts';
import { getSeller } from '#domain/sellers.ts';
import { todayInVietnam } from '#domain/versioning.ts';
import { distanceKm, provinceByCode, provincesWithin, type ProvinceCode } from '#domain/reference/provinces.ts';
import { productByCode } from '#domain/reference/products.ts';

/** How far a cooperative will travel to a fair (km between province centres). */
export const FAIR_REACH_KM = 400;

export const FairSuggestionOut = z.object({
  fair: FairOut,
  distanceKm: z.number(),
  products: z.array(z.string()),
  reasons: z.object({ vi: z.array(z.string()), en: z.array(z.string()) }),
});
export type FairSuggestion = z.infer<typeof FairSuggestionOut>;

/** Whether registration is open and a booth is free on `today`. */
export const fairIsBookable = (f: Fair, today: string) => f.status === 'published' && f.registrationClosesOn >= today && f.bookedCount < f.boothCount;

/** The seller's products a fair features, by product or by category. */
export function fittingProducts(fair: Pick<Fair, 'products' | 'categories'>, listings: { product: string; category: string }[]): string[] {
  return [...new Set(listings.filter((l) => fair.products.includes(l.product) || fair.categories.includes(l.category)).map((l) => l.product))];
}

/** Scores and explains one suggestion, or returns undefined when the fair does not fit. */
export function suggestion(fair: Fair, sellerProvince: string, listings: { product: string; category: string }[], today: string): FairSuggestion | undefined {
  if (!fairIsBookable(fair, today)) return undefined;
  const km = distanceKm(sellerProvince as ProvinceCode, fair.province as ProvinceCode);
  if (km > FAIR_REACH_KM) return undefined;
  const products = fittingProducts(fair, listings);
  if (products.length === 0) return undefined;
  const place = provinceByCode(fair.province);
  const names = (lang: 'vi' | 'en') => products.map((p) => (lang === 'vi' ? productByCode(p)?.name : productByCode(p)?.nameEn) ?? p).join(', ');
  const free = fair.boothCount - fair.bookedCount;
  return {
    fair: fairView(fair),
    distanceKm: km,
    products,
    reasons: {
      vi: [`Hội chợ có ${names('vi')} bạn đang chào bán`, `Tại ${place?.name}, cách ${Math.round(km)} km`, `Còn ${free} gian hàng, hạn đăng ký ${fair.registrationClosesOn}`],
      en: [`Features ${names('en')}, which you are offering`, `In ${place?.nameEn}, ${Math.round(km)} km away`, `${free} booths left; registration closes ${fair.registrationClosesOn}`],
    },
  };
}

/** Fairs to suggest to a seller the caller owns (admins may look too), best fitting and nearest first. */
export async function suggestFairs(deps: Deps, caller: Caller, sellerId: string): Promise<FairSuggestion[]> {
  const seller = await getSeller(deps, sellerId);
  assertOwner(caller, seller.ownerId, 'seller', { id: sellerId, adminMay: true });
  const today = todayInVietnam(deps.clock.now());
  const [listings, fairs] = await Promise.all([
    deps.listings.search({ sellerId, status: 'active' }, { limit: 100 }),
    deps.fairs.search({ from: today }, { limit: 100 }),
  ]);
  return fairs.items
    .map((f) => suggestion(f, seller.province, listings.items, today))
    .filter((s): s is FairSuggestion => s !== undefined)
    .sort((a, b) => b.products.length - a.products.length || a.distanceKm - b.distanceKm);
}

/**
 * When a fair is published, records it as a suggestion for every seller with an active listing
 * that fits, found through the supply index (featured products and categories, provinces
 * within reach), never by scanning sellers.
 */
export async function recordFairSuggestions(deps: Deps, fair: Fair): Promise<number> {
  const today = todayInVietnam(deps.clock.now());
  if (!fairIsBookable(fair, today)) return 0;
  const provinces = provincesWithin(fair.province, FAIR_REACH_KM);
  const keys = [...fair.products, ...fair.categories.map((c) => `cat:${c}`)];
  const supply = await deps.matchIndex.supplyIn(keys, provinces, today);
  const bySeller = new Map<string, { product: string; category: string; province: string; ownerId: string }[]>();
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
    await deps.notifications.add({
      sub: ownerId,
      type: 'fair-suggested',
      title: { vi: `Hội chợ phù hợp: ${fair.name}`, en: `A fair for you: ${fair.name}` },
      body: { vi: forWhom.vi + first.reasons.vi.join('. ') + '.', en: forWhom.en + first.reasons.en.join('. ') + '.' },
      link: `/v1/fairs/${fair.id}`,
      profiles: sellers.map((x) => ({ kind: 'seller' as const, id: x.id, name: x.name })),
      // Per fair and owner: publishing is once, and a repeat of this run finds the same key.
      dedupeKey: `fair-suggested:${fair.id}:${ownerId}`,
    });
  }
  return recorded;
}
