/** Routes for matches, fair suggestions and outcome statistics. */
import * as z from 'zod/mini';
import { decideMatch, demandMatches, getMatch, listingMatches, matchIdParam, MatchListParams, MatchOut, type Match } from '#domain/matching/matches.ts';
import { FairSuggestionOut, suggestFairs } from '#domain/matching/fair-suggestions.ts';
import { getStats, StatsOut, StatsParams, statsToCsv } from '#domain/stats.ts';
import { NotAcceptableError } from '#domain/errors.ts';
import { route } from '#functions/http/route.ts';
import { page } from '#domain/schemas.ts';
import { demandParams, listingParams, pageOf, sellerParams } from '#functions/routes/params.ts';

const matchParams = z.strictObject({ matchId: matchIdParam });
const matchList = page(MatchOut);

/** True when the Accept header lists `text/csv` before any JSON type; 406 if it allows neither. */
function wantsCsv(accept: string | undefined): boolean {
  if (!accept) return false;
  const types = accept.split(',').map((t) => t.split(';')[0].trim().toLowerCase());
  const csv = types.indexOf('text/csv');
  const json = types.findIndex((t) => t === 'application/json' || t === 'application/*' || t === '*/*');
  if (csv === -1 && json === -1) throw new NotAcceptableError('not-acceptable', { types: 'application/json, text/csv' });
  return csv !== -1 && (json === -1 || csv < json);
}

export const matchingRoutes = [
  route({
    operationId: 'listingMatches',
    method: 'GET',
    path: '/v1/listings/{listingId}/matches',
    tag: 'Matching',
    summary: "One page of a listing's matches with demands, best score first (ties by id), with each match's reasons; optionally only one status",
    params: listingParams,
    query: MatchListParams,
    success: { status: 200, description: 'One page of matches', schema: matchList },
    errors: [400, 401, 403, 404],
    handle: async ({ caller, params, query }, deps) => ({ body: await listingMatches(deps, caller, params.listingId, pageOf(query), query.status) }),
  }),
  route({
    operationId: 'demandMatches',
    method: 'GET',
    path: '/v1/demands/{demandId}/matches',
    tag: 'Matching',
    summary: "One page of a demand's matches with listings, best score first (ties by id); optionally only one status",
    params: demandParams,
    query: MatchListParams,
    success: { status: 200, description: 'One page of matches', schema: matchList },
    errors: [400, 401, 403, 404],
    handle: async ({ caller, params, query }, deps) => ({ body: await demandMatches(deps, caller, params.demandId, pageOf(query), query.status) }),
  }),
  route({
    operationId: 'getMatch',
    method: 'GET',
    path: '/v1/matches/{matchId}',
    tag: 'Matching',
    summary: 'Read a match: score, per-factor breakdown, reasons (vi/en), proposed quantity, decisions',
    params: matchParams,
    success: { status: 200, description: 'The match', schema: MatchOut },
    errors: [400, 401, 403, 404],
    handle: async ({ caller, params }, deps) => ({ body: await getMatch(deps, caller, params.matchId) }),
  }),
  route({
    operationId: 'acceptMatch',
    method: 'POST',
    path: '/v1/matches/{matchId}/accept',
    tag: 'Matching',
    summary: 'Accept a match for your side; when both sides accept it is confirmed and the volume reserved. Repeating it is a no-op; If-Match is optional',
    params: matchParams,
    success: { status: 200, description: 'The match after your decision', schema: MatchOut },
    errors: [400, 401, 403, 404, 409, 412, 422, 503],
    // A decision changes only the caller's side; requiring the version would make the two sides race each other.
    versionRequired: false,
    answer: { resource: 'match', result: (match: Match) => ({ body: match }) },
    handle: async ({ caller, params, ifMatch }, deps) => ({ body: await decideMatch(deps, caller, params.matchId, 'accepted', ifMatch) }),
  }),
  route({
    operationId: 'declineMatch',
    method: 'POST',
    path: '/v1/matches/{matchId}/decline',
    tag: 'Matching',
    summary: 'Decline a match; the pair is never proposed again. Repeating it is a no-op; If-Match is optional',
    params: matchParams,
    success: { status: 200, description: 'The declined match', schema: MatchOut },
    errors: [400, 401, 403, 404, 409, 412, 422],
    versionRequired: false,
    answer: { resource: 'match', result: (match: Match) => ({ body: match }) },
    handle: async ({ caller, params, ifMatch }, deps) => ({ body: await decideMatch(deps, caller, params.matchId, 'declined', ifMatch) }),
  }),
  route({
    operationId: 'fairSuggestions',
    method: 'GET',
    path: '/v1/sellers/{sellerId}/fair-suggestions',
    tag: 'Matching',
    summary: 'Published fairs with open registration and free booths that fit the seller’s active listings and are within reach',
    params: sellerParams,
    success: { status: 200, description: 'Suggested fairs, best fitting first', schema: z.object({ items: z.array(FairSuggestionOut) }) },
    errors: [400, 401, 403, 404],
    handle: async ({ caller, params }, deps) => ({ body: { items: await suggestFairs(deps, caller, params.sellerId) } }),
  }),
  route({
    operationId: 'getStats',
    method: 'GET',
    path: '/v1/stats',
    tag: 'Statistics',
    summary: 'Listed, demanded, proposed and confirmed volume, matches and fairs, by province and product over a period (JSON or CSV)',
    query: StatsParams,
    success: { status: 200, description: 'Figures by province and product, and totals; `Accept: text/csv` for CSV', schema: StatsOut },
    errors: [400, 401, 403, 406],
    handle: async ({ query, headers }, deps) => {
      const report = await getStats(deps, query);
      if (!wantsCsv(headers.accept)) return { body: report };
      return { body: statsToCsv(report), headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="ketnoi-stats-${report.from}-${report.to}.csv"` } };
    },
  }),
];
