/**
 * Volume allocation for matching: once the matcher has scored the candidate (listing, demand)
 * pairs, decide how many kilograms each seller ships to each buyer.
 *
 * The problem is a max-weight transportation problem (listings supply, demands absorb, every
 * kilogram on a pair earns the pair's score) with one twist: a pair is either unused or carries at
 * least its minimum lot, `max(listing.minOrderKg, demand.minLotKg)`. Without the minimums the
 * problem is a min-cost flow, which network simplex solves exactly and fast; the minimums make it
 * NP-hard in general, so they are handled on top of the flow solver by branch-and-bound when only a
 * few pairs conflict with them and by a bounded repair heuristic otherwise.
 *
 * Pure domain code: no I/O, no clocks, deterministic for a given input.
 */
import { MinCostFlow, type FlowSnapshot } from '#domain/matching/solver/min-cost-flow.ts';
import { prepare, tolerance, toAllocation, type AllocateOptions, type Allocation, type AllocationProblem, type Prepared } from '#domain/matching/solver/problem.ts';

// ---------------------------------------------------------------------------------------------
// Greedy baseline
// ---------------------------------------------------------------------------------------------

/**
 * The obvious baseline: take pairs by descending score and give each as much as both sides have
 * left, provided that meets the pair's minimum lot. Fast and feasible, but a high-score pair can
 * starve several slightly lower ones that together would have earned more.
 */
export function greedyAllocate(problem: AllocationProblem): Allocation {
  const prep = prepare(problem);
  return toAllocation(prep, greedyQuantities(prep, scoreOrder(prep)), 'greedy');
}

// Index of the high 32-bit word of a float64 seen as two uint32s (1 on little-endian platforms).
const HIGH_WORD = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * Pairs by descending score, ties in listing order then pair order (deterministic for a given
 * input). An LSD radix sort on the bits of the scores: positive doubles order like their bit
 * patterns, so inverting the bits sorts descending, and a stable sort keeps ties in index order.
 * Several times faster than a comparator sort of 50,000 indices, which matters in a 200 ms budget.
 */
function scoreOrder(prep: Prepared): Int32Array {
  const { score, P } = prep;
  let order = new Int32Array(P);
  for (let p = 0; p < P; p++) order[p] = p;
  // Below a few thousand pairs, clearing the radix buckets costs more than comparing.
  if (P < 4096) return order.sort((a, b) => score[b] - score[a] || a - b);
  const words = new Uint32Array(score.buffer, score.byteOffset, 2 * P);
  let next = new Int32Array(P);
  const count = new Int32Array(1 << 16);
  for (let pass = 0; pass < 4 && P > 1; pass++) {
    const w = pass < 2 ? 1 - HIGH_WORD : HIGH_WORD;
    const shift = (pass & 1) * 16;
    count.fill(0);
    for (let p = 0; p < P; p++) count[(~words[2 * p + w] >>> shift) & 0xffff]++;
    if (count[(~words[w] >>> shift) & 0xffff] === P) continue; // all share this digit
    let sum = 0;
    for (let b = 0; b < count.length; b++) {
      const c = count[b];
      count[b] = sum;
      sum += c;
    }
    for (let i = 0; i < P; i++) {
      const p = order[i];
      next[count[(~words[2 * p + w] >>> shift) & 0xffff]++] = p;
    }
    [order, next] = [next, order];
  }
  return order;
}

/** Greedy in `order`: as much as both sides have left, if that meets the pair's minimum. */
function greedyQuantities(prep: Prepared, order: Int32Array): Float64Array {
  const s = prep.supply.slice();
  const d = prep.demand.slice();
  const x = new Float64Array(prep.P);
  for (const p of order) {
    const q = Math.min(s[prep.pl[p]], d[prep.pd[p]]);
    if (q > 0 && q >= prep.lb[p]) {
      x[p] = q;
      s[prep.pl[p]] -= q;
      d[prep.pd[p]] -= q;
    }
  }
  return x;
}

/**
 * Makes quantities feasible and then better: pairs below their minimum are dropped (removing flow
 * never breaks a volume), then what is left of each volume is handed out greedily by score — topping
 * up pairs already in use, opening new ones only at or above their minimum. `order` lists, by
 * descending score, every pair that may carry a quantity and may be considered.
 */
function repairAndFill(prep: Prepared, order: Int32Array, x: Float64Array): Float64Array {
  const s = prep.supply.slice();
  const d = prep.demand.slice();
  for (const p of order) {
    if (x[p] > 0 && x[p] < prep.lb[p]) x[p] = 0;
    s[prep.pl[p]] -= x[p];
    d[prep.pd[p]] -= x[p];
  }
  for (const p of order) {
    const q = Math.min(s[prep.pl[p]], d[prep.pd[p]]);
    if (q > 0 && (x[p] > 0 || q >= prep.lb[p])) {
      x[p] += q;
      s[prep.pl[p]] -= q;
      d[prep.pd[p]] -= q;
    }
  }
  return x;
}

const objectiveOf = (prep: Prepared, x: ArrayLike<number>, pairs?: Int32Array): number => {
  let z = 0;
  if (pairs) for (const p of pairs) z += prep.score[p] * x[p];
  else for (let p = 0; p < prep.P; p++) z += prep.score[p] * x[p];
  return z;
};

// ---------------------------------------------------------------------------------------------
// Flow model of the allocation, with per-pair decisions
// ---------------------------------------------------------------------------------------------

const FREE = 0;
const FORCED = 1;
const FORBIDDEN = -1;

interface ModelSnapshot {
  flow: FlowSnapshot;
  bonusArc: Int32Array;
  mode: Int8Array;
}

/**
 * The allocation as a min-cost flow (listing → demand arcs at cost −score), plus per-pair decisions:
 * a forbidden pair gets a positive cost, so it is never used (routing its flow to disposal instead
 * is always cheaper); a forced pair gets a parallel arc of capacity `lb` whose bonus outweighs any
 * rearrangement of scores, so the optimum fills it whenever the forced set is feasible. Both are
 * cost changes or added arcs, which keep the current flow feasible: every decision re-solves warm.
 */
class AllocationFlow {
  private readonly mcf: MinCostFlow;
  private readonly pairArc: Int32Array;
  private bonusArc: Int32Array;
  private mode: Int8Array;
  private readonly scaledCost: Float64Array;
  private readonly bonus: number;
  private readonly scale: number;
  /** The pairs that can carry flow: all of them, until pricing is restricted. */
  active: Int32Array;

  constructor(private readonly prep: Prepared) {
    const { nL, nD, supply, demand, pl, pd, score, P } = prep;
    const n = nL + nD;
    const supplies = new Float64Array(n);
    supplies.set(supply, 0);
    for (let j = 0; j < nD; j++) supplies[nL + j] = -demand[j];
    // Scores become integers so that reduced costs are exact. The scale keeps every potential,
    // including the forced-pair bonus summed along a tree path, below 2^50.
    const scale = Math.min(1e9, Math.floor(2 ** 50 / (n + 3) ** 2));
    this.scale = scale;
    this.scaledCost = new Float64Array(P);
    let maxCost = 1;
    for (let p = 0; p < P; p++) {
      const c = Math.max(1, Math.round(score[p] * scale));
      this.scaledCost[p] = -c;
      maxCost = Math.max(maxCost, c);
    }
    // A cycle has at most n + 1 arcs, so no reshuffle of scores is worth one forced kilogram.
    this.bonus = (n + 2) * maxCost;
    this.mcf = new MinCostFlow(supplies, P + 64);
    this.pairArc = new Int32Array(P);
    for (let p = 0; p < P; p++) this.pairArc[p] = this.mcf.addArc(pl[p], nL + pd[p], this.scaledCost[p]);
    this.bonusArc = new Int32Array(P).fill(-1);
    this.mode = new Int8Array(P);
    this.active = new Int32Array(P);
    for (let p = 0; p < P; p++) this.active[p] = p;
  }

  /**
   * Solves the relaxation exactly, first over a short list — the `perNode` best pairs of every
   * listing and every demand, where the optimum nearly always lies — then over all pairs starting
   * from there. The second solve mostly just confirms optimality, and pricing the short list is
   * several times cheaper than pricing every pair at every pivot.
   */
  solveRelaxation(order: Int32Array, perNode: number): boolean {
    const { pl, pd, nL, nD } = this.prep;
    const rankL = new Int32Array(nL);
    const rankD = new Int32Array(nD);
    const deferred: number[] = [];
    for (const p of order) {
      const short = rankL[pl[p]]++ < perNode;
      if (rankD[pd[p]]++ >= perNode && !short) deferred.push(this.pairArc[p]);
    }
    for (const e of deferred) this.mcf.setFrozen(e, true);
    if (this.mcf.solve() !== 'optimal') return false;
    for (const e of deferred) this.mcf.setFrozen(e, false);
    return this.mcf.solve() === 'optimal';
  }

  solve(): boolean {
    return this.mcf.solve() === 'optimal';
  }

  x(p: number): number {
    const b = this.bonusArc[p];
    return this.mcf.flow(this.pairArc[p]) + (b >= 0 ? this.mcf.flow(b) : 0);
  }

  quantities(): Float64Array {
    const x = new Float64Array(this.prep.P);
    for (const p of this.active) x[p] = this.x(p);
    return x;
  }

  objective(): number {
    let z = 0;
    for (const p of this.active) z += this.prep.score[p] * this.x(p);
    return z;
  }

  /** Free pairs carrying a positive flow below their minimum. */
  violators(): number[] {
    const out: number[] = [];
    for (const p of this.active) {
      if (this.mode[p] !== FREE) continue;
      const x = this.x(p);
      if (x > 0 && x < this.prep.lb[p]) out.push(p);
    }
    return out;
  }

  /** Forced pairs whose minimum could not be met: the forced set is infeasible. */
  unmetForced(): number[] {
    const out: number[] = [];
    for (const p of this.active) if (this.mode[p] === FORCED && this.x(p) < this.prep.lb[p]) out.push(p);
    return out;
  }

  forbid(p: number): void {
    this.mode[p] = FORBIDDEN;
    this.mcf.setCost(this.pairArc[p], 1);
    if (this.bonusArc[p] >= 0) this.mcf.setCost(this.bonusArc[p], 1);
  }

  force(p: number): void {
    this.mode[p] = FORCED;
    this.mcf.setCost(this.pairArc[p], this.scaledCost[p]);
    const cost = this.scaledCost[p] - this.bonus;
    if (this.bonusArc[p] >= 0) this.mcf.setCost(this.bonusArc[p], cost);
    else this.bonusArc[p] = this.mcf.addArc(this.prep.pl[p], this.prep.nL + this.prep.pd[p], cost, this.prep.lb[p]);
  }

  /**
   * Stops pricing the pairs whose reduced cost exceeds `band` score units, and drops them from
   * {@link active}: the repair's decisions move the duals only a little, so such pairs almost never
   * enter, and skipping them makes each re-solve and each scan several times cheaper. The repair
   * is a heuristic (the bound is already known), so giving up exactness there is fine.
   */
  restrictPricing(band: number): void {
    const limit = band * this.scale;
    const kept: number[] = [];
    for (const p of this.active) {
      const e = this.pairArc[p];
      if (this.mcf.reducedCost(e) > limit && this.mcf.setFrozen(e, true)) continue;
      kept.push(p);
    }
    this.active = Int32Array.from(kept);
  }

  snapshot(reuse?: ModelSnapshot): ModelSnapshot {
    if (!reuse) return { flow: this.mcf.snapshot(), bonusArc: this.bonusArc.slice(), mode: this.mode.slice() };
    reuse.bonusArc.set(this.bonusArc);
    reuse.mode.set(this.mode);
    return { flow: this.mcf.snapshot(reuse.flow), bonusArc: reuse.bonusArc, mode: reuse.mode };
  }

  restore(s: ModelSnapshot): void {
    this.mcf.restore(s.flow);
    this.bonusArc.set(s.bonusArc);
    this.mode.set(s.mode);
  }
}

// ---------------------------------------------------------------------------------------------
// Production solver
// ---------------------------------------------------------------------------------------------

interface Incumbent {
  value: number;
  x: Float64Array | null;
}

/** A branch-and-bound with fewer nodes than this rarely finishes: go straight to the repair. */
const MIN_BRANCH_NODES = 20;

/** Pairs per listing and per demand, by score, in the first pass of the relaxation. */
const SHORT_LIST = 10;

/**
 * Allocates volumes to maximise Σ score × kg within each listing's supply and each demand's volume,
 * with every used pair carrying at least `max(minOrderKg, minLotKg)` whole kilograms.
 *
 * Algorithm: the relaxation without minimums is a max-weight transportation problem, solved
 * exactly as a min-cost flow by network simplex — first over each listing's and demand's ten best
 * pairs, then over all pairs from there; its value is `upperBound`. If some pairs then carry less
 * than their minimum: with at most `maxExactViolations` of them on a small instance, an exact
 * branch-and-bound (forbid the pair / force it to its minimum, each node a warm-started flow
 * relaxation); otherwise, or if the search runs out of nodes, a bounded repair heuristic. The
 * result is compared with {@link greedyAllocate} and the better one returned, so it is always
 * feasible and never worse than greedy. Deterministic: no clock, no randomness.
 *
 * On the benchmark (`test/bench/allocation.bench.ts`: 1,000 × 1,000, 50,000 pairs) it takes about
 * 90–100 ms on a busy 2-core machine and lands within 0.05 % of the LP bound, 3.5 % above greedy.
 */
export function allocate(problem: AllocationProblem, opts: AllocateOptions = {}): Allocation {
  const maxExact = opts.maxExactViolations ?? 12;
  const maxRounds = opts.maxRepairRounds ?? 10;
  const trialThreshold = opts.repairTrialThreshold ?? 16;

  const prep = prepare(problem);
  const order = scoreOrder(prep);
  const greedy = toAllocation(prep, greedyQuantities(prep, order), 'greedy');
  if (prep.P === 0) return { ...greedy, method: 'empty', upperBound: 0 };

  const model = new AllocationFlow(prep);
  if (!model.solveRelaxation(order, SHORT_LIST)) return greedy; // cannot happen with finite data; greedy is still valid
  const upperBound = model.objective();
  const finish = (x: ArrayLike<number>, method: string): Allocation => {
    const mine = toAllocation(prep, x, method, upperBound);
    return mine.objective + tolerance(mine.objective) >= greedy.objective ? mine : { ...greedy, upperBound };
  };

  const initial = model.violators();
  if (initial.length === 0) return finish(model.quantities(), 'network-simplex');

  // Each node is a warm re-solve costing about O(pairs); on large batches the search rarely
  // finishes and the repair is already within a hair of the bound, so it is skipped there.
  const maxNodes = opts.maxBranchNodes ?? Math.min(2000, Math.floor(2e5 / prep.P));
  if (initial.length <= maxExact && maxNodes >= MIN_BRANCH_NODES) {
    const best: Incumbent = { value: greedy.objective, x: null };
    const complete = branchAndBound(model, prep, best, maxNodes);
    if (complete) return best.x ? finish(best.x, 'network-simplex+branch-and-bound') : { ...greedy, upperBound, method: 'greedy(proved-optimal)' };
    // Out of nodes (the model is back at the root relaxation): let the repair heuristic try to do
    // better than the best leaf found.
    const repaired = repair(model, prep, order, maxRounds, trialThreshold);
    const x = best.x && best.value >= objectiveOf(prep, repaired) ? best.x : repaired;
    return finish(x, 'network-simplex+branch-and-bound(node-limit)+repair');
  }
  return finish(repair(model, prep, order, maxRounds, trialThreshold), 'network-simplex+repair');
}

/**
 * Depth-first branch-and-bound over pairs that violate their minimum: each node either forbids the
 * pair or forces it to at least its minimum, and is bounded by the flow relaxation of its
 * decisions. Returns false when the node budget ran out before the search was complete.
 */
function branchAndBound(model: AllocationFlow, prep: Prepared, best: Incumbent, maxNodes: number): boolean {
  let nodes = 0;
  let complete = true;
  const visit = (): void => {
    if (!model.solve() || model.unmetForced().length > 0) return;
    const bound = model.objective();
    if (bound <= best.value + tolerance(best.value)) return;
    const viol = model.violators();
    if (viol.length === 0) {
      best.value = bound;
      best.x = model.quantities();
      return;
    }
    if (++nodes > maxNodes) {
      complete = false;
      return;
    }
    // Branch where the relaxation is furthest from both options, i.e. where the bound moves most.
    let p = viol[0];
    let worst = -1;
    for (const q of viol) {
      const x = model.x(q);
      const gap = prep.score[q] * Math.min(x, prep.lb[q] - x);
      if (gap > worst) {
        worst = gap;
        p = q;
      }
    }
    const forceFirst = 2 * model.x(p) >= prep.lb[p];
    const snap = model.snapshot();
    for (const force of forceFirst ? [true, false] : [false, true]) {
      if (force) model.force(p);
      else model.forbid(p);
      visit();
      model.restore(snap);
      if (!complete) return;
    }
  };
  const root = model.snapshot();
  visit();
  model.restore(root);
  return complete;
}

/** Pairs whose reduced cost at the relaxation's optimum exceeds this (in score units) are not re-priced by the repair. */
const REPAIR_PRICING_BAND = 0.05;

/**
 * In a batch round, a violating pair already carrying this fraction of its minimum is raised to it,
 * a lighter one is dropped. Raising keeps volume where the relaxation wanted it; dropping sends the
 * leftover wandering to other pairs, where it often lands below their minimum again. Tuned on the
 * benchmark instances (0.2 beat 0.5 and "drop only" on both objective and pivots).
 */
const FORCE_FRACTION = 0.2;

/**
 * Repair heuristic for many violating pairs, starting from the solved relaxation. While many pairs
 * violate their minimum, each round settles all of them by a rule of thumb (force a pair already
 * carrying a fair share of its minimum, forbid the others); once few remain, it settles the least
 * valuable one at a time, trying both options on a warm re-solve and keeping the better. Forced pairs
 * whose minimum proves unreachable get forbidden. Every relaxation met along the way is turned into
 * a feasible allocation by {@link repairAndFill}, and the best one is returned: the rounds only
 * ever look for something better than dropping the offending pairs outright.
 */
function repair(model: AllocationFlow, prep: Prepared, order: Int32Array, maxRounds: number, trialThreshold: number): Float64Array {
  let best = repairAndFill(prep, order, model.quantities());
  let bestValue = objectiveOf(prep, best);
  model.restrictPricing(REPAIR_PRICING_BAND);
  // From here on only the active pairs can carry flow, so the scans can skip the others.
  const isActive = new Uint8Array(prep.P);
  for (const p of model.active) isActive[p] = 1;
  const activeOrder = order.filter((p) => isActive[p] === 1);
  const triedForcing = new Uint8Array(prep.P);
  let before: ModelSnapshot | undefined;
  let afterForbid: ModelSnapshot | undefined;
  for (let round = 0; round < maxRounds; round++) {
    const unmet = model.unmetForced();
    const viol = model.violators();
    if (unmet.length === 0 && viol.length === 0) break;
    // Each decision lowers the relaxation; once it is no better than what we hold, stop.
    if (model.objective() <= bestValue + tolerance(bestValue)) break;
    if (unmet.length > 0) {
      for (const p of unmet) model.forbid(p);
      if (!model.solve()) break;
    } else if (viol.length > trialThreshold) {
      for (const p of viol) {
        if (!triedForcing[p] && model.x(p) >= FORCE_FRACTION * prep.lb[p]) {
          triedForcing[p] = 1;
          model.force(p);
        } else model.forbid(p);
      }
      if (!model.solve()) break;
    } else {
      let p = viol[0];
      for (const q of viol) if (prep.score[q] * model.x(q) < prep.score[p] * model.x(p)) p = q;
      before = model.snapshot(before);
      model.forbid(p);
      const forbidValue = model.solve() ? model.objective() : -Infinity;
      afterForbid = model.snapshot(afterForbid);
      model.restore(before);
      model.force(p);
      const forceValue = model.solve() && model.unmetForced().length === 0 ? model.objective() : -Infinity;
      if (forbidValue === -Infinity && forceValue === -Infinity) break;
      if (forbidValue >= forceValue) model.restore(afterForbid);
    }
    const x = repairAndFill(prep, activeOrder, model.quantities());
    const value = objectiveOf(prep, x, activeOrder);
    if (value > bestValue) {
      best = x;
      bestValue = value;
    }
  }
  return best;
}
