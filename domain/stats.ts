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
import type { Fair } from '#domain/fairs.ts';
import type { Match } from '#domain/matching/matches.ts';
import type { Deps } from '#domain/ports.ts';
import { ValidationError, fieldIssue } from '#domain/errors.ts';

export const STAT_FIELDS = [
  'listings',
  'listedKg',
  'demands',
  'demandedKg',
  'matches',
  'proposedKg',
  'confirmedMatches',
  'confirmedKg',
  'fairs',
  'booths',
  'bookedBooths',
] as const;
export type StatField = (typeof STAT_FIELDS)[number];

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

/** The figures one entity adds to the counters, as it stands. */
export function contribution(item: Record<string, unknown> | undefined): StatsDelta[] {
  if (!item) return [];
  const e = item as unknown as Entity;
  const at = (province: string, product: string, figures: Partial<Record<StatField, number>>): StatsDelta[] =>
    Object.entries(figures)
      .filter(([, amount]) => amount)
      .map(([field, amount]) => ({ date: dayOf(e.createdAt), province, product, field: field as StatField, amount: amount! }));
  switch (e.entity) {
    case 'listing':
      return at(e.province, e.product, { listings: 1, listedKg: e.quantityKg });
    case 'demand':
      return at(e.deliveryProvince, e.product ?? `cat:${e.category}`, { demands: 1, demandedKg: e.quantityKg });
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

/** The report as CSV (one row per province and product, then a total row). */
export function statsToCsv(report: StatsReport): string {
  const header = ['province', 'product', ...STAT_FIELDS].join(',');
  const line = (r: Record<string, unknown>) => ['province', 'product', ...STAT_FIELDS].map((k) => String(r[k] ?? '')).join(',');
  return [header, ...report.rows.map(line), line({ province: 'TOTAL', product: '', ...report.totals })].join('\r\n') + '\r\n';
}
