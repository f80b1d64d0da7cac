/**
 * Matches: a proposed pairing of a listing with a demand, its score and reasons, the proposed
 * quantity, and the two sides' decisions. Confirmed when both accept; confirming reserves the
 * volume on both sides atomically.
 */
import * as z from 'zod/mini';
import { assertOwner, type Caller } from '#domain/access.ts';
import { ConflictError, NotFoundError } from '#domain/errors.ts';
import type { Deps } from '#domain/ports.ts';
import { getListing } from '#domain/listings.ts';
import { getDemand } from '#domain/demands.ts';
import { PreconditionFailedError } from '#domain/errors.ts';
import { matchEvent } from '#domain/events.ts';

export const MATCH_STATUSES = ['proposed', 'confirmed', 'declined', 'expired', 'superseded'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];
export const DECISIONS = ['pending', 'accepted', 'declined'] as const;
export type Decision = (typeof DECISIONS)[number];

const factors = z.object({
  productFit: z.number(),
  priceMargin: z.number(),
  distance: z.number(),
  windowOverlap: z.number(),
  certifications: z.number(),
  volumeFit: z.number(),
});

export const MatchOut = z.object({
  id: z.string(),
  listingId: z.string(),
  demandId: z.string(),
  sellerId: z.string(),
  buyerId: z.string(),
  product: z.string(),
  category: z.string(),
  sellerProvince: z.string(),
  deliveryProvince: z.string(),
  distanceKm: z.number(),
  priceVndPerKg: z.optional(z.number()),
  window: z.object({ from: z.string(), to: z.string(), days: z.number() }),
  /** Σ weight x factor, in [0, 1]; the weights are in domain/matching/rules.ts. */
  score: z.number(),
  factors,
  reasons: z.object({ vi: z.array(z.string()), en: z.array(z.string()) }),
  /** The quantity allocation proposes for this pair, given both sides' volumes and minimums. */
  proposedKg: z.number(),
  confirmedKg: z.optional(z.number()),
  status: z.enum(MATCH_STATUSES),
  sellerDecision: z.enum(DECISIONS),
  buyerDecision: z.enum(DECISIONS),
  confirmedAt: z.optional(z.string()),
  version: z.int(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Match = z.infer<typeof MatchOut> & { sellerOwnerId: string; buyerOwnerId: string };

export const matchIdParam = z.string().check(z.regex(/^M[0-9A-HJKMNP-TV-Z]{25}$/, 'ulid-format'));

/** Which side of the match the caller is on (a user may own both, e.g. in tests or demos). */
function sidesOf(caller: Caller, m: Match): ('seller' | 'buyer')[] {
  const sides: ('seller' | 'buyer')[] = [];
  if (m.sellerOwnerId === caller.sub) sides.push('seller');
  if (m.buyerOwnerId === caller.sub) sides.push('buyer');
  return sides;
}

/** Reads a match; its two parties and admins only (others get 404: matches are private). */
export async function getMatch(deps: Deps, caller: Caller, matchId: string): Promise<Match> {
  const match = await deps.matches.get(matchId);
  if (!match) throw new NotFoundError('not-found', { resource: 'match', id: matchId });
  assertOwner(caller, [match.sellerOwnerId, match.buyerOwnerId], 'match', { id: matchId, adminMay: true, hide: true });
  return match;
}

const byScore = (a: Match, b: Match) => b.score - a.score || a.id.localeCompare(b.id);

/** The matches of a listing, best first; the listing's owner and admins only. */
export async function listingMatches(deps: Deps, caller: Caller, listingId: string): Promise<Match[]> {
  const listing = await getListing(deps, listingId);
  assertOwner(caller, listing.ownerId, 'listing', { id: listingId, adminMay: true });
  return (await deps.matches.listByListing(listingId)).sort(byScore);
}

/** The matches of a demand, best first; the demand's owner and admins only. */
export async function demandMatches(deps: Deps, caller: Caller, demandId: string): Promise<Match[]> {
  const demand = await getDemand(deps, demandId);
  assertOwner(caller, demand.ownerId, 'demand', { id: demandId, adminMay: true });
  return (await deps.matches.listByDemand(demandId)).sort(byScore);
}

/**
 * Records the caller's decision. When both sides have accepted, the match is confirmed and the
 * proposed quantity is reserved on the listing and the demand in one transaction; if either
 * no longer has the volume, the confirmation fails with 409 and nothing is reserved.
 */
export async function decideMatch(deps: Deps, caller: Caller, matchId: string, decision: 'accepted' | 'declined', ifMatch?: number): Promise<Match> {
  const match = await getMatch(deps, caller, matchId);
  const sides = sidesOf(caller, match);
  if (sides.length === 0) {
    // Admins can read matches but not decide for a party.
    throw new NotFoundError('not-found', { resource: 'match', id: matchId });
  }
  if (ifMatch !== undefined && ifMatch !== match.version) throw new PreconditionFailedError('version-mismatch', { resource: 'match', sent: ifMatch });
  if (match.status !== 'proposed') throw new ConflictError('invalid-state', { resource: 'match', state: match.status, expected: 'proposed' });
  const now = deps.clock.now().toISOString();
  const next: Match = { ...match, version: match.version + 1, updatedAt: now };
  for (const side of sides) next[side === 'seller' ? 'sellerDecision' : 'buyerDecision'] = decision;
  const decidedBy = sides.length === 1 ? sides[0] : undefined;
  if (decision === 'declined') {
    next.status = 'declined';
    await deps.matches.update(next, [matchEvent(deps, 'declined', next, decidedBy)]);
    return next;
  }
  if (next.sellerDecision === 'accepted' && next.buyerDecision === 'accepted') {
    next.status = 'confirmed';
    next.confirmedKg = match.proposedKg;
    next.confirmedAt = now;
    const outcome = await deps.matches.confirm(next, [matchEvent(deps, 'confirmed', next, decidedBy)]);
    if (!outcome.ok) throw new ConflictError('volume-gone', { side: outcome.reason });
    return next;
  }
  await deps.matches.update(next, [matchEvent(deps, 'accepted', next, decidedBy)]);
  return next;
}

