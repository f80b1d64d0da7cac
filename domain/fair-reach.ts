/**
 * A fair's reach: whose producers it is meant for. Trade-promotion fairs and conferences bring
 * producers from other, often distant, provinces to a city's buyers, so reach is set by the
 * organiser — the whole country, some of the 6 socio-economic regions, or a list of provinces —
 * not by a radius. Without one, a fair is meant for the regions of its own province.
 */
import * as z from 'zod/mini';
import { customIssue, provinceField } from '#domain/schemas.ts';
import { provincesInRegions, regionsOfProvince, resolveRegion, REGIONS, REGION_CODES, type RegionCode } from '#domain/reference/regions.ts';
import { provinceByCode } from '#domain/reference/provinces.ts';

export const REACH_SCOPES = ['national', 'regions', 'provinces'] as const;

const regionField = z.pipe(
  z.string().check(z.maxLength(80)),
  z.transform((value, ctx) => {
    const region = resolveRegion(value);
    if (!region) {
      customIssue(ctx, value, 'unknown-region', { value, regions: REGION_CODES.join(', ') });
      return z.NEVER;
    }
    return region.code;
  }),
);

export const FairReachInput = z
  .strictObject({
    scope: z.enum(REACH_SCOPES),
    regions: z.optional(z.array(regionField).check(z.maxLength(6))),
    provinces: z.optional(z.array(provinceField).check(z.maxLength(34))),
    /** Only OCOP producers with at least this many stars. */
    minOcopStars: z.optional(z.int().check(z.gte(3), z.lte(5))),
  })
  .check(
    z.superRefine((r, ctx) => {
      if (r.scope !== 'regions' && r.regions) customIssue(ctx, r, 'reach-one-of', {}, ['regions']);
      if (r.scope !== 'provinces' && r.provinces) customIssue(ctx, r, 'reach-one-of', {}, ['provinces']);
      if (r.scope === 'regions' && !r.regions?.length) customIssue(ctx, r, 'reach-needs-list', {}, ['regions']);
      if (r.scope === 'provinces' && !r.provinces?.length) customIssue(ctx, r, 'reach-needs-list', {}, ['provinces']);
    }),
  )
  .register(z.globalRegistry, {
    description:
      "Whose producers the fair is meant for: `national`; `regions` (codes or names of the 6 socio-economic regions: " +
      REGIONS.map((r) => `${r.code} = ${r.name}`).join(', ') +
      '); or `provinces` (names or codes, old names too). `minOcopStars` limits it to OCOP producers with at least that many stars. Fair suggestions and the alerts sent when the fair is published follow it. Default: the region(s) of the fair’s province.',
    examples: [{ scope: 'regions', regions: ['central-highlands', 'Trung du và miền núi phía Bắc'], minOcopStars: 3 }],
  });

export const FairReachOut = z.object({
  scope: z.enum(REACH_SCOPES),
  regions: z.optional(z.array(z.string())),
  provinces: z.optional(z.array(z.string())),
  minOcopStars: z.optional(z.number()),
});
export type FairReach = z.infer<typeof FairReachOut>;

/** The reach a fair has: the organiser's, or the regions of its own province. */
export function effectiveReach(f: { reach?: FairReach; province: string }): FairReach {
  return f.reach ?? { scope: 'regions', regions: [...regionsOfProvince(f.province)] };
}

/** The provinces a reach covers, or 'all'. */
export function reachProvinces(reach: FairReach): string[] | 'all' {
  if (reach.scope === 'national') return 'all';
  if (reach.scope === 'regions') return provincesInRegions(reach.regions ?? []);
  return [...new Set(reach.provinces ?? [])];
}

/** Whether a seller's province is within reach. */
export function withinReach(reach: FairReach, province: string): boolean {
  const provinces = reachProvinces(reach);
  return provinces === 'all' || provinces.includes(province);
}

/** "cả nước" / "vùng Tây Nguyên" / "Quảng Ngãi, Gia Lai", for reasons. */
export function describeReach(reach: FairReach, lang: 'vi' | 'en'): string {
  if (reach.scope === 'national') return lang === 'vi' ? 'cả nước' : 'the whole country';
  if (reach.scope === 'regions') {
    const names = (reach.regions ?? []).map((c) => REGIONS.find((r) => r.code === (c as RegionCode))).map((r) => (r ? (lang === 'vi' ? r.name : r.nameEn) : ''));
    return lang === 'vi' ? `vùng ${names.join(', ')}` : names.join(', ');
  }
  return (reach.provinces ?? []).map((p) => (lang === 'vi' ? provinceByCode(p)?.name : provinceByCode(p)?.nameEn) ?? p).join(', ');
}
