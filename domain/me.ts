/**
 * "My things": who the signed-in user is, what they own and what waits for them. A cooperative
 * that lost its seller id finds it here (`GET /v1/me`, `GET /v1/sellers?mine=true`) instead of
 * digging through the inbox. Everything is read through indexes (functions/data/mine.ts).
 */
import * as z from 'zod/mini';
import type { Caller } from '#domain/access.ts';
import type { Deps, MatchSide, Page, PageRequest } from '#domain/ports.ts';
import { MATCH_STATUSES, type Match } from '#domain/matching/matches.ts';
import { documented, pageQuery } from '#domain/schemas.ts';
import type { Seller } from '#domain/sellers.ts';
import type { Buyer } from '#domain/buyers.ts';
import type { Booking } from '#domain/fair-views.ts';
import { withPartyViews, type MatchView } from '#domain/parties.ts';

/** How many profiles of each kind `GET /v1/me` lists (the `?mine=true` lists page through all). */
export const ME_PROFILE_LIMIT = 20;

const count = (description: string, example: number) => documented(z.int(), description, example);

export const MeOut = documented(
  z.object({
    sub: documented(z.string(), 'Your user id (the token’s `sub`)', 'coop-phuc-loc'),
    roles: documented(z.array(z.string()), 'Your roles (cooperative, retailer, organiser, admin)', ['cooperative']),
    sellers: documented(
      z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          kind: z.string(),
          province: z.string(),
          reviewFlags: z.optional(z.array(z.string())),
          openListings: count('Listings still active (on offer)', 2),
          proposalsWaiting: count('Proposed matches waiting for your answer on this seller’s side', 3),
        }),
      ),
      'Your seller profiles (cooperative role)',
    ),
    buyers: documented(
      z.array(
        z.object({
          id: z.string(),
          name: z.string(),
          kind: z.string(),
          province: z.string(),
          openDemands: count('Demands still open', 1),
          proposalsWaiting: count('Proposed matches waiting for your answer on this buyer’s side', 2),
        }),
      ),
      'Your buyer profiles (retailer role)',
    ),
    fairs: documented(
      z.array(z.object({ id: z.string(), name: z.string(), status: z.string(), startsOn: z.string(), boothCount: z.int(), bookedCount: z.int() })),
      'Fairs you organise, drafts included (organiser role)',
    ),
    counts: z.object({
      proposalsWaiting: count('All proposed matches waiting for your answer, on any of your profiles', 5),
      unreadNotifications: count('Unread messages in your inbox', 4),
    }),
    truncated: documented(z.boolean(), `True when you have more than ${ME_PROFILE_LIMIT} profiles or fairs of a kind; page through \`?mine=true\` for all`, false),
  }),
  'Who you are and what waits for you',
  {
    sub: 'coop-phuc-loc',
    roles: ['cooperative'],
    sellers: [{ id: '01J8ZQ3Y2N5J1S8WG4Q6A0B9CD', name: 'HTX Vải thiều Phúc Lộc', kind: 'cooperative', province: 'bac-ninh', openListings: 2, proposalsWaiting: 3 }],
    buyers: [],
    fairs: [],
    counts: { proposalsWaiting: 3, unreadNotifications: 4 },
    truncated: false,
  },
);
export type Me = z.infer<typeof MeOut>;

/**
 * Who the caller is, their profiles and fairs with what is open and waiting on each, and the
 * unread count. Cost: one Query per kind of profile, two COUNT Queries per seller or buyer
 * (open listings or demands, proposals waiting), one COUNT Query for everything waiting and one
 * for the inbox; all run in parallel.
 */
export async function getMe(deps: Deps, caller: Caller): Promise<Me> {
  const first = { limit: ME_PROFILE_LIMIT };
  const [sellers, buyers, fairs, sellerWaiting, buyerWaiting, unread] = await Promise.all([
    deps.sellers.listByOwner(caller.sub, first),
    deps.buyers.listByOwner(caller.sub, first),
    deps.mine.fairsOf(caller.sub, first),
    deps.mine.waitingByProfile(caller.sub, 'seller'),
    deps.mine.waitingByProfile(caller.sub, 'buyer'),
    deps.mine.countUnread(caller.sub),
  ]);
  const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);
  return {
    sub: caller.sub,
    roles: caller.roles,
    sellers: await Promise.all(
      sellers.items.map(async (s) => ({
        id: s.id,
        name: s.name,
        kind: s.kind,
        province: s.province,
        ...(s.reviewFlags?.length ? { reviewFlags: s.reviewFlags } : {}),
        openListings: await deps.mine.countListings(s.id, 'active'),
        proposalsWaiting: sellerWaiting.get(s.id) ?? 0,
      })),
    ),
    buyers: await Promise.all(
      buyers.items.map(async (b) => ({
        id: b.id,
        name: b.name,
        kind: b.kind,
        province: b.province,
        openDemands: await deps.mine.countDemands(b.id, 'open'),
        proposalsWaiting: buyerWaiting.get(b.id) ?? 0,
      })),
    ),
    fairs: fairs.items.map((f) => ({ id: f.id, name: f.name, status: f.status, startsOn: f.startsOn, boothCount: f.boothCount, bookedCount: f.bookedCount })),
    counts: { proposalsWaiting: total(sellerWaiting) + total(buyerWaiting), unreadNotifications: unread },
    truncated: Boolean(sellers.nextCursor || buyers.nextCursor || fairs.nextCursor),
  };
}

export const MyMatchesQuery = z.strictObject({
  status: documented(z.optional(z.enum(MATCH_STATUSES)), 'Only matches in this status', 'proposed'),
  side: documented(z.optional(z.enum(['seller', 'buyer'])), 'Only matches where you are this side (your sellers’ or your buyers’)', 'seller'),
  ...pageQuery,
});

/** The caller's seller profiles, a page at a time. */
export const mySellers = (deps: Deps, caller: Caller, page: PageRequest): Promise<Page<Seller>> => deps.sellers.listByOwner(caller.sub, page);
/** The caller's buyer profiles, a page at a time. */
export const myBuyers = (deps: Deps, caller: Caller, page: PageRequest): Promise<Page<Buyer>> => deps.buyers.listByOwner(caller.sub, page);
/** The booth bookings of the caller's sellers. */
export const myBookings = (deps: Deps, caller: Caller, page: PageRequest): Promise<Page<Booking>> => deps.mine.bookingsOf(caller.sub, page);

/**
 * The caller's matches across all their profiles, with both parties' summaries (contacts once
 * confirmed). Ordered by status, side, the caller's decision (accepted, declined, pending), then
 * profile. The list follows a change within the stream's delay (about a second).
 */
export async function myMatches(deps: Deps, caller: Caller, q: { status?: Match['status']; side?: MatchSide }, page: PageRequest): Promise<Page<MatchView>> {
  const result = await deps.mine.matchesOf(caller.sub, q, page);
  return { ...result, items: await withPartyViews(deps, caller, result.items) };
}
