/**
 * Matches: a proposed pairing of a listing with a demand, its score and reasons, the proposed
 * quantity, and the two sides' decisions. Confirmed when both accept; confirming reserves the
 * volume on both sides atomically.
 */
import * as z from 'zod/mini';
import { assertOwner, type Caller } from '#domain/access.ts';
import { ConflictError, NotFoundError, PreconditionFailedError, UnavailableError } from '#domain/errors.ts';
import type { Deps, Page, PageRequest } from '#domain/ports.ts';
import { pageQuery } from '#domain/schemas.ts';
import { getDemand, getListing } from '#domain/lookups.ts';
import { matchEvent } from '#domain/event-builders.ts';

export const MATCH_STATUSES = ['proposed', 'confirmed', 'declined', 'expired', 'superseded'] as const;
export type MatchStatus = (typeof MATCH_STATUSES)[number];
export const DECISIONS = ['pending', 'accepted', 'declined'] as const;
type Decision = (typeof DECISIONS)[number];

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

/** Query of a match list: one page, optionally only matches in one status. */
export const MatchListParams = z.strictObject({
  status: z.optional(z.enum(MATCH_STATUSES)),
  ...pageQuery,
});

/** One page of a listing's matches, best score first; the listing's owner and admins only. */
export async function listingMatches(deps: Deps, caller: Caller, listingId: string, page: PageRequest, status?: MatchStatus): Promise<Page<Match>> {
  const listing = await getListing(deps, listingId);
  assertOwner(caller, listing.ownerId, 'listing', { id: listingId, adminMay: true });
  return deps.matches.pageByListing(listingId, page, status);
}

/** One page of a demand's matches, best score first; the demand's owner and admins only. */
export async function demandMatches(deps: Deps, caller: Caller, demandId: string, page: PageRequest, status?: MatchStatus): Promise<Page<Match>> {
  const demand = await getDemand(deps, demandId);
  assertOwner(caller, demand.ownerId, 'demand', { id: demandId, adminMay: true });
  return deps.matches.pageByDemand(demandId, page, status);
}

/** How often a decision re-reads and retries after another write changed the match first. */
const DECISION_ATTEMPTS = 8;

/**
 * Records the caller's decision for their side. When both sides have accepted, the match is
 * confirmed and the proposed quantity is reserved on the listing and the demand in one
 * transaction; if either no longer has the volume, 409 volume-gone and nothing changes.
 *
 * A decision the caller's side has already made is a no-op: the match is returned unchanged,
 * with no new version and no event, whatever `ifMatch` says. Otherwise a stale `ifMatch` gets
 * 412. A write that loses a race with another change (typically the other side deciding at the
 * same moment) reads the match again and re-applies the decision, so two simultaneous accepts
 * end in `confirmed`; it gives up with 412 only if the proposed quantity changed meanwhile (the
 * caller agreed to another quantity).
 */
export async function decideMatch(deps: Deps, caller: Caller, matchId: string, decision: 'accepted' | 'declined', ifMatch?: number): Promise<Match> {
  const first = await getMatch(deps, caller, matchId);
  const sides = sidesOf(caller, first);
  if (sides.length === 0) {
    // Admins can read matches but not decide for a party.
    throw new NotFoundError('not-found', { resource: 'match', id: matchId });
  }
  let match = first;
  for (let attempt = 0; ; attempt++) {
    if (isRepeat(match, sides, decision)) return match;
    if (attempt === 0 && ifMatch !== undefined && ifMatch !== match.version) throw new PreconditionFailedError('version-mismatch', { resource: 'match', sent: ifMatch });
    if (match.status !== 'proposed') throw new ConflictError('invalid-state', { resource: 'match', state: match.status, expected: 'proposed' });
    if (match.proposedKg !== first.proposedKg) throw new PreconditionFailedError('version-mismatch', { resource: 'match', sent: ifMatch ?? first.version });
    const next = decided(deps, match, sides, decision);
    const decidedBy = sides.length === 1 ? sides[0] : undefined;
    if (await writeDecision(deps, next, decidedBy)) return next;
    if (attempt + 1 >= DECISION_ATTEMPTS) throw new UnavailableError('busy-retry');
    await new Promise((r) => setTimeout(r, Math.random() * 10 * 2 ** attempt));
    const current = await deps.matches.get(matchId);
    if (!current) throw new NotFoundError('not-found', { resource: 'match', id: matchId });
    match = current;
  }
}

/** True when every side the caller speaks for has already made this decision and it took effect. */
function isRepeat(m: Match, sides: ('seller' | 'buyer')[], decision: Decision): boolean {
  const same = sides.every((side) => m[side === 'seller' ? 'sellerDecision' : 'buyerDecision'] === decision);
  if (!same) return false;
  if (decision === 'declined') return m.status === 'declined';
  return m.status === 'proposed' || m.status === 'confirmed';
}

/** The match after the caller's decision: declined, accepted by one side, or confirmed. */
function decided(deps: Deps, match: Match, sides: ('seller' | 'buyer')[], decision: 'accepted' | 'declined'): Match {
  const now = deps.clock.now().toISOString();
  const next: Match = { ...match, version: match.version + 1, updatedAt: now };
  for (const side of sides) next[side === 'seller' ? 'sellerDecision' : 'buyerDecision'] = decision;
  if (decision === 'declined') next.status = 'declined';
  else if (next.sellerDecision === 'accepted' && next.buyerDecision === 'accepted') {
    next.status = 'confirmed';
    next.confirmedKg = match.proposedKg;
    next.confirmedAt = now;
  }
  return next;
}

/**
 * Writes the decision with its event, if the match is still at the version it was read at.
 * False when another write got there first; 409 volume-gone when a side lacks the volume.
 */
async function writeDecision(deps: Deps, next: Match, decidedBy: 'seller' | 'buyer' | undefined): Promise<boolean> {
  if (next.status === 'confirmed') {
    const outcome = await deps.matches.confirm(next, [matchEvent(deps, 'confirmed', next, decidedBy)]);
    if (outcome.ok) return true;
    if (outcome.reason === 'match') return false;
    throw new ConflictError('volume-gone', { side: outcome.reason });
  }
  const kind = next.status === 'declined' ? 'declined' : 'accepted';
  try {
    await deps.matches.update(next, [matchEvent(deps, kind, next, decidedBy)]);
    return true;
  } catch (err) {
    if (err instanceof PreconditionFailedError) return false;
    throw err;
  }
}
