/**
 * Protection from price slips: a price far outside the product's usual band is rejected with
 * what was probably meant, unless the caller confirms it (`priceConfirmed: true`).
 */
import { ValidationError, fieldIssue } from '#domain/errors.ts';
import { categoryPriceBand, priceBandOf, priceSlip } from '#domain/reference/price-bands.ts';
import { CATEGORIES, productByCode } from '#domain/reference/products.ts';
import { formatNumber, formatPrice } from '#domain/quantities.ts';

/** What a price is for: a product, or a whole category. */
export interface PricedThing {
  product?: string;
  category: string;
}

/**
 * Throws a ValidationError on `path` when `price` looks like a slip for the product (or the
 * category's widest band) and the caller has not confirmed it.
 */
export function assertPlausiblePrice(path: string, price: number | undefined, thing: PricedThing, confirmed: boolean | undefined): void {
  if (price === undefined || confirmed) return;
  const band = thing.product ? priceBandOf(thing.product) : categoryPriceBand(thing.category);
  if (!band) return;
  const slip = priceSlip(price, band);
  if (!slip) return;
  const product = thing.product ? productByCode(thing.product) : undefined;
  const category = CATEGORIES.find((c) => c.code === thing.category);
  const bandText = (lang: 'vi' | 'en') => `${formatNumber(band.low, lang)}–${formatPrice(band.high, lang)}`;
  const hint = (lang: 'vi' | 'en') =>
    slip.suggestion === undefined ? '.' : lang === 'vi' ? `; có phải ${formatNumber(slip.suggestion, 'vi')}?` : `; did you mean ${formatNumber(slip.suggestion, 'en')}?`;
  throw new ValidationError([
    fieldIssue(path, slip.kind === 'low' ? 'price-implausible-low' : 'price-implausible-high', {
      priceVi: formatPrice(price, 'vi'),
      priceEn: formatPrice(price, 'en'),
      bandVi: bandText('vi'),
      bandEn: bandText('en'),
      productVi: product?.name ?? category?.name ?? thing.category,
      productEn: (product?.nameEn ?? category?.nameEn ?? thing.category).toLowerCase(),
      hintVi: hint('vi'),
      hintEn: hint('en'),
      ...(slip.suggestion !== undefined ? { suggestion: slip.suggestion } : {}),
    }),
  ]);
}
