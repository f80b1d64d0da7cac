/**
 * The matcher. `rematch` runs from the table's stream (in AWS and locally alike,
 * functions/handlers/stream.ts) for listings and demands that changed and proposals that were
 * decided: it re-allocates their market parts (domain/matching/market.ts), so that the open
 * proposals of a whole part respect every volume and come close to the part's optimum, and
 * writes the proposals that changed.
 *
 * `findCandidates` is the index path (Queries, never a Scan) for one listing or demand: what the
 * matching benchmark measures against the bare Queries.
 */
import type { Listing } from '#domain/listings.ts';
import type { Demand } from '#domain/demands.ts';
import type { Deps } from '#domain/ports.ts';
import type { Match } from '#domain/matching/matches.ts';
import { hardFilters, isLive, matchId, type DemandSide, type SupplySide } from '#domain/matching/rules.ts';
import { scorePair } from '#domain/matching/reasons.ts';
import { allocate, pairKey, type AllocationProblem } from '#domain/matching/solver/index.ts';
import { MarketPart, partKeyOf } from '#domain/matching/market.ts';
import { matchEvent } from '#domain/event-builders.ts';

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
  /** Parts read from the table because this process did not have them current in memory. */
  partsLoaded: number;
  /** Members and pairs of the neighbourhoods re-solved. */
  resolvedNodes: number;
  resolvedPairs: number;
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

/** Splits the volumes across the pairs (see solver/README.md); returns kg per pair id. */
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
  partsLoaded: 0,
  resolvedNodes: 0,
  resolvedPairs: 0,
  updated: 0,
  superseded: 0,
  ms: { candidates: 0, scoring: 0, allocation: 0, writes: 0 },
});

/** A proposal that was declined or confirmed: the pair is never proposed again. */
export interface DecidedPair {
  listingId: string;
  demandId: string;
  category: string;
}

/** The parts this process has in memory, per table, with the version they are current at. */
const partCache = new WeakMap<object, Map<string, { version: number; part: MarketPart }>>();


/**
 * Re-allocates the market parts that the changed listings and demands (and decided proposals)
 * belong to, and writes what changed: new proposals, proposals whose quantity grew or shrank,
 * and proposals superseded (allocation gave them nothing) or expired (their side expired).
 *
 * Each part is taken under its lease, brought in step with the table (from memory when this
 * process made the part's last change, else by one Query of the part), changed, re-solved around
 * the members that changed (see MarketPart.resolve), written, and released with a new version.
 */
export async function rematch(deps: Deps, listings: Listing[], demands: Demand[], decided: DecidedPair[] = []): Promise<MatchRunReport> {
  const report = emptyReport();
  const byPart = new Map<string, { listings: Listing[]; demands: Demand[]; decided: DecidedPair[] }>();
  const slot = (key: string) => byPart.get(key) ?? byPart.set(key, { listings: [], demands: [], decided: [] }).get(key)!;
  for (const l of listings) slot(partKeyOf(l)).listings.push(l);
  for (const d of demands) slot(partKeyOf(d)).demands.push(d);
  for (const p of decided) slot(p.category).decided.push(p);
  for (const [key, changes] of byPart) await rematchPart(deps, key, changes, report);
  return report;
}

async function loadPart(deps: Deps, key: string): Promise<MarketPart> {
  const state = await deps.marketParts.load(key);
  const part = new MarketPart(key);
  for (const l of state.listings) part.upsertListing(l);
  for (const d of state.demands) part.upsertDemand(d);
  part.takeChanges();
  for (const a of state.allocations) {
    for (const [demandId, kg] of Object.entries(a.flows)) part.loadFlow(a.listingId, demandId, kg);
    for (const demandId of a.closed) part.closed.add(pairKey(a.listingId, demandId));
  }
  part.dropInfeasibleFlows();
  return part;
}

async function rematchPart(deps: Deps, key: string, changes: { listings: Listing[]; demands: Demand[]; decided: DecidedPair[] }, report: MatchRunReport): Promise<void> {
  const t0 = performance.now();
  // The changed members' own matches: decided pairs to close, and proposals to reconcile.
  const [lease, ...own] = await Promise.all([
    deps.marketParts.lock(key),
    ...changes.listings.map((l) => deps.matches.listByListing(l.id)),
    ...changes.demands.map((d) => deps.matches.listByDemand(d.id)),
  ]);
  const cache = partCache.get(deps.marketParts) ?? partCache.set(deps.marketParts, new Map()).get(deps.marketParts)!;
  try {
    let part = cache.get(key)?.version === lease.version ? cache.get(key)!.part : undefined;
    if (!part) {
      part = await loadPart(deps, key);
      report.partsLoaded++;
    }
    const existing = new Map<string, Match>();
    for (const m of own.flat()) existing.set(m.id, m);
    const closedBefore = new Set(part.closed);
    const seeds: string[] = [];
    for (const m of existing.values()) if (FINAL.has(m.status)) part.close(m.listingId, m.demandId);
    for (const p of changes.decided) (part.close(p.listingId, p.demandId), seeds.push(p.listingId, p.demandId));
    for (const l of changes.listings) seeds.push(...(isLive.listing(l) ? part.upsertListing(l) : part.remove(l.id)));
    for (const d of changes.demands) seeds.push(...(isLive.demand(d) ? part.upsertDemand(d) : part.remove(d.id)));
    report.ms.candidates += performance.now() - t0;

    const expired = new Set([...changes.listings, ...changes.demands].filter((e) => e.status === 'expired').map((e) => e.id));
    const now = deps.clock.now().toISOString();
    const touchedListings = new Set<string>();
    let pending = seeds;
    for (let pass = 0; pass < 3 && pending.length > 0; pass++) {
      const t1 = performance.now();
      const solved = part.resolve(pending);
      report.resolvedNodes += solved.nodes;
      report.resolvedPairs += solved.arcs;
      const t2 = performance.now();
      report.ms.allocation += t2 - t1;
      const flowChanges = part.takeChanges();
      // Proposals of the changed members that the model does not account for (written before a
      // crash, or by an earlier engine) are brought in line with it too.
      if (pass === 0) {
        const seen = new Set(flowChanges.map((c) => c.key));
        for (const m of existing.values()) {
          const k = pairKey(m.listingId, m.demandId);
          const kg = part.flowOf(m.listingId, m.demandId);
          if (m.status === 'proposed' && !seen.has(k) && m.proposedKg !== kg) flowChanges.push({ key: k, listingId: m.listingId, demandId: m.demandId, fromKg: m.proposedKg, toKg: kg });
          // Same quantity, but a side changed (a certificate verified, a new price): the proposal's
          // score and reasons are written again (propose() leaves it alone when nothing differs).
          else if (m.status === 'proposed' && !seen.has(k) && kg > 0) flowChanges.push({ key: k, listingId: m.listingId, demandId: m.demandId, fromKg: kg, toKg: kg });
        }
      }
      pending = [];
      await Promise.all(
        flowChanges.map(async (c) => {
          touchedListings.add(c.listingId);
          const l = part.listings.get(c.listingId);
          const d = part.demands.get(c.demandId);
          if (c.toKg > 0 && l && d) {
            const score = scorePair(l, d);
            const match = toMatch({ id: matchId(l.id, d.id), supply: l, demand: d, score }, c.toKg, now);
            const outcome = await deps.matches.propose(match, [matchEvent(deps, 'proposed', match)]);
            report.proposed++;
            if (outcome === 'created') report.created++;
            if (outcome === 'updated') report.updated++;
            if (outcome === 'skipped') {
              // Decided meanwhile, or before this part was tracked: never again, and its volume goes elsewhere.
              part.close(l.id, d.id);
              pending.push(l.id, d.id);
            }
          } else if (c.fromKg > 0 || existing.get(matchId(c.listingId, c.demandId))?.status === 'proposed') {
            const status = expired.has(c.listingId) || expired.has(c.demandId) ? 'expired' : 'superseded';
            if (await deps.matches.supersedeById(matchId(c.listingId, c.demandId), status, now)) report.superseded++;
          }
        }),
      );
      report.ms.writes += performance.now() - t2;
    }
    const t3 = performance.now();
    for (const k of part.closed) if (!closedBefore.has(k)) touchedListings.add(k.split('|')[0]);
    await Promise.all(
      [...touchedListings].map((listingId) => {
        const flows: Record<string, number> = {};
        const closed: string[] = [];
        for (const arc of part.arcsOf(listingId)) {
          const kg = part.flowOf(listingId, arc.demandId);
          if (kg > 0) flows[arc.demandId] = kg;
        }
        for (const k of part.closed) if (k.startsWith(`${listingId}|`)) closed.push(k.slice(listingId.length + 1));
        return deps.marketParts.saveAllocation(key, listingId, flows, closed);
      }),
    );
    const version = await lease.release();
    cache.set(key, { version, part });
    report.ms.writes += performance.now() - t3;
  } catch (err) {
    cache.delete(key);
    await lease.abandon();
    throw err;
  }
}
