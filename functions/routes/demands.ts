/** Routes for listings (supply offers). */
import {
  createDemand,
  DemandCreate,
  DemandOut,
  DemandPatch,
  DemandSearchParams,
  searchDemands,
  updateDemand,
  withdrawDemand,
  type Demand,
} from '#domain/demands.ts';
import { getDemand } from '#domain/lookups.ts';
import { page } from '#domain/schemas.ts';
import { route } from '#functions/http/route.ts';
import { demandParams, locationOf, pageOf } from '#functions/routes/params.ts';

const created = (demand: Demand) => ({ body: demand, headers: locationOf(`/v1/demands/${demand.id}`) });

export const demandRoutes = [
  route({
    operationId: 'createDemand',
    method: 'POST',
    path: '/v1/demands',
    tag: 'Demands',
    summary: 'Post a purchase demand (for a buyer you own)',
    body: DemandCreate,
    success: { status: 201, description: 'The new demand, open', schema: DemandOut },
    errors: [400, 401, 403, 404, 409, 413, 415, 422],
    answer: { resource: 'demand', result: created },
    handle: async ({ caller, body }, deps) => created(await createDemand(deps, caller, body)),
  }),
  route({
    operationId: 'searchDemands',
    method: 'GET',
    path: '/v1/demands',
    tag: 'Demands',
    summary: 'Search open demands by product, delivery province, buyer and status',
    query: DemandSearchParams,
    success: { status: 200, description: 'One page of listings', schema: page(DemandOut) },
    errors: [400, 401],
    handle: async ({ query }, deps) => {
      const { limit, cursor, ...filters } = query;
      return { body: await searchDemands(deps, filters, pageOf({ limit, cursor })) };
    },
  }),
  route({
    operationId: 'getDemand',
    method: 'GET',
    path: '/v1/demands/{demandId}',
    tag: 'Demands',
    summary: 'Read a demand',
    params: demandParams,
    success: { status: 200, description: 'The demand', schema: DemandOut },
    errors: [400, 401, 404],
    handle: async ({ params }, deps) => ({ body: await getDemand(deps, params.demandId) }),
  }),
  route({
    operationId: 'updateDemand',
    method: 'PATCH',
    path: '/v1/demands/{demandId}',
    tag: 'Demands',
    summary: 'Change an open demand (owner only; send the version you read)',
    params: demandParams,
    body: DemandPatch,
    success: { status: 200, description: 'The updated demand', schema: DemandOut },
    errors: [400, 401, 403, 404, 409, 412, 413, 415],
    versionRequired: true,
    handle: async ({ caller, params, body, ifMatch }, deps) => ({ body: await updateDemand(deps, caller, params.demandId, body, ifMatch) }),
  }),
  route({
    operationId: 'withdrawDemand',
    method: 'DELETE',
    path: '/v1/demands/{demandId}',
    tag: 'Demands',
    summary: 'Withdraw a demand (kept for the record, no longer matched; send the version you read)',
    params: demandParams,
    success: { status: 200, description: 'The withdrawn demand', schema: DemandOut },
    errors: [400, 401, 403, 404, 412],
    versionRequired: true,
    handle: async ({ caller, params, ifMatch }, deps) => ({ body: await withdrawDemand(deps, caller, params.demandId, ifMatch) }),
  }),
];

