/** Listings (chào bán): a seller's supply offer of one product over a harvest window. */
import * as z from 'zod/mini';
import { certifications, dateIssues, id, isoDate, meta, optionalText, productField, provinceField, roundKg, vndPerKg, pageQuery } from '#domain/schemas.ts';
import { assertOwner, type Caller } from '#domain/access.ts';
import { ConflictError, ValidationError, fieldIssue, type FieldIssue } from '#domain/errors.ts';
import { assertVersion, newEntityMeta, nextVersion, todayInVietnam } from '#domain/versioning.ts';
import { getListing, getOwnedSeller } from '#domain/lookups.ts';
import { productByCode } from '#domain/reference/products.ts';
import { foldDiacritics } from '#domain/text.ts';
import type { Deps, Page, PageRequest } from '#domain/ports.ts';
import { listingPublished } from '#domain/event-builders.ts';
import { CertificationOut, listingVerification } from '#domain/certifications.ts';
import { quantityInput } from '#domain/quantities.ts';
import { assertPlausiblePrice } from '#domain/price-guard.ts';

export const LISTING_STATUSES = ['active', 'sold_out', 'expired', 'withdrawn'] as const;
export type ListingStatus = (typeof LISTING_STATUSES)[number];

const editable = {
  variety: optionalText(120),
  quantityKg: quantityInput('Volume offered', 20_000),
  minOrderKg: z.optional(quantityInput('Smallest order accepted', 500)),
  priceVndPerKg: z.optional(vndPerKg),
  availableFrom: isoDate,
  availableTo: isoDate,
  certifications: z.optional(certifications),
  description: optionalText(2000),
};

export const ListingCreate = z.strictObject({
  sellerId: id,
  product: productField,
  province: z.optional(provinceField),
  ...editable,
  /** Set to true to keep a price far outside the product's usual band (see price bands). */
  priceConfirmed: z.optional(z.boolean().register(z.globalRegistry, { description: "Confirms a price far outside the product's usual wholesale band (otherwise rejected as a probable slip, e.g. 25 for 25.000)", examples: [true] })),
});
export const ListingPatch = z.strictObject({ ...z.partial(z.object(editable)).shape, version: z.optional(z.int()),
  /** Set to true to keep a price far outside the product's usual band (see price bands). */
  priceConfirmed: z.optional(z.boolean().register(z.globalRegistry, { description: "Confirms a price far outside the product's usual wholesale band (otherwise rejected as a probable slip, e.g. 25 for 25.000)", examples: [true] })),
});

export const ListingOut = z.object({
  id,
  sellerId: z.string(),
  sellerName: z.string(),
  ownerId: z.string(),
  product: z.string(),
  productName: z.string(),
  category: z.string(),
  variety: z.optional(z.string()),
  quantityKg: z.number(),
  /** Volume not yet reserved by confirmed matches. */
  remainingKg: z.number(),
  minOrderKg: z.number(),
  priceVndPerKg: z.optional(z.number()),
  availableFrom: z.string(),
  availableTo: z.string(),
  province: z.string(),
  /** The seller's certificates with their verification (domain/certifications.ts). */
  certifications: z.array(CertificationOut),
  description: z.optional(z.string()),
  status: z.enum(LISTING_STATUSES),
  ...meta,
});
export type Listing = z.infer<typeof ListingOut> & { searchText: string };

export const ListingSearchParams = z.strictObject({
  product: z.optional(productField),
  province: z.optional(provinceField),
  sellerId: z.optional(id),
  q: z.optional(z.string().check(z.trim(), z.minLength(2), z.maxLength(100))),
  status: z.optional(z.enum(LISTING_STATUSES)),
  ...pageQuery,
});
export interface ListingQuery {
  product?: string;
  province?: string;
  sellerId?: string;
  /** Folded (no diacritics, lower case) words that must all appear in the listing's text. */
  words?: string[];
  status: ListingStatus;
}

/** The listing's cross-field rules; `changed` limits the date rules to the dates a change sets. */
function checkRules(l: Pick<Listing, 'availableFrom' | 'availableTo' | 'minOrderKg' | 'quantityKg'>, today: string, changed?: ReadonlySet<string>) {
  const issues: FieldIssue[] = dateIssues(today, { end: ['availableTo', l.availableTo], others: [['availableFrom', l.availableFrom]] }, changed);
  if (l.availableFrom > l.availableTo) issues.push(fieldIssue('availableTo', 'window-order'));
  if (l.minOrderKg > l.quantityKg) issues.push(fieldIssue('minOrderKg', 'min-above-quantity'));
  if (issues.length) throw new ValidationError(issues);
}

function searchTextOf(l: Pick<Listing, 'productName' | 'product' | 'variety' | 'description'>, sellerName: string): string {
  const nameEn = productByCode(l.product)?.nameEn ?? '';
  return foldDiacritics([l.productName, nameEn, l.variety ?? '', sellerName, l.description ?? ''].join(' ')).slice(0, 1000);
}

/** Publishes a listing for a seller the caller owns; province and certifications default to the seller's. */
export async function createListing(deps: Deps, caller: Caller, input: z.infer<typeof ListingCreate>): Promise<Listing> {
  const seller = await getOwnedSeller(deps, caller, input.sellerId);
  const product = productByCode(input.product)!;
  const { priceConfirmed, ...fields } = input;
  assertPlausiblePrice('priceVndPerKg', input.priceVndPerKg, { product: product.code, category: product.category }, priceConfirmed);
  const base = {
    ...fields,
    sellerName: seller.name,
    productName: product.name,
    category: product.category,
    province: input.province ?? seller.province,
    certifications: listingVerification(input.certifications ?? seller.certifications, seller.certifications),
    minOrderKg: input.minOrderKg ?? Math.min(input.quantityKg, 100),
    remainingKg: input.quantityKg,
    status: 'active' as const,
    ownerId: caller.sub,
    ...newEntityMeta(deps.ids.next(), deps.clock.now()),
  };
  checkRules(base, todayInVietnam(deps.clock.now()));
  const listing: Listing = { ...base, searchText: searchTextOf(base, seller.name) };
  await deps.listings.create(listing, [listingPublished(deps, listing)]);
  return listing;
}

async function getOwnedListing(deps: Deps, caller: Caller, listingId: string) {
  const listing = await getListing(deps, listingId);
  assertOwner(caller, listing.ownerId, 'listing', { id: listingId });
  return listing;
}

/** Changes an active listing at the version the caller read. */
export async function updateListing(deps: Deps, caller: Caller, listingId: string, patch: z.infer<typeof ListingPatch>, ifMatch: number | undefined): Promise<Listing> {
  const current = await getOwnedListing(deps, caller, listingId);
  if (current.status !== 'active') throw new ConflictError('invalid-state', { resource: 'listing', state: current.status, expected: 'active' });
  const { version, priceConfirmed, ...changes } = patch;
  assertPlausiblePrice('priceVndPerKg', changes.priceVndPerKg, current, priceConfirmed);
  const next = nextVersion(current, changes as Partial<Listing>, ifMatch ?? version, 'listing', deps.clock.now());
  if (changes.certifications) {
    const seller = await deps.sellers.get(current.sellerId);
    next.certifications = listingVerification(changes.certifications, seller?.certifications ?? []);
  }
  if (changes.quantityKg !== undefined) {
    const reserved = current.quantityKg - current.remainingKg;
    if (changes.quantityKg < reserved) {
      throw new ValidationError([fieldIssue('quantityKg', 'below-committed', { min: reserved })]);
    }
    next.remainingKg = roundKg(changes.quantityKg - reserved);
  }
  checkRules(next, todayInVietnam(deps.clock.now()), new Set(Object.keys(changes)));
  next.searchText = searchTextOf(next, next.sellerName);
  await deps.listings.update(next);
  return next;
}

/** Withdraws a listing: it stays readable but is no longer offered or matched. */
export async function withdrawListing(deps: Deps, caller: Caller, listingId: string, ifMatch: number | undefined): Promise<Listing> {
  const current = await getOwnedListing(deps, caller, listingId);
  // The version comes first: a stale one gets 412 even if the listing is already withdrawn.
  assertVersion(current, ifMatch, 'listing');
  if (current.status === 'withdrawn') return current;
  const next = nextVersion(current, { status: 'withdrawn' }, ifMatch, 'listing', deps.clock.now());
  await deps.listings.update(next);
  return next;
}

/** Searches listings; `q` ignores diacritics and case ("vai thieu" finds "Vải thiều"). */
export async function searchListings(deps: Deps, params: Omit<z.infer<typeof ListingSearchParams>, 'limit' | 'cursor'>, page: PageRequest): Promise<Page<Listing>> {
  const words = params.q ? foldDiacritics(params.q).split(' ').filter(Boolean).slice(0, 8) : undefined;
  return deps.listings.search({ product: params.product, province: params.province, sellerId: params.sellerId, words, status: params.status ?? 'active' }, page);
}
