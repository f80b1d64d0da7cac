/** Demands (nhu cầu thu mua): what a buyer wants to purchase, when, and from where. */
import * as z from 'zod/mini';
import { categoryField, dateIssues, id, isoDate, meta, optionalText, productField, provinceField, requiredCertification, roundKg, vndPerKg, pageQuery } from '#domain/schemas.ts';
import { assertOwner, type Caller } from '#domain/access.ts';
import { ConflictError, ValidationError, fieldIssue, type FieldIssue } from '#domain/errors.ts';
import { assertVersion, newEntityMeta, nextVersion, todayInVietnam } from '#domain/versioning.ts';
import { getDemand, getOwnedBuyer } from '#domain/lookups.ts';
import { productByCode } from '#domain/reference/products.ts';
import type { Deps, Page, PageRequest } from '#domain/ports.ts';
import { demandPosted } from '#domain/event-builders.ts';
import { quantityInput } from '#domain/quantities.ts';
import { assertPlausiblePrice } from '#domain/price-guard.ts';

export const DEMAND_STATUSES = ['open', 'fulfilled', 'expired', 'withdrawn'] as const;
export type DemandStatus = (typeof DEMAND_STATUSES)[number];

const editable = {
  quantityKg: quantityInput('Volume wanted', 5_000),
  /** The smallest lot worth buying from one seller. */
  minQuantityKg: z.optional(quantityInput('Smallest lot worth buying from one seller', 1_000)),
  maxPriceVndPerKg: z.optional(vndPerKg),
  neededFrom: isoDate,
  neededTo: isoDate,
  requiredCertifications: z.optional(z.array(requiredCertification).check(z.maxLength(4))),
  /** Accept supply only from these provinces... */
  sourcingProvinces: z.optional(z.array(provinceField).check(z.minLength(1), z.maxLength(34))),
  /** ...or from provinces whose centre lies within this distance of the delivery province. */
  maxDistanceKm: z.optional(z.int().check(z.positive(), z.lte(2000))),
  deliveryProvince: z.optional(provinceField),
  description: optionalText(2000),
};

export const DemandCreate = z.strictObject({
  buyerId: id,
  product: z.optional(productField),
  /** A demand for a whole category ("any fruit") instead of one product. */
  category: z.optional(categoryField),
  ...editable,
  /** Set to true to keep a price far outside the product's usual band (see price bands). */
  priceConfirmed: z.optional(z.boolean().register(z.globalRegistry, { description: "Confirms a price far outside the product's usual wholesale band (otherwise rejected as a probable slip, e.g. 25 for 25.000)", examples: [true] })),
});
export const DemandPatch = z.strictObject({ ...z.partial(z.object(editable)).shape, version: z.optional(z.int()),
  /** Set to true to keep a price far outside the product's usual band (see price bands). */
  priceConfirmed: z.optional(z.boolean().register(z.globalRegistry, { description: "Confirms a price far outside the product's usual wholesale band (otherwise rejected as a probable slip, e.g. 25 for 25.000)", examples: [true] })),
});

export const DemandOut = z.object({
  id,
  buyerId: z.string(),
  buyerName: z.string(),
  ownerId: z.string(),
  product: z.optional(z.string()),
  productName: z.optional(z.string()),
  category: z.string(),
  quantityKg: z.number(),
  /** Volume not yet covered by confirmed matches. */
  remainingKg: z.number(),
  minQuantityKg: z.number(),
  maxPriceVndPerKg: z.optional(z.number()),
  neededFrom: z.string(),
  neededTo: z.string(),
  requiredCertifications: z.array(z.object({ type: z.string(), minStars: z.optional(z.number()), verified: z.optional(z.boolean()) })),
  sourcingProvinces: z.optional(z.array(z.string())),
  maxDistanceKm: z.optional(z.number()),
  deliveryProvince: z.string(),
  description: z.optional(z.string()),
  status: z.enum(DEMAND_STATUSES),
  ...meta,
});
export type Demand = z.infer<typeof DemandOut>;

export const DemandSearchParams = z.strictObject({
  product: z.optional(productField),
  province: z.optional(provinceField),
  buyerId: z.optional(id),
  status: z.optional(z.enum(DEMAND_STATUSES)),
  ...pageQuery,
});
export interface DemandQuery {
  product?: string;
  /** Delivery province. */
  province?: string;
  buyerId?: string;
  status: DemandStatus;
}

/** The demand's cross-field rules; `changed` limits the date rules to the dates a change sets. */
function checkRules(d: Partial<Demand> & Pick<Demand, 'neededFrom' | 'neededTo' | 'quantityKg' | 'minQuantityKg'>, today: string, changed?: ReadonlySet<string>) {
  const issues: FieldIssue[] = dateIssues(today, { end: ['neededTo', d.neededTo], others: [['neededFrom', d.neededFrom]] }, changed);
  if (d.neededFrom > d.neededTo) issues.push(fieldIssue('neededTo', 'window-order'));
  if (d.minQuantityKg > d.quantityKg) issues.push(fieldIssue('minQuantityKg', 'min-above-quantity'));
  if (d.sourcingProvinces && d.maxDistanceKm !== undefined) issues.push(fieldIssue('maxDistanceKm', 'area-one-of'));
  if (issues.length) throw new ValidationError(issues);
}

/** Posts a purchase demand for a buyer the caller owns. */
export async function createDemand(deps: Deps, caller: Caller, input: z.infer<typeof DemandCreate>): Promise<Demand> {
  if ((input.product === undefined) === (input.category === undefined)) {
    throw new ValidationError([fieldIssue('product', 'product-or-category')]);
  }
  const buyer = await getOwnedBuyer(deps, caller, input.buyerId);
  const product = input.product ? productByCode(input.product) : undefined;
  const category = product?.category ?? input.category!;
  const { priceConfirmed, ...fields } = input;
  assertPlausiblePrice('maxPriceVndPerKg', input.maxPriceVndPerKg, { product: product?.code, category }, priceConfirmed);
  const demand: Demand = {
    ...fields,
    buyerName: buyer.name,
    productName: product?.name,
    category,
    requiredCertifications: input.requiredCertifications ?? [],
    sourcingProvinces: input.sourcingProvinces ? [...new Set(input.sourcingProvinces)] : undefined,
    deliveryProvince: input.deliveryProvince ?? buyer.province,
    minQuantityKg: input.minQuantityKg ?? Math.min(input.quantityKg, 500),
    remainingKg: input.quantityKg,
    status: 'open',
    ownerId: caller.sub,
    ...newEntityMeta(deps.ids.next(), deps.clock.now()),
  };
  checkRules(demand, todayInVietnam(deps.clock.now()));
  await deps.demands.create(demand, [demandPosted(deps, demand)]);
  return demand;
}

async function getOwnedDemand(deps: Deps, caller: Caller, demandId: string) {
  const demand = await getDemand(deps, demandId);
  assertOwner(caller, demand.ownerId, 'demand', { id: demandId });
  return demand;
}

/** Changes an open demand at the version the caller read. */
export async function updateDemand(deps: Deps, caller: Caller, demandId: string, patch: z.infer<typeof DemandPatch>, ifMatch: number | undefined): Promise<Demand> {
  const current = await getOwnedDemand(deps, caller, demandId);
  if (current.status !== 'open') throw new ConflictError('invalid-state', { resource: 'demand', state: current.status, expected: 'open' });
  const { version, priceConfirmed, ...changes } = patch;
  assertPlausiblePrice('maxPriceVndPerKg', changes.maxPriceVndPerKg, current, priceConfirmed);
  const next = nextVersion(current, changes as Partial<Demand>, ifMatch ?? version, 'demand', deps.clock.now());
  if (changes.sourcingProvinces) next.maxDistanceKm = undefined;
  if (changes.maxDistanceKm !== undefined) next.sourcingProvinces = undefined;
  if (changes.quantityKg !== undefined) {
    const covered = current.quantityKg - current.remainingKg;
    if (changes.quantityKg < covered) throw new ValidationError([fieldIssue('quantityKg', 'below-committed', { min: covered })]);
    next.remainingKg = roundKg(changes.quantityKg - covered);
  }
  checkRules(next, todayInVietnam(deps.clock.now()), new Set(Object.keys(changes)));
  await deps.demands.update(next);
  return next;
}

/** Withdraws a demand: it stays readable but is no longer matched. */
export async function withdrawDemand(deps: Deps, caller: Caller, demandId: string, ifMatch: number | undefined): Promise<Demand> {
  const current = await getOwnedDemand(deps, caller, demandId);
  // The version comes first: a stale one gets 412 even if the demand is already withdrawn.
  assertVersion(current, ifMatch, 'demand');
  if (current.status === 'withdrawn') return current;
  const next = nextVersion(current, { status: 'withdrawn' }, ifMatch, 'demand', deps.clock.now());
  await deps.demands.update(next);
  return next;
}

export async function searchDemands(deps: Deps, params: Omit<z.infer<typeof DemandSearchParams>, 'limit' | 'cursor'>, page: PageRequest): Promise<Page<Demand>> {
  return deps.demands.search({ product: params.product, province: params.province, buyerId: params.buyerId, status: params.status ?? 'open' }, page);
}

