/** Routes for matches, fair suggestions and outcome statistics. */
import * as z from 'zod/mini';
import { decideMatch, demandMatches, getMatch, listingMatches, matchIdParam, MatchListParams, MatchOut, type Match } from '#domain/matching/matches.ts';
import { FairSuggestionOut, suggestFairs } from '#domain/matching/fair-suggestions.ts';
import { getStats, StatsOut, StatsParams, statsToCsv, STATS_EXAMPLE } from '#domain/stats.ts';
import { csvHeaders, csvLang, wantsCsv } from '#functions/routes/csv.ts';
import { route } from '#functions/http/route.ts';
import { withPartyView } from '#domain/parties.ts';
import { MatchViewOut } from '#functions/routes/match-view.ts';
import { page } from '#domain/schemas.ts';
import { demandParams, listingParams, pageOf, sellerParams } from '#functions/routes/params.ts';

const matchParams = z.strictObject({ matchId: matchIdParam });
const matchList = page(MatchOut);

export const matchesStatsRoutes = [
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
    summary: 'Read a match: score, per-factor breakdown, reasons (vi/en), proposed quantity, decisions, who the other party is (contact and next step once confirmed)',
    params: matchParams,
    success: { status: 200, description: 'The match', schema: MatchViewOut },
    errors: [400, 401, 403, 404],
    handle: async ({ caller, params }, deps) => ({ body: await withPartyView(deps, caller, await getMatch(deps, caller, params.matchId)) }),
  }),
  route({
    operationId: 'acceptMatch',
    method: 'POST',
    path: '/v1/matches/{matchId}/accept',
    tag: 'Matching',
    summary: 'Accept a match for your side; when both sides accept it is confirmed and the volume reserved. Repeating it is a no-op; If-Match is optional',
    params: matchParams,
    success: { status: 200, description: 'The match after your decision (with the other party’s contact once confirmed)', schema: MatchViewOut },
    errors: [400, 401, 403, 404, 409, 412, 422, 503],
    // A decision changes only the caller's side; requiring the version would make the two sides race each other.
    versionRequired: false,
    // An Idempotency-Key replay answers the match as stored, without the parties (read at request time).
    answer: { resource: 'match', result: (match: Match) => ({ body: match }) },
    handle: async ({ caller, params, ifMatch }, deps) => ({ body: await withPartyView(deps, caller, await decideMatch(deps, caller, params.matchId, 'accepted', ifMatch)) }),
  }),
  route({
    operationId: 'declineMatch',
    method: 'POST',
    path: '/v1/matches/{matchId}/decline',
    tag: 'Matching',
    summary: 'Decline a match; the pair is never proposed again. Repeating it is a no-op; If-Match is optional',
    params: matchParams,
    success: { status: 200, description: 'The declined match', schema: MatchViewOut },
    errors: [400, 401, 403, 404, 409, 412, 422],
    versionRequired: false,
    // An Idempotency-Key replay answers the match as stored, without the parties (read at request time).
    answer: { resource: 'match', result: (match: Match) => ({ body: match }) },
    handle: async ({ caller, params, ifMatch }, deps) => ({ body: await withPartyView(deps, caller, await decideMatch(deps, caller, params.matchId, 'declined', ifMatch)) }),
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
    success: { status: 200, description: 'Figures by province and product, and totals. `Accept: text/csv` gives CSV with province and product names and headings in Vietnamese (or English with `Accept-Language: en`) and tấn beside every kg figure. Withdrawn listings and demands count only what confirmed matches had committed.', schema: StatsOut, csv: { example: statsToCsv(STATS_EXAMPLE, 'vi') } },
    errors: [400, 401, 403, 406],
    handle: async ({ query, headers, lang }, deps) => {
      const report = await getStats(deps, query);
      if (!wantsCsv(headers.accept)) return { body: report };
      return { body: statsToCsv(report, csvLang(lang, headers['accept-language'])), headers: csvHeaders(`ketnoi-stats-${report.from}-${report.to}.csv`) };
    },
  }),
];
