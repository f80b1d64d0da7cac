/** Buyers: supermarkets, wholesale markets, commercial centres, exporters and processors. */
import * as z from 'zod/mini';
import { contact, meta, optionalText, provinceField, taxCode, text, id } from '#domain/schemas.ts';
import type { Caller } from '#domain/access.ts';
import { getOwnedBuyer } from '#domain/lookups.ts';
import { newEntityMeta, nextVersion } from '#domain/versioning.ts';
import type { Deps } from '#domain/ports.ts';
import { kindField, BUYER_KIND_WORDS } from '#domain/kinds.ts';

export const BUYER_KINDS = ['supermarket', 'wholesale_market', 'commercial_centre', 'exporter', 'processor'] as const;

const buyerFields = {
  name: text(200),
  kind: kindField(BUYER_KINDS, BUYER_KIND_WORDS),
  taxCode: z.optional(taxCode),
  province: provinceField,
  address: optionalText(300),
  /** Where the buyer takes delivery; defaults to its own province. */
  deliveryProvinces: z.optional(z.array(provinceField).check(z.minLength(1), z.maxLength(34))),
  contact: contact,
  description: optionalText(2000),
};

export const BuyerCreate = z.strictObject(buyerFields);
export const BuyerPatch = z.strictObject({ ...z.partial(z.object(buyerFields)).shape, version: z.optional(z.int()) });

export const BuyerOut = z.object({
  id,
  ownerId: z.string(),
  name: z.string(),
  kind: z.enum(BUYER_KINDS),
  taxCode: z.optional(z.string()),
  province: z.string(),
  address: z.optional(z.string()),
  deliveryProvinces: z.array(z.string()),
  contact: z.object({ name: z.optional(z.string()), phone: z.optional(z.string()), email: z.optional(z.string()) }),
  description: z.optional(z.string()),
  ...meta,
});
export type Buyer = z.infer<typeof BuyerOut>;

const unique = <T>(xs: T[]) => [...new Set(xs)];

/** Registers a buyer profile owned by the calling retailer user. */
export async function createBuyer(deps: Deps, caller: Caller, input: z.infer<typeof BuyerCreate>): Promise<Buyer> {
  const buyer: Buyer = {
    ...input,
    deliveryProvinces: unique(input.deliveryProvinces ?? [input.province]),
    ...newEntityMeta(deps.ids.next(), deps.clock.now()),
    ownerId: caller.sub,
  };
  await deps.buyers.create(buyer);
  return buyer;
}

/** Changes a buyer profile; the owner only, at the version it read. */
export async function updateBuyer(deps: Deps, caller: Caller, buyerId: string, patch: z.infer<typeof BuyerPatch>, ifMatch: number | undefined): Promise<Buyer> {
  const current = await getOwnedBuyer(deps, caller, buyerId);
  const { version, ...changes } = patch;
  if (changes.deliveryProvinces) changes.deliveryProvinces = unique(changes.deliveryProvinces);
  const next = nextVersion(current, changes as Partial<Buyer>, ifMatch ?? version, 'buyer', deps.clock.now());
  await deps.buyers.update(next);
  return next;
}
