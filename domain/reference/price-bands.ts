/**
 * Typical wholesale price bands (VND per kg) of the catalogue's products, used only to catch
 * typing slips: "25.000" sent as the JSON number 25, or a price typed in đồng per tấn.
 *
 * Source, honestly: approximate ranges of farm-gate and wholesale-market prices in Vietnam in
 * 2023–2025 as reported in public market bulletins and the trade press (price columns of
 * agricultural news sites, provincial Department of Industry and Trade price reports),
 * assembled from general knowledge and rounded; not one cited table, and not from the seed
 * articles, which quote no prices. They are deliberately loose: a price is only questioned
 * outside [low / 20, high × 20], so a slip by a factor of 1,000 is caught while any real
 * price, even in a bad season or for a premium grade, passes. Re-check before using them for
 * anything but that.
 */
import { PRODUCTS, productsInCategory, type CategoryCode } from '#domain/reference/products.ts';

/** A product's usual wholesale price range, VND/kg. */
export interface PriceBand {
  readonly low: number;
  readonly high: number;
}

/** How far outside the band a price may be before it must be confirmed. */
export const PRICE_SLIP_FACTOR = 20;

const BANDS: Readonly<Record<string, readonly [number, number]>> = {
  // fruit
  'vai-thieu': [15_000, 40_000],
  'nhan-long': [15_000, 45_000],
  'man-hau': [10_000, 35_000],
  xoai: [10_000, 40_000],
  'sau-rieng': [40_000, 150_000],
  'thanh-long': [5_000, 30_000],
  cam: [10_000, 35_000],
  buoi: [10_000, 40_000],
  quyt: [15_000, 50_000],
  chanh: [5_000, 25_000],
  'chanh-leo': [8_000, 35_000],
  'chom-chom': [8_000, 35_000],
  'mang-cut': [20_000, 70_000],
  'vu-sua': [20_000, 60_000],
  mit: [8_000, 35_000],
  chuoi: [5_000, 20_000],
  bo: [15_000, 60_000],
  'dua-pineapple': [5_000, 20_000],
  'dua-coconut': [5_000, 20_000],
  'dua-hau': [4_000, 15_000],
  'dua-luoi': [15_000, 50_000],
  'dau-tay': [60_000, 250_000],
  nho: [25_000, 120_000],
  // vegetables
  'rau-cai': [5_000, 25_000],
  'rau-muong': [5_000, 20_000],
  'bap-cai': [3_000, 15_000],
  'su-su': [3_000, 15_000],
  'ca-chua': [6_000, 25_000],
  'dua-chuot': [5_000, 20_000],
  'ca-rot': [5_000, 20_000],
  'bi-do': [5_000, 20_000],
  'khoai-lang': [6_000, 25_000],
  'khoai-tay': [8_000, 25_000],
  'hanh-tim': [15_000, 60_000],
  'toi-ly-son': [40_000, 150_000],
  'mang-tre': [8_000, 35_000],
  // rice and grains
  gao: [10_000, 30_000],
  'gao-nep': [15_000, 40_000],
  ngo: [5_000, 12_000],
  // coffee, tea, cocoa
  'ca-phe': [40_000, 140_000],
  che: [5_000, 250_000],
  'che-shan-tuyet': [100_000, 1_500_000],
  'ca-cao': [40_000, 250_000],
  // spices and herbs
  'ho-tieu': [60_000, 180_000],
  que: [25_000, 80_000],
  'hoa-hoi': [60_000, 200_000],
  'thao-qua': [100_000, 350_000],
  gung: [10_000, 50_000],
  nghe: [8_000, 40_000],
  ot: [10_000, 80_000],
  // medicinal
  'sam-ngoc-linh': [30_000_000, 150_000_000],
  'dinh-lang': [30_000, 200_000],
  'ba-kich': [80_000, 400_000],
  'giao-co-lam': [50_000, 300_000],
  atiso: [20_000, 120_000],
  'nam-linh-chi': [200_000, 1_500_000],
  // seafood
  tom: [100_000, 350_000],
  'ca-tra': [20_000, 35_000],
  'ca-basa': [20_000, 45_000],
  'ca-ngu': [60_000, 250_000],
  muc: [80_000, 300_000],
  'cua-bien': [200_000, 700_000],
  ngheu: [15_000, 50_000],
  // livestock and poultry
  'thit-lon': [50_000, 150_000],
  'thit-bo': [150_000, 350_000],
  ga: [40_000, 120_000],
  'ga-dong-tao': [200_000, 800_000],
  vit: [35_000, 90_000],
  'trung-ga': [25_000, 60_000],
  // processed and OCOP
  'mat-ong': [100_000, 500_000],
  'nuoc-mam': [30_000, 200_000],
  'mien-dong': [40_000, 120_000],
  'keo-dua': [50_000, 150_000],
  'chuoi-say': [60_000, 250_000],
  'nem-chua': [100_000, 300_000],
  'banh-pia': [80_000, 250_000],
  'tom-kho': [500_000, 1_800_000],
  'muc-kho': [500_000, 2_000_000],
  // nuts
  'hat-dieu': [25_000, 300_000],
  'hat-de': [50_000, 200_000],
  'mac-ca': [60_000, 400_000],
  lac: [25_000, 70_000],
  'hat-sen': [80_000, 350_000],
  'oc-cho': [100_000, 500_000],
};

/** The typical band of a product, or undefined for a code without one. */
export function priceBandOf(product: string): PriceBand | undefined {
  const band = BANDS[product];
  return band && { low: band[0], high: band[1] };
}

/** A category's band: from its cheapest product's low to its dearest product's high. */
export function categoryPriceBand(category: CategoryCode | string): PriceBand | undefined {
  const bands = productsInCategory(category as CategoryCode)
    .map((p) => priceBandOf(p.code))
    .filter((b): b is PriceBand => b !== undefined);
  if (bands.length === 0) return undefined;
  return { low: Math.min(...bands.map((b) => b.low)), high: Math.max(...bands.map((b) => b.high)) };
}

/** Products of the catalogue with no band (a test keeps this empty). */
export const productsWithoutBand = () => PRODUCTS.filter((p) => !BANDS[p.code]).map((p) => p.code);

export type PriceSlip = { kind: 'low' | 'high'; band: PriceBand; suggestion?: number };

/**
 * Whether a price looks like a slip against a band: below low / 20 or above high × 20. The
 * suggestion is the price × or ÷ 1,000 when that lands inside the band widened by the same
 * factor (the usual slip: thousands separator read as a decimal point, or đồng per tấn).
 */
export function priceSlip(price: number, band: PriceBand): PriceSlip | undefined {
  const min = band.low / PRICE_SLIP_FACTOR;
  const max = band.high * PRICE_SLIP_FACTOR;
  if (price >= min && price <= max) return undefined;
  const kind = price < min ? 'low' : 'high';
  const guess = kind === 'low' ? price * 1000 : price / 1000;
  const plausible = Number.isInteger(guess) && guess >= min && guess <= max;
  return { kind, band, ...(plausible ? { suggestion: guess } : {}) };
}
