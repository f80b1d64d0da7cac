/**
 * Test-only allocation helpers: an exact reference by enumeration for tiny instances, and a
 * checker that lists what is wrong with an allocation. Used by the solver's unit tests and the
 * allocation and matching benchmarks; production code never needs them.
 */
import { indexNodes, pairKey, prepare, tolerance, toAllocation, type Allocation, type AllocationProblem, type Prepared } from '#domain/matching/solver/problem.ts';

/**
 * Exact optimum by enumeration, for testing on tiny instances (≤ ~8 usable pairs; throws above 20).
 * Every subset of pairs is tried as "on" (at least its minimum) with the rest off; the minimums are
 * pre-assigned and the rest is a continuous flow problem, solved exactly by successive shortest
 * paths (Bellman–Ford) — deliberately a different algorithm from {@link allocate}'s, so that the two
 * check each other. Integral volumes give integral optimal flows, so the optimum is in whole kg.
 */
export function bruteForceAllocate(problem: AllocationProblem): Allocation {
  const prep = prepare(problem);
  const P = prep.P;
  if (P > 20) throw new RangeError(`bruteForceAllocate enumerates 2^pairs subsets; ${P} usable pairs is too many`);
  let bestValue = 0;
  let bestX = new Float64Array(P);
  for (let mask = 0; mask < 1 << P; mask++) {
    const s = prep.supply.slice();
    const d = prep.demand.slice();
    const x = new Float64Array(P);
    let feasible = true;
    for (let p = 0; p < P; p++) {
      if (!(mask & (1 << p))) continue;
      x[p] = prep.lb[p];
      s[prep.pl[p]] -= prep.lb[p];
      d[prep.pd[p]] -= prep.lb[p];
      if (s[prep.pl[p]] < 0 || d[prep.pd[p]] < 0) feasible = false;
    }
    if (!feasible) continue;
    const extra = ssp(prep, mask, s, d);
    let value = 0;
    for (let p = 0; p < P; p++) {
      x[p] += extra[p];
      value += prep.score[p] * x[p];
    }
    if (value > bestValue + tolerance(bestValue)) {
      bestValue = value;
      bestX = x;
    }
  }
  return toAllocation(prep, bestX, 'brute-force');
}

/**
 * Max-score flow over the "on" pairs with the given remaining volumes, by successive shortest paths.
 * The network source → listings → demands → sink starts without negative cycles, so augmenting along
 * shortest paths stays optimal; stopping at the first path of non-negative cost leaves only
 * profitable flow.
 */
function ssp(prep: Prepared, mask: number, supply: Float64Array, demand: Float64Array): Float64Array {
  const { nL, nD, pl, pd, score } = prep;
  const P = pl.length;
  const S = nL + nD;
  const T = S + 1;
  const N = T + 1;
  const from: number[] = [];
  const to: number[] = [];
  const cap: number[] = [];
  const cost: number[] = [];
  const arcOf = new Int32Array(P).fill(-1);
  // Arcs come in pairs (forward at 2k, residual at 2k + 1).
  const add = (u: number, v: number, c: number, w: number): number => {
    from.push(u, v);
    to.push(v, u);
    cap.push(c, 0);
    cost.push(w, -w);
    return from.length - 2;
  };
  for (let i = 0; i < nL; i++) if (supply[i] > 0) add(S, i, supply[i], 0);
  for (let j = 0; j < nD; j++) if (demand[j] > 0) add(nL + j, T, demand[j], 0);
  for (let p = 0; p < P; p++) if (mask & (1 << p)) arcOf[p] = add(pl[p], nL + pd[p], Infinity, -score[p]);
  const dist = new Float64Array(N);
  const via = new Int32Array(N);
  for (;;) {
    dist.fill(Infinity);
    via.fill(-1);
    dist[S] = 0;
    for (let round = 0; round < N; round++) {
      let changed = false;
      for (let e = 0; e < from.length; e++) {
        if (cap[e] <= 0 || dist[from[e]] === Infinity) continue;
        const nd = dist[from[e]] + cost[e];
        if (nd < dist[to[e]] - 1e-12) {
          dist[to[e]] = nd;
          via[to[e]] = e;
          changed = true;
        }
      }
      if (!changed) break;
    }
    if (!(dist[T] < -1e-12)) break;
    let push = Infinity;
    for (let v = T; v !== S; v = from[via[v]]) push = Math.min(push, cap[via[v]]);
    for (let v = T; v !== S; v = from[via[v]]) {
      cap[via[v]] -= push;
      cap[via[v] ^ 1] += push;
    }
  }
  const x = new Float64Array(P);
  for (let p = 0; p < P; p++) if (arcOf[p] >= 0) x[p] = cap[arcOf[p] + 1];
  return x;
}

/**
 * Lists what is wrong with an allocation for a problem (empty when it is valid): quantities that
 * are negative, fractional or not finite; pairs that are not candidates; listings or demands
 * over-allocated; pairs below their minimum lot; an objective that does not match the quantities.
 */
export function checkAllocation(problem: AllocationProblem, allocation: Allocation): string[] {
  const { supply, demand, listingIndex, demandIndex, minOrder, minLot } = indexNodes(problem);
  const candidates = new Map<string, { l: number; d: number; score: number; lb: number }>();
  for (const p of problem.pairs) {
    const l = listingIndex.get(p.listingId);
    const d = demandIndex.get(p.demandId);
    if (l === undefined || d === undefined) continue;
    const key = pairKey(p.listingId, p.demandId);
    const score = Number.isFinite(p.score) ? p.score : 0;
    const seen = candidates.get(key);
    if (seen) seen.score = Math.max(seen.score, score);
    else candidates.set(key, { l, d, score, lb: Math.max(minOrder[l], minLot[d]) });
  }
  const issues: string[] = [];
  const usedS = new Float64Array(supply.length);
  const usedD = new Float64Array(demand.length);
  let objective = 0;
  for (const [key, x] of allocation.quantities) {
    const c = candidates.get(key);
    if (!c) {
      issues.push(`${key}: not a candidate pair`);
      continue;
    }
    if (!Number.isFinite(x) || x < 0) {
      issues.push(`${key}: quantity ${x} is negative or not finite`);
      continue;
    }
    if (!Number.isInteger(x)) issues.push(`${key}: quantity ${x} is not whole kilograms`);
    if (x > 0 && x < c.lb) issues.push(`${key}: ${x} kg is below the minimum of ${c.lb} kg`);
    usedS[c.l] += x;
    usedD[c.d] += x;
    objective += c.score * x;
  }
  for (const [id, i] of listingIndex) if (usedS[i] > supply[i]) issues.push(`listing ${id}: ${usedS[i]} kg allocated, ${supply[i]} kg available`);
  for (const [id, j] of demandIndex) if (usedD[j] > demand[j]) issues.push(`demand ${id}: ${usedD[j]} kg allocated, ${demand[j]} kg wanted`);
  if (Math.abs(objective - allocation.objective) > 1e-6 * Math.max(1, Math.abs(objective))) {
    issues.push(`objective ${allocation.objective} does not match the quantities (${objective})`);
  }
  return issues;
}
