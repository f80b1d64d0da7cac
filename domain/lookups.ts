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

/** Reads a seller; any signed-in user may, since buyers need to know who they trade with. */
export async function getSeller(deps: Deps, sellerId: string): Promise<Seller> {
  const seller = await deps.sellers.get(sellerId);
  if (!seller) throw new NotFoundError('not-found', { resource: 'seller', id: sellerId });
  return seller;
}

/** Loads a seller and checks the caller owns it. */
export async function getOwnedSeller(deps: Deps, caller: Caller, sellerId: string): Promise<Seller> {
  const seller = await getSeller(deps, sellerId);
  assertOwner(caller, seller.ownerId, 'seller', { id: sellerId });
  return seller;
}

/** Reads a buyer. */
export async function getBuyer(deps: Deps, buyerId: string): Promise<Buyer> {
  const buyer = await deps.buyers.get(buyerId);
  if (!buyer) throw new NotFoundError('not-found', { resource: 'buyer', id: buyerId });
  return buyer;
}

/** Loads a buyer and checks the caller owns it. */
export async function getOwnedBuyer(deps: Deps, caller: Caller, buyerId: string): Promise<Buyer> {
  const buyer = await getBuyer(deps, buyerId);
  assertOwner(caller, buyer.ownerId, 'buyer', { id: buyerId });
  return buyer;
}

/** Reads a listing. */
export async function getListing(deps: Deps, listingId: string): Promise<Listing> {
  const listing = await deps.listings.get(listingId);
  if (!listing) throw new NotFoundError('not-found', { resource: 'listing', id: listingId });
  return listing;
}

/** Reads a demand. */
export async function getDemand(deps: Deps, demandId: string): Promise<Demand> {
  const demand = await deps.demands.get(demandId);
  if (!demand) throw new NotFoundError('not-found', { resource: 'demand', id: demandId });
  return demand;
}
