/** Routes for listings (supply offers). */
import {
  createListing,
  ListingCreate,
  ListingOut,
  ListingPatch,
  ListingSearchParams,
  searchListings,
  updateListing,
  withdrawListing,
  type Listing,
} from '#domain/listings.ts';
import { getListing } from '#domain/lookups.ts';
import { page } from '#domain/schemas.ts';
import { route } from '#functions/http/route.ts';
import { listingParams, locationOf, pageOf } from '#functions/routes/params.ts';

const created = (listing: Listing) => ({ body: listing, headers: locationOf(`/v1/listings/${listing.id}`) });

export const listingRoutes = [
  route({
    operationId: 'createListing',
    method: 'POST',
    path: '/v1/listings',
    tag: 'Listings',
    summary: 'Offer produce for sale (for a seller you own)',
    body: ListingCreate,
    success: { status: 201, description: 'The new listing, active', schema: ListingOut },
    errors: [400, 401, 403, 404, 409, 413, 415, 422],
    answer: { resource: 'listing', result: created },
    handle: async ({ caller, body }, deps) => created(await createListing(deps, caller, body)),
  }),
  route({
    operationId: 'searchListings',
    method: 'GET',
    path: '/v1/listings',
    tag: 'Listings',
    summary: 'Search listings by product, province, seller, status and text (diacritics optional)',
    query: ListingSearchParams,
    success: { status: 200, description: 'One page of listings', schema: page(ListingOut) },
    errors: [400, 401],
    handle: async ({ query }, deps) => {
      const { limit, cursor, ...filters } = query;
      return { body: await searchListings(deps, filters, pageOf({ limit, cursor })) };
    },
  }),
  route({
    operationId: 'getListing',
    method: 'GET',
    path: '/v1/listings/{listingId}',
    tag: 'Listings',
    summary: 'Read a listing',
    params: listingParams,
    success: { status: 200, description: 'The listing', schema: ListingOut },
    errors: [400, 401, 404],
    handle: async ({ params }, deps) => ({ body: await getListing(deps, params.listingId) }),
  }),
  route({
    operationId: 'updateListing',
    method: 'PATCH',
    path: '/v1/listings/{listingId}',
    tag: 'Listings',
    summary: 'Change an active listing (owner only; send the version you read)',
    params: listingParams,
    body: ListingPatch,
    success: { status: 200, description: 'The updated listing', schema: ListingOut },
    errors: [400, 401, 403, 404, 409, 412, 413, 415],
    versionRequired: true,
    handle: async ({ caller, params, body, ifMatch }, deps) => ({ body: await updateListing(deps, caller, params.listingId, body, ifMatch) }),
  }),
  route({
    operationId: 'withdrawListing',
    method: 'DELETE',
    path: '/v1/listings/{listingId}',
    tag: 'Listings',
    summary: 'Withdraw a listing (kept for the record, no longer offered; send the version you read)',
    params: listingParams,
    success: { status: 200, description: 'The withdrawn listing', schema: ListingOut },
    errors: [400, 401, 403, 404, 412],
    versionRequired: true,
    handle: async ({ caller, params, ifMatch }, deps) => ({ body: await withdrawListing(deps, caller, params.listingId, ifMatch) }),
  }),
];

