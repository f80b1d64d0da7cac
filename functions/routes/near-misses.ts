/** Routes that explain why nothing matched: near misses of a demand or a listing. */
import * as z from 'zod/mini';
import { demandNearMisses, listingNearMisses, NearMissOut, NearMissParams } from '#domain/near-misses.ts';
import { route } from '#functions/http/route.ts';
import { demandParams, listingParams } from '#functions/routes/params.ts';

const NearMissList = z.object({ items: z.array(NearMissOut) });
const HOW =
  'Counterparts of the same product (or a product of the demanded category) that fail exactly one hard filter — price, area, window, quantity or certifications — with that filter, by how much (`gap`) and why in vi and en; nearest first, `limit` 1–20 (default 5). Read by Query from the matching index. Fix the one thing (e.g. PATCH the price ceiling or the area) and matching proposes the pair as usual.';

export const nearMissRoutes = [
  route({
    operationId: 'demandNearMisses',
    method: 'GET',
    path: '/v1/demands/{demandId}/near-misses',
    tag: 'Matching',
    summary: `Why nothing matched a demand: the listings that nearly did. ${HOW}`,
    params: demandParams,
    query: NearMissParams,
    success: { status: 200, description: 'The nearest misses, nearest first', schema: NearMissList },
    errors: [400, 401, 403, 404],
    handle: async ({ caller, params, query }, deps) => ({ body: { items: await demandNearMisses(deps, caller, params.demandId, query.limit ?? 5) } }),
  }),
  route({
    operationId: 'listingNearMisses',
    method: 'GET',
    path: '/v1/listings/{listingId}/near-misses',
    tag: 'Matching',
    summary: `Why nothing matched a listing: the demands that nearly did. ${HOW}`,
    params: listingParams,
    query: NearMissParams,
    success: { status: 200, description: 'The nearest misses, nearest first', schema: NearMissList },
    errors: [400, 401, 403, 404],
    handle: async ({ caller, params, query }, deps) => ({ body: { items: await listingNearMisses(deps, caller, params.listingId, query.limit ?? 5) } }),
  }),
];
