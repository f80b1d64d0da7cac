/**
 * Quantities and prices as people type and read them.
 *
 * Vietnamese traders count produce in tấn (1,000 kg), tạ (100 kg) and yến (10 kg) as often as
 * in kg, so quantity fields take either a number of kg or `{ "value": 15, "unit": "tấn" }`;
 * the API stores and answers kg. Human text (reasons, near misses, CSV) says tấn from 1,000 kg.
 */
import * as z from 'zod/mini';
import { customIssue, kg } from '#domain/schemas.ts';
import { foldDiacritics } from '#domain/text.ts';

/** Kg per unit, keyed by the unit folded (no diacritics, lower case). */
const KG_PER_UNIT: Readonly<Record<string, number>> = Object.freeze({
  kg: 1,
  kilogram: 1,
  yen: 10,
  ta: 100,
  tan: 1000,
  t: 1000,
  tonne: 1000,
  tonnes: 1000,
  ton: 1000,
});

/** The unit names accepted, as documented. */
export const QUANTITY_UNITS = ['kg', 'yến', 'tạ', 'tấn', 'tan', 't'] as const;

/** Kg in one `unit` ("tấn", "tan", "t", "tạ", "yến", "kg"), or undefined for an unknown unit. */
export function kgPerUnit(unit: string): number | undefined {
  return KG_PER_UNIT[foldDiacritics(unit).replace(/\.$/, '')];
}

/** Kg from a value in a unit, to the gram (3 decimals), so 1,5 tấn is exactly 1500. */
export const toKg = (value: number, perUnit: number) => Math.round(value * perUnit * 1000) / 1000;

/**
 * A quantity field: kg as a number, or a value with a unit. Resolves to kg and then passes the
 * same bounds as a plain kg number.
 */
export const quantityInput = (description: string, example: number) =>
  z.pipe(
    z.pipe(
      z.union([
        z.number().register(z.globalRegistry, { description: `${description}, in kg`, examples: [example] }),
        z
          .strictObject({ value: z.number().check(z.positive()), unit: z.string().check(z.maxLength(16)) })
          .register(z.globalRegistry, {
            description: `${description} with a unit: kg, yến (10 kg), tạ (100 kg), tấn / tan / t (1,000 kg)`,
            examples: [{ value: example / 1000, unit: 'tấn' }],
          }),
      ]),
      z.transform((q, ctx) => {
        if (typeof q === 'number') return q;
        const perUnit = kgPerUnit(q.unit);
        if (perUnit === undefined) {
          customIssue(ctx, q, 'unknown-unit', { value: q.unit, units: QUANTITY_UNITS.join(', ') }, ['unit']);
          return z.NEVER;
        }
        return toKg(q.value, perUnit);
      }),
    ),
    kg,
  );

// ---------------------------------------------------------------------------------------------
// Human text

export type Lang = 'vi' | 'en';

/** 25.000,5 (vi) or 25,000.5 (en), at most `maxFraction` decimals, no trailing zeros. */
export function formatNumber(n: number, lang: Lang, maxFraction = 0): string {
  const [group, decimal] = lang === 'vi' ? ['.', ','] : [',', '.'];
  const fixed = Math.abs(n).toFixed(maxFraction);
  const [int = '0', frac = ''] = fixed.split('.');
  const fraction = frac.replace(/0+$/, '');
  const sign = n < 0 && Number(fixed) !== 0 ? '-' : '';
  return sign + int.replace(/\B(?=(\d{3})+(?!\d))/g, group) + (fraction ? decimal + fraction : '');
}

/** "25.000 ₫/kg" / "25,000 ₫/kg". */
export const formatPrice = (vnd: number, lang: Lang) => `${formatNumber(vnd, lang)} ₫/kg`;

/** "15 tấn" / "15 t" from 1,000 kg (to 3 decimals of a tonne), else "800 kg". */
export function formatVolume(kgAmount: number, lang: Lang): string {
  if (kgAmount >= 1000) return `${formatNumber(kgAmount / 1000, lang, 3)} ${lang === 'vi' ? 'tấn' : 't'}`;
  return `${formatNumber(kgAmount, lang, 3)} kg`;
}

/** dd/mm/yyyy for Vietnamese (always two-digit day and month); ISO for English. */
export function formatDate(iso: string, lang: Lang): string {
  if (lang === 'en') return iso;
  const [y, m, d] = iso.slice(0, 10).split('-');
  return `${d}/${m}/${y}`;
}

/** Tonnes to 3 decimals (for CSV columns next to kg). */
export const tonnes = (kgAmount: number) => Math.round(kgAmount) / 1000;
