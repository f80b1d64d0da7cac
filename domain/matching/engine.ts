/**
 * The matcher: for listings and demands that changed, find candidates through the matching
 * index (Queries, never a Scan), keep the pairs that pass every hard filter, score them,
 * allocate the finite volumes across the pairs, and write the proposals. Runs from the table's
 * stream, in AWS and locally alike (functions/handlers/stream.ts).
 */
import type { Listing } from '#domain/listings.ts';
import type { Demand } from '#domain/demands.ts';
import type { Deps } from '#domain/ports.ts';
import type { Match } from '#domain/matching/matches.ts';
import { hardFilters, matchId, scorePair, type DemandSide, type SupplySide } from '#domain/matching/rules.ts';
import { allocate, type AllocationProblem } from '#domain/matching/allocation.ts';
import { matchEvent } from '#domain/events.ts';

type Supply = SupplySide & { ownerId: string; priceVndPerKg?: number };
type DemandCandidate = DemandSide & { ownerId: string };

export interface CandidatePair {
  id: string;
  supply: Supply;
  demand: DemandCandidate;
  score: ReturnType<typeof scorePair>;
}

export interface MatchRunReport {
  /** Index items DynamoDB read for candidates (ScannedCount). */
  itemsRead: number;
  readCapacity: number;
  queries: number;
  /** Items returned by the queries (after the window filter expression). */
  candidatesReturned: number;
  /** Pairs that passed every hard filter. */
  candidatesPassing: number;
  proposed: number;
  created: number;
  updated: number;
  superseded: number;
  ms: { candidates: number; scoring: number; allocation: number; writes: number };
}

/**
 * At most this many best-scoring candidates per listing or demand go to allocation and become
 * proposals: nobody reads a thousand proposals, and it bounds the work a popular partition
 * can cause.
 */
export const MAX_CANDIDATES_PER_SIDE = 50;
/** A changed demand re-balances this many of its best candidate listings with all their demands. */
export const MAX_LISTINGS_PULLED_IN = 10;

const isLive = { listing: (l: Listing) => l.status === 'active' && l.remainingKg > 0, demand: (d: Demand) => d.status === 'open' && d.remainingKg > 0 };
const FINAL = new Set(['declined', 'confirmed', 'expired']);

/**
 * Finds and scores candidate pairs for the given listings and demands, without writing.
 * This is the part the benchmark times against the bare queries.
 */
export async function findCandidates(deps: Deps, listings: Listing[], demands: Demand[], report: MatchRunReport): Promise<CandidatePair[]> {
  const pairs = new Map<string, CandidatePair>();
  const t0 = performance.now();
  const reads = await Promise.all([
    ...listings.filter(isLive.listing).map(async (l) => ({ side: 'listing' as const, owner: l, read: await deps.matchIndex.demandsFor(l) })),
    ...demands.filter(isLive.demand).map(async (d) => ({ side: 'demand' as const, owner: d, read: await deps.matchIndex.listingsFor(d) })),
  ]);
  const t1 = performance.now();
  for (const { side, owner, read } of reads) {
    report.itemsRead += read.itemsRead;
    report.readCapacity += read.readCapacity;
    report.queries += read.queries;
    report.candidatesReturned += read.items.length;
    const passing: CandidatePair[] = [];
    for (const other of read.items) {
      const supply = (side === 'listing' ? owner : other) as Supply;
      const demand = (side === 'listing' ? other : owner) as DemandCandidate;
      if (!hardFilters(supply, demand).ok) continue;
      passing.push({ id: matchId(supply.id, demand.id), supply, demand, score: scorePair(supply, demand) });
    }
    report.candidatesPassing += passing.length;
    passing.sort((a, b) => b.score.score - a.score.score || a.id.localeCompare(b.id));
    for (const p of passing.slice(0, MAX_CANDIDATES_PER_SIDE)) if (!pairs.has(p.id)) pairs.set(p.id, p);
  }
  report.ms.candidates += t1 - t0;
  report.ms.scoring += performance.now() - t1;
  return [...pairs.values()];
}

/** Splits the volumes across the pairs (see allocation.ts); returns kg per pair id. */
export function allocatePairs(pairs: CandidatePair[]): Map<string, number> {
  const problem: AllocationProblem = { listings: [], demands: [], pairs: [] };
  const seen = new Set<string>();
  for (const p of pairs) {
    if (!seen.has(p.supply.id)) (seen.add(p.supply.id), problem.listings.push({ id: p.supply.id, supplyKg: Math.floor(p.supply.remainingKg), minOrderKg: Math.ceil(Math.min(p.supply.minOrderKg, p.supply.remainingKg)) }));
    if (!seen.has(p.demand.id)) (seen.add(p.demand.id), problem.demands.push({ id: p.demand.id, demandKg: Math.floor(p.demand.remainingKg), minLotKg: Math.ceil(Math.min(p.demand.minQuantityKg, p.demand.remainingKg)) }));
    problem.pairs.push({ listingId: p.supply.id, demandId: p.demand.id, score: Math.max(p.score.score, 1e-6) });
  }
  const { quantities } = allocate(problem);
  const byPair = new Map<string, number>();
  for (const p of pairs) {
    const kg = quantities.get(`${p.supply.id}|${p.demand.id}`) ?? 0;
    if (kg > 0) byPair.set(p.id, kg);
  }
  return byPair;
}

function toMatch(p: CandidatePair, proposedKg: number, now: string): Match {
  const { supply: s, demand: d, score } = p;
  return {
    id: p.id,
    listingId: s.id,
    demandId: d.id,
    sellerId: s.sellerId,
    buyerId: d.buyerId,
    sellerOwnerId: s.ownerId,
    buyerOwnerId: d.ownerId,
    product: s.product,
    category: s.category,
    sellerProvince: s.province,
    deliveryProvince: d.deliveryProvince,
    distanceKm: score.distanceKm,
    priceVndPerKg: s.priceVndPerKg,
    window: { from: score.overlap.from, to: score.overlap.to, days: score.overlap.days },
    score: score.score,
    factors: score.factors,
    reasons: { vi: [...score.reasons.vi], en: [...score.reasons.en] },
    proposedKg,
    status: 'proposed',
    sellerDecision: 'pending',
    buyerDecision: 'pending',
    version: 1,
    createdAt: now,
    updatedAt: now,
  };
}

export const emptyReport = (): MatchRunReport => ({
  itemsRead: 0,
  readCapacity: 0,
  queries: 0,
  candidatesReturned: 0,
  candidatesPassing: 0,
  proposed: 0,
  created: 0,
  updated: 0,
  superseded: 0,
  ms: { candidates: 0, scoring: 0, allocation: 0, writes: 0 },
});

/**
 * Re-matches the listings and demands that changed: proposes the allocated pairs (never
 * re-proposing a declined or decided one) and supersedes their proposals that allocation no
 * longer supports or whose side is gone (withdrawn, sold out, expired, fulfilled).
 *
 * A listing's volume is split across all its candidate demands in one allocation. A changed
 * demand pulls in its candidate listings with all of their candidates, so its own volume and
 * theirs are split together rather than proposed twice.
 */
export async function rematch(deps: Deps, listings: Listing[], demands: Demand[]): Promise<MatchRunReport> {
  const report = emptyReport();
  if (listings.length === 0 && demands.length === 0) return report;
  const fromDemands = await findCandidates(deps, [], demands, report);
  const changedListingIds = new Set(listings.map((l) => l.id));
  const pulledIn = [...new Map(fromDemands.filter((p) => !changedListingIds.has(p.supply.id)).map((p) => [p.supply.id, p.supply])).values()].slice(0, MAX_LISTINGS_PULLED_IN);
  // Pulled-in listings are index projections of live listings; findCandidates needs only those fields.
  const centres = [...listings, ...(pulledIn as unknown as Listing[])];
  const [fromListings, existingLists] = await Promise.all([
    findCandidates(deps, centres.map((l) => ({ ...l, status: l.status ?? 'active' }) as Listing), [], report),
    Promise.all([...centres.map((l) => deps.matches.listByListing(l.id)), ...demands.map((d) => deps.matches.listByDemand(d.id))]),
  ]);
  const candidates = [...new Map([...fromDemands, ...fromListings].map((p) => [p.id, p])).values()];
  const existing = new Map(existingLists.flat().map((m) => [m.id, m]));
  const open = candidates.filter((p) => !FINAL.has(existing.get(p.id)?.status ?? ''));

  const t0 = performance.now();
  const allocation = allocatePairs(open);
  const t1 = performance.now();
  report.ms.allocation += t1 - t0;

  const now = deps.clock.now().toISOString();
  const outcomes = await Promise.all(
    open
      .filter((p) => allocation.has(p.id))
      .map((p) => {
        const match = toMatch(p, allocation.get(p.id)!, now);
        return deps.matches.propose(match, [matchEvent(deps, 'proposed', match)]);
      }),
  );
  report.proposed = outcomes.length;
  report.created = outcomes.filter((o) => o === 'created').length;
  report.updated = outcomes.filter((o) => o === 'updated').length;
  const stale = [...existing.values()].filter((m) => m.status === 'proposed' && !allocation.has(m.id));
  const expired = new Set([...listings, ...demands].filter((e) => e.status === 'expired').map((e) => e.id));
  const superseded = await Promise.all(
    stale.map((m) => deps.matches.supersede(m, expired.has(m.listingId) || expired.has(m.demandId) ? 'expired' : 'superseded', now)),
  );
  report.superseded = superseded.filter(Boolean).length;
  report.ms.writes += performance.now() - t1;
  return report;
}
