/** Routes for seller profiles. */
import { createSeller, updateSeller, SellerCreate, SellerOut, SellerPatch, type Seller } from '#domain/sellers.ts';
import { getSeller } from '#domain/lookups.ts';
import { route } from '#functions/http/route.ts';
import { locationOf, sellerParams } from '#functions/routes/params.ts';

const created = (seller: Seller) => ({ body: seller, headers: locationOf(`/v1/sellers/${seller.id}`) });

export const sellerRoutes = [
  route({
    operationId: 'createSeller',
    method: 'POST',
    path: '/v1/sellers',
    tag: 'Sellers',
    summary: 'Register a seller (cooperative, enterprise or household business)',
    body: SellerCreate,
    success: { status: 201, description: 'The new seller profile', schema: SellerOut },
    errors: [400, 401, 403, 409, 413, 415, 422],
    answer: { resource: 'seller', result: created },
    handle: async ({ caller, body }, deps) => created(await createSeller(deps, caller, body)),
  }),
  route({
    operationId: 'getSeller',
    method: 'GET',
    path: '/v1/sellers/{sellerId}',
    tag: 'Sellers',
    summary: 'Read a seller profile',
    params: sellerParams,
    success: { status: 200, description: 'The seller', schema: SellerOut },
    errors: [400, 401, 403, 404],
    handle: async ({ params }, deps) => ({ body: await getSeller(deps, params.sellerId) }),
  }),
  route({
    operationId: 'updateSeller',
    method: 'PATCH',
    path: '/v1/sellers/{sellerId}',
    tag: 'Sellers',
    summary: 'Change a seller profile (owner only; send the version you read)',
    params: sellerParams,
    body: SellerPatch,
    success: { status: 200, description: 'The updated seller', schema: SellerOut },
    errors: [400, 401, 403, 404, 412, 413, 415],
    versionRequired: true,
    handle: async ({ caller, params, body, ifMatch }, deps) => ({ body: await updateSeller(deps, caller, params.sellerId, body, ifMatch) }),
  }),
];
