/**
 * The allocation problem: its public types, and its preparation into the integer arrays the
 * solvers work on (pairs resolved to indices, duplicates merged, unusable pairs dropped).
 *
 * Pure domain code: no I/O, no clocks, deterministic for a given input.
 */
// ---------------------------------------------------------------------------------------------
// Public types
// ---------------------------------------------------------------------------------------------

/** A seller's listing as the allocator sees it: what is left to sell and the smallest order accepted. */
export interface AllocationListing {
  id: string;
  /** Remaining volume in kg (fractions are rounded down; negative or non-finite counts as 0). */
  supplyKg: number;
  /** The smallest quantity this seller ships to one buyer. */
  minOrderKg: number;
}

/** A buyer's demand as the allocator sees it: what is still wanted and the smallest worthwhile lot. */
export interface AllocationDemand {
  id: string;
  /** Remaining volume in kg (fractions are rounded down; negative or non-finite counts as 0). */
  demandKg: number;
  /** The smallest lot worth buying from one seller. */
  minLotKg: number;
}

/** A candidate pair that passed the matcher's hard filters, with its score in (0, 1]. */
export interface AllocationPair {
  listingId: string;
  demandId: string;
  score: number;
}

/**
 * Input of the allocator. Ids are unique within `listings` and within `demands` (if an id repeats,
 * the first occurrence wins); if a pair repeats, its highest score is used.
 */
export interface AllocationProblem {
  listings: AllocationListing[];
  demands: AllocationDemand[];
  pairs: AllocationPair[];
}

/** Result of an allocator. */
export interface Allocation {
  /** Whole kilograms per pair, keyed by {@link pairKey}; only pairs with a positive quantity appear. */
  quantities: Map<string, number>;
  /** Σ score × kg over the allocated pairs. */
  objective: number;
  /** Which algorithm produced the result, for logs and benchmarks. */
  method: string;
  /**
   * Objective of the LP relaxation (minimums ignored, volumes kept, pairs whose minimum exceeds
   * either volume left out) when the solver computed it: no allocation can score more. Exact up to
   * the rounding of scores to integers inside the flow solver (below 1e-8 relative).
   */
  upperBound?: number;
}

/** Tuning knobs of {@link allocate}; the defaults suit the 1,000 × 1,000 matching batch. */
export interface AllocateOptions {
  /**
   * Largest number of pairs violating their minimum in the relaxed solution for which the exact
   * branch-and-bound is attempted; above it the repair heuristic runs. Default 12.
   */
  maxExactViolations?: number;
  /**
   * Node budget of the branch-and-bound; when it runs out, the repair heuristic runs too and the
   * better result is kept. Each node is a warm re-solve costing roughly O(pairs), so the default
   * scales down with size: 2,000 up to 100 pairs, then 200,000 / pairs; below 20 nodes (over
   * 10,000 pairs) the search is skipped — there the repair is already within a hair of the bound
   * and the search would only burn the time budget.
   */
  maxBranchNodes?: number;
  /** Iteration budget of the repair heuristic (each iteration is one warm re-solve). Default 10. */
  maxRepairRounds?: number;
  /**
   * When the repair heuristic is down to this many conflicting pairs it settles them one at a time,
   * trying both "drop it" and "raise it to its minimum" and keeping the better; above it, it settles
   * a whole batch per iteration by a rule of thumb. Default 16.
   */
  repairTrialThreshold?: number;
}

/** The key of a pair in {@link Allocation.quantities}. */
export const pairKey = (listingId: string, demandId: string): string => `${listingId}|${demandId}`;

// ---------------------------------------------------------------------------------------------
// Problem preparation
// ---------------------------------------------------------------------------------------------

/** The problem reduced to the pairs that can carry flow, with integer volumes and minimums. */
export interface Prepared {
  nL: number;
  nD: number;
  supply: Float64Array;
  demand: Float64Array;
  listingIds: string[];
  demandIds: string[];
  /** Number of usable pairs, and for each: listing, demand, score and minimum lot. */
  P: number;
  pl: Int32Array;
  pd: Int32Array;
  score: Float64Array;
  lb: Float64Array;
}

const wholeKg = (v: number): number => (Number.isFinite(v) && v > 0 ? Math.floor(v) : 0);
// Minimums are rounded up so that an integer quantity that meets the rounded minimum meets the real one.
const minimumKg = (v: number): number => (Number.isFinite(v) && v > 0 ? Math.ceil(v) : 0);

/** Listings and demands by index, first occurrence of an id winning, volumes in whole kg. */
export function indexNodes(problem: AllocationProblem) {
  const listingIndex = new Map<string, number>();
  const demandIndex = new Map<string, number>();
  const listingIds: string[] = [];
  const demandIds: string[] = [];
  const supply: number[] = [];
  const demand: number[] = [];
  const minOrder: number[] = [];
  const minLot: number[] = [];
  for (const l of problem.listings) {
    if (listingIndex.has(l.id)) continue;
    listingIndex.set(l.id, supply.length);
    listingIds.push(l.id);
    supply.push(wholeKg(l.supplyKg));
    minOrder.push(minimumKg(l.minOrderKg));
  }
  for (const d of problem.demands) {
    if (demandIndex.has(d.id)) continue;
    demandIndex.set(d.id, demand.length);
    demandIds.push(d.id);
    demand.push(wholeKg(d.demandKg));
    minLot.push(minimumKg(d.minLotKg));
  }
  return { listingIndex, demandIndex, listingIds, demandIds, supply: Float64Array.from(supply), demand: Float64Array.from(demand), minOrder, minLot };
}

/**
 * Resolves the pairs to indices and keeps those that can carry flow: a pair that earns nothing, or
 * whose minimum exceeds what either side has, can never be used. Duplicates are merged by bucketing
 * the pairs per listing and stamping demands, which avoids building 50,000 string keys.
 */
export function prepare(problem: AllocationProblem): Prepared {
  const { listingIndex, demandIndex, listingIds, demandIds, supply, demand, minOrder, minLot } = indexNodes(problem);
  const nL = supply.length;
  const nD = demand.length;
  const n = problem.pairs.length;
  const rl = new Int32Array(n);
  const rd = new Int32Array(n);
  const start = new Int32Array(nL + 1);
  // Candidate lists usually come grouped by listing or by demand: remembering the previous lookup
  // saves most of the 100,000 string-keyed map lookups.
  let lastListing: string | undefined;
  let lastDemand: string | undefined;
  let l: number | undefined;
  let d: number | undefined;
  for (let k = 0; k < n; k++) {
    const pair = problem.pairs[k];
    if (pair.listingId !== lastListing) l = listingIndex.get((lastListing = pair.listingId));
    if (pair.demandId !== lastDemand) d = demandIndex.get((lastDemand = pair.demandId));
    rl[k] = l ?? -1;
    rd[k] = d ?? -1;
    if (l !== undefined && d !== undefined) start[l + 1]++;
  }
  for (let l = 0; l < nL; l++) start[l + 1] += start[l];
  const bucket = new Int32Array(start[nL]);
  const fill = start.slice(0, nL);
  for (let k = 0; k < n; k++) if (rl[k] >= 0 && rd[k] >= 0) bucket[fill[rl[k]]++] = k;

  const pl = new Int32Array(start[nL]);
  const pd = new Int32Array(start[nL]);
  const score = new Float64Array(start[nL]);
  const lb = new Float64Array(start[nL]);
  // Per demand: the last listing that paired with it, and at which pair index.
  const stamp = new Int32Array(nD).fill(-1);
  const slot = new Int32Array(nD);
  let P = 0;
  for (let l = 0; l < nL; l++) {
    const first = P;
    for (let i = start[l]; i < start[l + 1]; i++) {
      const k = bucket[i];
      const d = rd[k];
      const sc = problem.pairs[k].score;
      const s = Number.isFinite(sc) ? sc : 0;
      if (stamp[d] === l) {
        score[slot[d]] = Math.max(score[slot[d]], s);
        continue;
      }
      stamp[d] = l;
      slot[d] = P;
      pl[P] = l;
      pd[P] = d;
      score[P] = s;
      lb[P] = Math.max(minOrder[l], minLot[d]);
      P++;
    }
    // Drop this listing's unusable pairs now that duplicates have been merged.
    let kept = first;
    for (let p = first; p < P; p++) {
      if (!(score[p] > 0) || Math.max(lb[p], 1) > Math.min(supply[l], demand[pd[p]])) continue;
      pl[kept] = pl[p];
      pd[kept] = pd[p];
      score[kept] = score[p];
      lb[kept] = lb[p];
      kept++;
    }
    P = kept;
  }
  return { nL, nD, supply, demand, listingIds, demandIds, P, pl: pl.slice(0, P), pd: pd.slice(0, P), score: score.slice(0, P), lb: lb.slice(0, P) };
}

const keyOf = (prep: Prepared, p: number): string => pairKey(prep.listingIds[prep.pl[p]], prep.demandIds[prep.pd[p]]);

/** Builds the result from per-pair quantities; the objective is summed in pair order for reproducibility. */
export function toAllocation(prep: Prepared, x: ArrayLike<number>, method: string, upperBound?: number): Allocation {
  const quantities = new Map<string, number>();
  let objective = 0;
  for (let p = 0; p < prep.P; p++) {
    if (x[p] > 0) {
      quantities.set(keyOf(prep, p), x[p]);
      objective += prep.score[p] * x[p];
    }
  }
  return upperBound === undefined ? { quantities, objective, method } : { quantities, objective, method, upperBound };
}

// Two objectives closer than this are the same allocation up to float noise.
export const tolerance = (v: number): number => 1e-9 * Math.max(1, Math.abs(v));
