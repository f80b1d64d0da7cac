/**
 * Reading one seller, buyer, listing or demand by id (404 when absent), and the owner check.
 * Kept apart from the entities' modules: those build their zod schemas when they load, and the
 * use cases of other entities (matches, near misses, fair suggestions, webhooks, fairs) that
 * only look a record up would otherwise build them in every function that imports them.
 */
import { assertOwner, type Caller } from '#domain/access.ts';
import { NotFoundError } from '#domain/errors.ts';
import type { Deps } from '#domain/ports.ts';
import type { Seller } from '#domain/sellers.ts';
import type { Buyer } from '#domain/buyers.ts';
import type { Listing } from '#domain/listings.ts';
import type { Demand } from '#domain/demands.ts';

/** The record, or 404 naming what was not found. */
function found<T>(resource: 'seller' | 'buyer' | 'listing' | 'demand', id: string, record: T | undefined): T {
  if (!record) throw new NotFoundError('not-found', { resource, id });
  return record;
}

/** Reads a seller; any signed-in user may, since buyers need to know who they trade with. */
export const getSeller = async (deps: Deps, sellerId: string): Promise<Seller> => found('seller', sellerId, await deps.sellers.get(sellerId));

/** Reads a buyer. */
export const getBuyer = async (deps: Deps, buyerId: string): Promise<Buyer> => found('buyer', buyerId, await deps.buyers.get(buyerId));

/** Reads a listing. */
export const getListing = async (deps: Deps, listingId: string): Promise<Listing> => found('listing', listingId, await deps.listings.get(listingId));

/** Reads a demand. */
export const getDemand = async (deps: Deps, demandId: string): Promise<Demand> => found('demand', demandId, await deps.demands.get(demandId));

/** Loads a seller and checks the caller owns it. */
export async function getOwnedSeller(deps: Deps, caller: Caller, sellerId: string): Promise<Seller> {
  const seller = await getSeller(deps, sellerId);
  assertOwner(caller, seller.ownerId, 'seller', { id: sellerId });
  return seller;
}

/** Loads a buyer and checks the caller owns it. */
export async function getOwnedBuyer(deps: Deps, caller: Caller, buyerId: string): Promise<Buyer> {
  const buyer = await getBuyer(deps, buyerId);
  assertOwner(caller, buyer.ownerId, 'buyer', { id: buyerId });
  return buyer;
}
