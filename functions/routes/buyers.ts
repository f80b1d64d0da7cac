/** Routes for buyer profiles. */
import { BuyerCreate, BuyerOut, BuyerPatch, createBuyer, updateBuyer, type Buyer } from '#domain/buyers.ts';
import { getBuyer } from '#domain/lookups.ts';
import { route } from '#functions/http/route.ts';
import { buyerParams, locationOf } from '#functions/routes/params.ts';

const created = (buyer: Buyer) => ({ body: buyer, headers: locationOf(`/v1/buyers/${buyer.id}`) });

export const buyerRoutes = [
  route({
    operationId: 'createBuyer',
    method: 'POST',
    path: '/v1/buyers',
    tag: 'Buyers',
    summary: 'Register a buyer (supermarket, wholesale market, commercial centre, exporter, processor)',
    body: BuyerCreate,
    success: { status: 201, description: 'The new buyer profile', schema: BuyerOut },
    errors: [400, 401, 403, 409, 413, 415, 422],
    answer: { resource: 'buyer', result: created },
    handle: async ({ caller, body }, deps) => created(await createBuyer(deps, caller, body)),
  }),
  route({
    operationId: 'getBuyer',
    method: 'GET',
    path: '/v1/buyers/{buyerId}',
    tag: 'Buyers',
    summary: 'Read a buyer profile',
    params: buyerParams,
    success: { status: 200, description: 'The buyer', schema: BuyerOut },
    errors: [400, 401, 403, 404],
    handle: async ({ params }, deps) => ({ body: await getBuyer(deps, params.buyerId) }),
  }),
  route({
    operationId: 'updateBuyer',
    method: 'PATCH',
    path: '/v1/buyers/{buyerId}',
    tag: 'Buyers',
    summary: 'Change a buyer profile (owner only; send the version you read)',
    params: buyerParams,
    body: BuyerPatch,
    success: { status: 200, description: 'The updated buyer', schema: BuyerOut },
    errors: [400, 401, 403, 404, 412, 413, 415],
    versionRequired: true,
    handle: async ({ caller, params, body, ifMatch }, deps) => ({ body: await updateBuyer(deps, caller, params.buyerId, body, ifMatch) }),
  }),
];
