/** Sellers: cooperatives, enterprises and household businesses that list produce. */
import * as z from 'zod/mini';
import { certifications, contact, documented, meta, optionalText, provinceField, taxCode, text, id } from '#domain/schemas.ts';
import type { Caller } from '#domain/access.ts';
import { getOwnedSeller } from '#domain/lookups.ts';
import { newEntityMeta, nextVersion } from '#domain/versioning.ts';
import type { Deps } from '#domain/ports.ts';
import { CertificationOut, withVerification } from '#domain/certifications.ts';

/** Why a profile waits for a department's review: its tax code is already registered by another account. */
export const REVIEW_FLAGS = ['tax-code-in-use'] as const;
import { kindField, SELLER_KIND_WORDS } from '#domain/kinds.ts';

export const SELLER_KINDS = ['cooperative', 'enterprise', 'household'] as const;

const sellerFields = {
  name: text(200),
  kind: kindField(SELLER_KINDS, SELLER_KIND_WORDS),
  taxCode: z.optional(taxCode),
  province: provinceField,
  address: optionalText(300),
  contact: contact,
  certifications: z._default(certifications, []),
  description: optionalText(2000),
};

export const SellerCreate = z.strictObject(sellerFields);
export const SellerPatch = z.strictObject({
  ...z.partial(z.object(sellerFields)).shape,
  version: z.optional(z.int()),
});

export const SellerOut = z.object({
  id,
  ownerId: z.string(),
  name: z.string(),
  kind: z.enum(SELLER_KINDS),
  taxCode: z.optional(z.string()),
  province: z.string(),
  address: z.optional(z.string()),
  contact: z.object({ name: z.optional(z.string()), phone: z.optional(z.string()), email: z.optional(z.string()) }),
  certifications: z.array(CertificationOut),
  description: z.optional(z.string()),
  reviewFlags: documented(
    z.optional(z.array(z.enum(REVIEW_FLAGS))),
    '`tax-code-in-use`: another account already registered a seller with this tax code; the department reviews it before trusting the profile',
    ['tax-code-in-use'],
  ),
  ...meta,
});

export type Seller = z.infer<typeof SellerOut>;

/** Registers a seller profile owned by the calling cooperative user. */
export async function createSeller(deps: Deps, caller: Caller, input: z.infer<typeof SellerCreate>): Promise<Seller> {
  const seller: Seller = {
    ...input,
    certifications: withVerification(input.certifications),
    ...newEntityMeta(deps.ids.next(), deps.clock.now()),
    ownerId: caller.sub,
  };
  if (input.taxCode && (await taxCodeUsedByAnother(deps, input.taxCode, caller.sub))) seller.reviewFlags = ['tax-code-in-use'];
  await deps.sellers.create(seller);
  if (seller.taxCode) await deps.sellers.claimTaxCode(seller);
  return seller;
}

/** Changes a seller profile; the owner only, at the version it read. */
export async function updateSeller(
  deps: Deps,
  caller: Caller,
  sellerId: string,
  patch: z.infer<typeof SellerPatch>,
  ifMatch: number | undefined,
): Promise<Seller> {
  const current = await getOwnedSeller(deps, caller, sellerId);
  const { version, ...changes } = patch;
  const next = nextVersion(current, changes as Partial<Seller>, ifMatch ?? version, 'seller', deps.clock.now());
  // A changed certificate is self-declared again until the department looks at it.
  if (changes.certifications) next.certifications = withVerification(changes.certifications, current.certifications);
  if (changes.taxCode && changes.taxCode !== current.taxCode && (await taxCodeUsedByAnother(deps, changes.taxCode, current.ownerId))) {
    next.reviewFlags = [...new Set([...(current.reviewFlags ?? []), 'tax-code-in-use' as const])];
  }
  await deps.sellers.update(next);
  if (next.taxCode && next.taxCode !== current.taxCode) await deps.sellers.claimTaxCode(next);
  return next;
}

/**
 * Whether a seller of another owner already uses this tax code (one Query on the tax code's
 * claims, written when a seller is registered or changes its tax code). Two registrations at
 * the same instant may both miss each other; the department's review catches what this misses.
 */
async function taxCodeUsedByAnother(deps: Deps, taxCode: string, ownerId: string): Promise<boolean> {
  const holders = await deps.sellers.taxCodeHolders(taxCode);
  return holders.some((h) => h.ownerId !== ownerId);
}
