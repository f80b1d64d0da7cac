/** Reference data for forms and labels: the 34 provinces (with former names) and the product catalogue, from domain/. */
import { PROVINCES, resolveProvince } from '#domain/reference/provinces.ts';
import { CATEGORIES, PRODUCTS } from '#domain/reference/products.ts';
import { foldDiacritics } from '#domain/text.ts';
import { lang } from './i18n.ts';

export { PROVINCES, PRODUCTS, CATEGORIES };

export const provinceName = (code: string) => {
  const p = PROVINCES.find((x) => x.code === code);
  return p ? (lang.value === 'vi' ? p.name : p.nameEn) : code;
};
export const productName = (code: string | undefined) => {
  const p = PRODUCTS.find((x) => x.code === code) ?? CATEGORIES.find((x) => x.code === code);
  return p ? (lang.value === 'vi' ? p.name : p.nameEn) : (code ?? '—');
};
/** Provinces whose current or former names contain the typed text (diacritics optional). */
export function searchProvinces(text: string) {
  const q = foldDiacritics(text.trim()).toLowerCase();
  if (!q) return PROVINCES;
  return PROVINCES.filter((p) => [p.name, p.nameEn, ...p.formerUnits].some((n) => foldDiacritics(n).toLowerCase().includes(q)));
}
export const provinceCode = (text: string) => resolveProvince(text)?.code;
