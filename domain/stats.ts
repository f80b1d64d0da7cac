/**
 * Outcome statistics for departments: counters by day, province and product, kept up to date
 * from the table's stream (never by scanning). Each entity contributes figures to the bucket of
 * the day it was created; a change applies the difference between its new and old
 * contribution, so the counters always equal a sum over the items (see test/stats.int.test.ts).
 */
import * as z from 'zod/mini';
import { isoDate, productField, provinceField } from '#domain/schemas.ts';
import { todayInVietnam } from '#domain/versioning.ts';
import type { Listing } from '#domain/listings.ts';
import type { Demand } from '#domain/demands.ts';
import type { Fair } from '#domain/fair-views.ts';
import type { Match } from '#domain/matching/matches.ts';
import type { Deps } from '#domain/ports.ts';
import { ValidationError, fieldIssue } from '#domain/errors.ts';
import type { Lang } from '#domain/messages.ts';
import { tonnes } from '#domain/quantities.ts';
import { provinceByCode } from '#domain/reference/provinces.ts';
import { CATEGORIES, productByCode } from '#domain/reference/products.ts';
import { STAT_FIELDS, type StatField } from '#domain/stat-fields.ts';

export interface StatsDelta {
  /** Day in Vietnam the entity was created, YYYY-MM-DD. */
  date: string;
  province: string;
  /** Product code; `cat:<category>` for whole-category demands; `-` for fairs. */
  product: string;
  field: StatField;
  amount: number;
}

export interface StatsQuery {
  province?: string;
  product?: string;
  from: string;
  to: string;
}

export type StatsRow = { province: string; product: string } & Record<StatField, number>;

type Entity = ({ entity: 'listing' } & Listing) | ({ entity: 'demand' } & Demand) | ({ entity: 'match' } & Match) | ({ entity: 'fair' } & Fair);

const dayOf = (iso: string) => todayInVietnam(new Date(iso));

/**
 * The volume a listing or demand counts for, at its final quantity. A withdrawn one counts only
 * what confirmed matches had already committed (usually nothing: most withdrawals are
 * mistakes corrected, and counting them inflated the figures departments report).
 */
function offeredKg(status: string, quantityKg: number, remainingKg: number): number {
  return status === 'withdrawn' ? Math.max(0, quantityKg - remainingKg) : quantityKg;
}

/** The figures one entity adds to the counters, as it stands. */
export function contribution(item: Record<string, unknown> | undefined): StatsDelta[] {
  if (!item) return [];
  const e = item as unknown as Entity;
  const at = (province: string, product: string, figures: Partial<Record<StatField, number>>): StatsDelta[] =>
    Object.entries(figures)
      .filter(([, amount]) => amount)
      .map(([field, amount]) => ({ date: dayOf(e.createdAt), province, product, field: field as StatField, amount: amount! }));
  switch (e.entity) {
    case 'listing': {
      const kg = offeredKg(e.status, e.quantityKg, e.remainingKg);
      return at(e.province, e.product, { listings: kg > 0 ? 1 : 0, listedKg: kg });
    }
    case 'demand': {
      const kg = offeredKg(e.status, e.quantityKg, e.remainingKg);
      return at(e.deliveryProvince, e.product ?? `cat:${e.category}`, { demands: kg > 0 ? 1 : 0, demandedKg: kg });
    }
    case 'match': {
      const live = e.status === 'proposed' || e.status === 'confirmed';
      const confirmed = e.status === 'confirmed';
      return at(e.sellerProvince, e.product, {
        matches: live ? 1 : 0,
        proposedKg: live ? e.proposedKg : 0,
        confirmedMatches: confirmed ? 1 : 0,
        confirmedKg: confirmed ? (e.confirmedKg ?? 0) : 0,
      });
    }
    case 'fair': {
      const published = e.status === 'published';
      return at(e.province, '-', { fairs: published ? 1 : 0, booths: published ? e.boothCount : 0, bookedBooths: published ? e.bookedCount : 0 });
    }
    default:
      return [];
  }
}

/** What a change (old image → new image) does to the counters. */
export function statsDeltas(oldItem: Record<string, unknown> | undefined, newItem: Record<string, unknown> | undefined): StatsDelta[] {
  const sums = new Map<string, StatsDelta>();
  const add = (d: StatsDelta, sign: number) => {
    const key = `${d.date}|${d.province}|${d.product}|${d.field}`;
    const cur = sums.get(key) ?? { ...d, amount: 0 };
    cur.amount += sign * d.amount;
    sums.set(key, cur);
  };
  contribution(newItem).forEach((d) => add(d, 1));
  contribution(oldItem).forEach((d) => add(d, -1));
  return [...sums.values()].filter((d) => d.amount !== 0);
}

export const StatsParams = z.strictObject({
  province: z.optional(provinceField),
  product: z.optional(productField),
  from: z.optional(isoDate),
  to: z.optional(isoDate),
});

export const StatsOut = z.object({
  from: z.string(),
  to: z.string(),
  province: z.optional(z.string()),
  product: z.optional(z.string()),
  totals: z.object(Object.fromEntries(STAT_FIELDS.map((f) => [f, z.number()])) as Record<StatField, z.ZodMiniNumber>),
  rows: z.array(z.object({ province: z.string(), product: z.string(), ...(Object.fromEntries(STAT_FIELDS.map((f) => [f, z.number()])) as Record<StatField, z.ZodMiniNumber>) })),
});
export type StatsReport = z.infer<typeof StatsOut>;

const exampleFigures = { listings: 4, listedKg: 42_000, demands: 2, demandedKg: 30_000, matches: 3, proposedKg: 18_000, confirmedMatches: 1, confirmedKg: 5_000, fairs: 0, booths: 0, bookedBooths: 0 } satisfies Record<StatField, number>;
/** A small report for the API documentation (its CSV form is built from it by {@link statsToCsv}). */
export const STATS_EXAMPLE: StatsReport = { from: '2027-01-01', to: '2027-06-30', province: 'bac-ninh', totals: exampleFigures, rows: [{ province: 'bac-ninh', product: 'vai-thieu', ...exampleFigures }] };

/** Figures by province and product over a period (default: the last 365 days). */
export async function getStats(deps: Deps, params: z.infer<typeof StatsParams>): Promise<StatsReport> {
  const today = todayInVietnam(deps.clock.now());
  const to = params.to ?? today;
  const from = params.from ?? new Date(Date.parse(to) - 364 * 86_400_000).toISOString().slice(0, 10);
  if (from > to) throw new ValidationError([fieldIssue('query.to', 'window-order')]);
  const rows = await deps.stats.query({ province: params.province, product: params.product, from, to });
  const totals = Object.fromEntries(STAT_FIELDS.map((f) => [f, rows.reduce((s, r) => s + r[f], 0)])) as Record<StatField, number>;
  rows.sort((a, b) => a.province.localeCompare(b.province) || a.product.localeCompare(b.product));
  return { from, to, province: params.province, product: params.product, totals, rows };
}

const KG_FIELDS: readonly StatField[] = ['listedKg', 'demandedKg', 'proposedKg', 'confirmedKg'];

/** Column headings of the CSV, per language; kg figures get a tấn column beside them. */
const CSV_HEADINGS: Record<Lang, Record<StatField | 'province' | 'product', string> & { tonnes: string }> = {
  vi: {
    province: 'Tỉnh/thành',
    product: 'Sản phẩm',
    listings: 'Số chào bán',
    listedKg: 'Chào bán (kg)',
    demands: 'Số nhu cầu thu mua',
    demandedKg: 'Nhu cầu thu mua (kg)',
    matches: 'Số kết nối đề xuất',
    proposedKg: 'Đề xuất (kg)',
    confirmedMatches: 'Số kết nối đã xác nhận',
    confirmedKg: 'Đã xác nhận (kg)',
    fairs: 'Số hội chợ, hội nghị',
    booths: 'Gian hàng',
    bookedBooths: 'Gian hàng đã đặt',
    tonnes: 'tấn',
  },
  en: {
    province: 'Province',
    product: 'Product',
    listings: 'Listings',
    listedKg: 'Offered (kg)',
    demands: 'Demands',
    demandedKg: 'Demanded (kg)',
    matches: 'Proposed matches',
    proposedKg: 'Proposed (kg)',
    confirmedMatches: 'Confirmed matches',
    confirmedKg: 'Confirmed (kg)',
    fairs: 'Fairs and conferences',
    booths: 'Booths',
    bookedBooths: 'Booked booths',
    tonnes: 't',
  },
};

const csvCell = (v: string | number) => {
  const s = String(v);
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** The name of a statistics row's product key: a product, a whole category, or fairs. */
function productLabel(key: string, lang: Lang): string {
  if (key === '-') return lang === 'vi' ? '(hội chợ, hội nghị)' : '(fairs and conferences)';
  if (key.startsWith('cat:')) {
    const c = CATEGORIES.find((x) => x.code === key.slice(4));
    return c ? (lang === 'vi' ? `${c.name} (cả nhóm)` : `${c.nameEn} (whole category)`) : key;
  }
  const p = productByCode(key);
  return p ? (lang === 'vi' ? p.name : p.nameEn) : key;
}

function provinceLabel(code: string, lang: Lang): string {
  const p = provinceByCode(code);
  return p ? (lang === 'vi' ? p.name : p.nameEn) : code;
}

/**
 * The report as CSV for a department to print or open in a spreadsheet: province and product
 * names in the language asked for, each kg figure followed by the same in tấn, one row per
 * province and product, then a total row. Starts with a byte-order mark so spreadsheet
 * programs read the Vietnamese letters as UTF-8.
 */
export function statsToCsv(report: StatsReport, lang: Lang = 'vi'): string {
  const h = CSV_HEADINGS[lang];
  const columns = STAT_FIELDS.flatMap((f) => (KG_FIELDS.includes(f) ? [f, `${f}:t`] : [f]));
  const heading = (c: string) => (c.endsWith(':t') ? h[c.slice(0, -2) as StatField].replace('(kg)', `(${h.tonnes})`) : h[c as StatField]);
  const figures = (r: Record<StatField, number>) => columns.map((c) => (c.endsWith(':t') ? tonnes(r[c.slice(0, -2) as StatField]) : r[c as StatField]));
  const lines = [
    [h.province, h.product, ...columns.map(heading)],
    ...report.rows.map((r) => [provinceLabel(r.province, lang), productLabel(r.product, lang), ...figures(r)]),
    [lang === 'vi' ? 'Tổng cộng' : 'Total', '', ...figures(report.totals)],
  ];
  return '\uFEFF' + lines.map((l) => l.map(csvCell).join(',')).join('\r\n') + '\r\n';
}
