/** How people in Vietnam write numbers and dates, both ways: 25.000 ₫, 1,5 tấn, dd/mm/yyyy. */
import { lang } from './i18n.ts';

/** "25.000" or "25 000" or "25000" → 25000; "1,5" → 1.5; undefined when it is not a number. */
export function parseVnNumber(text: string): number | undefined {
  const s = text.trim().replace(/[\s ₫đ]/gi, '');
  if (!s) return undefined;
  // Dots group thousands (25.000), a comma is the decimal mark (1,5). A lone dot followed by
  // one or two digits is read as a decimal point too (1.5), as people type that on phones.
  let normalised: string;
  if (/^\d{1,3}(\.\d{3})+(,\d+)?$/.test(s)) normalised = s.replace(/\./g, '').replace(',', '.');
  else if (/^\d+(,\d+)?$/.test(s)) normalised = s.replace(',', '.');
  else if (/^\d+\.\d{1,2}$/.test(s)) normalised = s;
  else return undefined;
  const n = Number(normalised);
  return Number.isFinite(n) ? n : undefined;
}

/** 25000 → "25.000" (vi) or "25,000" (en). */
export const formatNumber = (n: number, maxFraction = 1) =>
  new Intl.NumberFormat(lang.value === 'vi' ? 'vi-VN' : 'en-GB', { maximumFractionDigits: maxFraction }).format(n);

export const formatVnd = (n: number | undefined) => (n === undefined ? '—' : `${formatNumber(n, 0)} ₫/kg`);

/** Kilograms as tấn when ≥ 1 tonne. */
export function formatKg(kg: number): string {
  return kg >= 1000 ? `${formatNumber(kg / 1000, 2)} ${lang.value === 'vi' ? 'tấn' : 't'}` : `${formatNumber(kg, 0)} kg`;
}

/** "2027-06-08" → "08/06/2027". */
export function formatDate(iso: string | undefined): string {
  if (!iso) return '—';
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** "08/06/2027" (or 8/6/2027) → "2027-06-08"; the text itself when it is not such a date, so the schema reports it. */
export function parseVnDate(text: string): string {
  const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$/.exec(text);
  if (!m) return text.trim();
  return `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
}

/** Quantity in the chosen unit → kg. */
export const toKg = (value: number | undefined, unit: 'kg' | 't') => (value === undefined ? undefined : unit === 't' ? Math.round(value * 1000 * 1000) / 1000 : value);
