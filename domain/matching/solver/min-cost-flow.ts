/**
 * Min-cost flow by the primal network simplex method: the exact core of the allocation solver.
 *
 * Pure domain code: no I/O, no clocks, deterministic for a given input.
 */

const LOWER = 1; // non-tree arc at flow 0
const TREE = 0;
const UPPER = -1; // non-tree arc at its capacity
const FIXED = 2; // non-tree arc at flow 0 that is never priced (no capacity, or frozen)
const UP = 1; // the tree arc to the parent leaves the node
const DOWN = -1; // the tree arc to the parent enters the node

/** Outcome of {@link MinCostFlow.solve}. */
export type FlowStatus = 'optimal' | 'unbounded' | 'pivot-limit';

/** Opaque copy of a {@link MinCostFlow}'s state, to explore a change and come back. */
export interface FlowSnapshot {
  readonly arcCount: number;
  readonly stale: boolean;
  readonly arrays: readonly (Int32Array | Int8Array | Float64Array)[];
}

/**
 * Minimum-cost flow with free disposal, solved by the primal network simplex method.
 *
 * Node `u` with supply `b > 0` may send out at most `b` net units, with `b < 0` may take in at most
 * `-b` net units, and with `b = 0` conserves flow: the solver finds the cheapest flow of *any*
 * amount, which is what an allocation needs (shipping nothing costs nothing). It does so by hanging
 * every node from an internal root by a zero-cost "disposal" arc; these arcs are the initial
 * spanning tree, which is therefore feasible and strongly feasible without big-M artificial costs.
 * Meant for networks where supply nodes only send and demand nodes only receive (transportation
 * problems, possibly with transshipment nodes): the disposal arcs would also let a supply node
 * absorb, and a demand node emit, any amount.
 *
 * Costs must be integers (scale fractional costs first) and stay well inside ±2^50 along any path:
 * reduced costs are then exact and the simplex cannot cycle on rounding noise. Integer supplies and
 * capacities give an integral optimal flow.
 *
 * The tree is stored as in LEMON's NetworkSimplex (parent, thread = pre-order successor, subtree
 * size and last successor), so a pivot touches the moved subtree only through one tight loop over
 * the thread, and the join node is found by climbing from the smaller subtree.
 *
 * The state survives between {@link solve} calls: changing arc costs or adding arcs keeps the
 * current flow feasible, so the next solve starts from the previous optimum (a warm start), which
 * the allocation heuristics rely on.
 */
export class MinCostFlow {
  private readonly n: number;
  private readonly root: number;
  private readonly supply: Float64Array;
  private m = 0;
  private src: Int32Array;
  private tgt: Int32Array;
  private cost: Float64Array;
  private cap: Float64Array;
  private flw: Float64Array;
  private state: Int8Array;
  private readonly parent: Int32Array;
  private readonly pred: Int32Array;
  private readonly predDir: Int8Array;
  private readonly thread: Int32Array;
  private readonly revThread: Int32Array;
  private readonly succNum: Int32Array;
  private readonly lastSucc: Int32Array;
  private readonly pi: Float64Array;
  private readonly dirty: Int32Array;
  private stale = false;
  // Arcs that pricing scans (all but FIXED ones), rebuilt lazily after the set changes.
  private priced = new Int32Array(0);
  private pricedCount = 0;
  private pricedStale = true;
  private cursor = 0;
  /** Pivots performed since construction, for benchmarks. */
  pivots = 0;

  /**
   * @param supplies supply (> 0) or demand (< 0) of each node; nodes are numbered from 0.
   * @param expectedArcs how many arcs will be added, to size the arrays once.
   */
  constructor(supplies: ArrayLike<number>, expectedArcs = 0) {
    const n = supplies.length;
    this.n = n;
    this.root = n;
    const arcCapacity = Math.max(16, n + expectedArcs);
    this.src = new Int32Array(arcCapacity);
    this.tgt = new Int32Array(arcCapacity);
    this.cost = new Float64Array(arcCapacity);
    this.cap = new Float64Array(arcCapacity);
    this.flw = new Float64Array(arcCapacity);
    this.state = new Int8Array(arcCapacity);
    this.parent = new Int32Array(n + 1);
    this.pred = new Int32Array(n + 1);
    this.predDir = new Int8Array(n + 1);
    this.thread = new Int32Array(n + 1);
    this.revThread = new Int32Array(n + 1);
    this.succNum = new Int32Array(n + 1);
    this.lastSucc = new Int32Array(n + 1);
    this.pi = new Float64Array(n + 1);
    this.dirty = new Int32Array(n + 1);
    this.supply = Float64Array.from(supplies);
    // Root first in the thread, then the nodes in order, each a leaf below the root.
    this.parent[n] = -1;
    this.pred[n] = -1;
    this.thread[n] = n === 0 ? n : 0;
    this.revThread[n] = n === 0 ? n : n - 1;
    this.succNum[n] = n + 1;
    this.lastSucc[n] = n === 0 ? n : n - 1;
    for (let u = 0; u < n; u++) {
      const b = supplies[u];
      if (!Number.isFinite(b)) throw new RangeError(`supply of node ${u} is not finite`);
      // Every tree arc must be able to carry a little more flow towards the root (a strongly
      // feasible tree, which rules out cycling): supply nodes hang by an upward arc, demand nodes by
      // a downward arc with positive flow. A zero-supply node must conserve flow, so its arc has no
      // capacity; it can only leave the tree, in a degenerate pivot.
      const out = b >= 0;
      this.src[u] = out ? u : n;
      this.tgt[u] = out ? n : u;
      this.flw[u] = Math.abs(b);
      this.cap[u] = b === 0 ? 0 : Infinity;
      this.state[u] = TREE;
      this.parent[u] = n;
      this.pred[u] = u;
      this.predDir[u] = out ? UP : DOWN;
      this.thread[u] = u + 1 < n ? u + 1 : n;
      this.revThread[u] = u === 0 ? n : u - 1;
      this.succNum[u] = 1;
      this.lastSucc[u] = u;
    }
    this.m = n;
  }

  /** Number of arcs, including one internal disposal arc per node (arc ids `0..nodeCount-1`). */
  get arcCount(): number {
    return this.m;
  }

  /** Adds an arc at zero flow and returns its id. `cost` must be an integer. */
  addArc(from: number, to: number, cost: number, capacity = Infinity): number {
    if (from === to || !(from >= 0 && to >= 0 && from < this.n && to < this.n)) throw new RangeError(`bad arc ${from} → ${to}`);
    if (!Number.isInteger(cost)) throw new RangeError('arc cost must be an integer');
    if (!(capacity >= 0)) throw new RangeError('arc capacity must be ≥ 0');
    if (this.m === this.src.length) this.grow();
    const e = this.m++;
    this.src[e] = from;
    this.tgt[e] = to;
    this.cost[e] = cost;
    this.cap[e] = capacity;
    this.flw[e] = 0;
    this.state[e] = capacity > 0 ? LOWER : FIXED;
    this.pricedStale = true;
    return e;
  }

  /** Changes an arc's cost; the current flow stays feasible, so the next solve is warm-started. */
  setCost(arc: number, cost: number): void {
    if (!Number.isInteger(cost)) throw new RangeError('arc cost must be an integer');
    if (this.cost[arc] === cost) return;
    this.cost[arc] = cost;
    if (this.state[arc] === TREE) this.stale = true;
  }

  /** Current flow on an arc. */
  flow(arc: number): number {
    return this.flw[arc];
  }

  /**
   * Reduced cost of an arc under the current potentials: what one more unit on it would cost after
   * the best compensating change along the tree (zero on tree arcs, ≥ 0 at the optimum on arcs at
   * flow 0). Valid after {@link solve}.
   */
  reducedCost(arc: number): number {
    return this.cost[arc] + this.pi[this.src[arc]] - this.pi[this.tgt[arc]];
  }

  /**
   * Stops or resumes pricing an arc currently at flow 0 outside the tree (no effect otherwise):
   * a frozen arc is never chosen to enter, which turns later solves into solves of the restricted
   * problem without it. Returns whether the arc's status changed.
   */
  setFrozen(arc: number, frozen: boolean): boolean {
    if (this.cap[arc] === 0) return false;
    const s = this.state[arc];
    if (frozen && s === LOWER) this.state[arc] = FIXED;
    else if (!frozen && s === FIXED) this.state[arc] = LOWER;
    else return false;
    this.pricedStale = true;
    return true;
  }

  /** Runs the simplex from the current state until no arc has a negative reduced cost. */
  solve(maxPivots = Infinity): FlowStatus {
    if (this.stale) this.recomputePotentials();
    let budget = maxPivots;
    for (;;) {
      const e = this.findEnteringArc();
      if (e < 0) return 'optimal';
      if (budget-- <= 0) return 'pivot-limit';
      if (!this.pivot(e)) return 'unbounded';
      this.pivots++;
    }
  }

  /**
   * Copies the whole state (arcs, flow, tree, potentials). Passing an older snapshot of this
   * instance reuses its buffers when they are large enough, so that a search taking snapshots in a
   * loop does not churn the garbage collector.
   */
  snapshot(reuse?: FlowSnapshot): FlowSnapshot {
    const m = this.m;
    const sources = [this.flw, this.state, this.cost, this.parent, this.pred, this.predDir, this.thread, this.revThread, this.succNum, this.lastSucc, this.pi];
    const fits = reuse !== undefined && reuse.arrays[0].length >= m;
    // Arc arrays are copied whole (with their spare capacity) so the copy can be reused later.
    const arrays = fits ? reuse.arrays : sources.map((a) => a.slice());
    if (fits) sources.forEach((a, i) => arrays[i].set(i < 3 ? a.subarray(0, m) : a));
    return { arcCount: m, stale: this.stale, arrays };
  }

  /** Returns to a snapshot of this instance; arcs added since are removed. */
  restore(s: FlowSnapshot): void {
    const m = s.arcCount;
    this.m = m;
    const targets = [this.flw, this.state, this.cost, this.parent, this.pred, this.predDir, this.thread, this.revThread, this.succNum, this.lastSucc, this.pi];
    targets.forEach((t, i) => t.set(i < 3 ? s.arrays[i].subarray(0, m) : s.arrays[i]));
    this.stale = s.stale;
    this.pricedStale = true;
  }

  /**
   * Checks the tree bookkeeping (thread, subtree sizes, last successors), that tree arcs have zero
   * reduced cost, that arc states match flows and that every node is balanced; returns the first
   * problem found, or null. For tests: O(n + m).
   */
  checkInvariants(): string | null {
    const { n, root, parent, pred, predDir, thread, revThread, succNum, lastSucc, pi, src, tgt, cost, flw, cap, state } = this;
    // The thread must be a pre-order walk of the parent tree, starting at the root.
    const seen = new Uint8Array(n + 1);
    const stack: number[] = [];
    let u = root;
    for (let k = 0; k <= n; k++) {
      if (seen[u]) return `thread revisits node ${u}`;
      seen[u] = 1;
      if (revThread[thread[u]] !== u) return `revThread[thread[${u}]] is not ${u}`;
      if (u !== root) {
        while (stack.length > 0 && stack[stack.length - 1] !== parent[u]) {
          const done = stack.pop()!;
          if (lastSucc[done] !== revThread[u]) return `lastSucc[${done}] is wrong`;
        }
        if (stack.length === 0) return `node ${u} is not below its parent in the thread`;
        const e = pred[u];
        if (state[e] !== TREE) return `pred arc of ${u} is not a tree arc`;
        const ends = predDir[u] === UP ? src[e] === u && tgt[e] === parent[u] : src[e] === parent[u] && tgt[e] === u;
        if (!ends) return `pred arc of ${u} does not join it to its parent`;
        if (cost[e] + pi[src[e]] - pi[tgt[e]] !== 0) return `tree arc ${e} has a non-zero reduced cost`;
      }
      stack.push(u);
      u = thread[u];
    }
    if (u !== root) return 'thread does not return to the root';
    while (stack.length > 0) {
      const done = stack.pop()!;
      if (lastSucc[done] !== revThread[root]) return `lastSucc[${done}] is wrong at the end`;
    }
    const size = new Int32Array(n + 1).fill(1);
    for (let v = revThread[root]; v !== root; v = revThread[v]) size[parent[v]] += size[v];
    for (let v = 0; v <= n; v++) if (size[v] !== succNum[v]) return `succNum[${v}] is ${succNum[v]}, not ${size[v]}`;
    let treeArcs = 0;
    const net = new Float64Array(n + 1);
    for (let e = 0; e < this.m; e++) {
      if (!(flw[e] >= 0 && flw[e] <= cap[e])) return `arc ${e} has flow ${flw[e]} outside [0, ${cap[e]}]`;
      if (state[e] === TREE) treeArcs++;
      if (state[e] === FIXED && flw[e] !== 0) return `frozen arc ${e} carries flow`;
      if (state[e] === LOWER && flw[e] !== 0) return `arc ${e} at lower bound carries flow`;
      if (state[e] === UPPER && flw[e] !== cap[e]) return `arc ${e} at upper bound is not full`;
      net[src[e]] += flw[e];
      net[tgt[e]] -= flw[e];
    }
    if (treeArcs !== n) return 'some arc is marked as a tree arc but is not in the tree';
    for (let v = 0; v < n; v++) if (net[v] !== this.supply[v]) return `flow is not balanced at node ${v}`;
    return null;
  }

  private grow(): void {
    const size = this.src.length * 2;
    const widen = <T extends Int32Array | Float64Array | Int8Array>(a: T, make: (n: number) => T): T => {
      const b = make(size);
      b.set(a);
      return b;
    };
    this.src = widen(this.src, (n) => new Int32Array(n));
    this.tgt = widen(this.tgt, (n) => new Int32Array(n));
    this.cost = widen(this.cost, (n) => new Float64Array(n));
    this.cap = widen(this.cap, (n) => new Float64Array(n));
    this.flw = widen(this.flw, (n) => new Float64Array(n));
    this.state = widen(this.state, (n) => new Int8Array(n));
  }

  /**
   * Block search pricing: scan arcs cyclically in blocks of ≈√m and take the most negative reduced
   * cost of the first block that has one. Cheaper per pivot than Dantzig's full scan, far fewer
   * pivots than first-eligible; the usual choice for network simplex.
   */
  private findEnteringArc(): number {
    if (this.pricedStale) this.collectPriced();
    const { state, cost, src, tgt, pi, priced } = this;
    const m = this.pricedCount;
    const block = Math.max(10, Math.ceil(Math.sqrt(m)));
    let best = -1;
    let min = 0;
    let k = this.cursor < m ? this.cursor : 0;
    for (let scanned = 0; scanned < m; ) {
      // One block, split where it wraps around the end of the list.
      const end = Math.min(m, k + block);
      scanned += end - k;
      for (; k < end; k++) {
        const e = priced[k];
        const s = state[e];
        if (s !== TREE) {
          const c = s * (cost[e] + pi[src[e]] - pi[tgt[e]]);
          if (c < min) {
            min = c;
            best = e;
          }
        }
      }
      if (k === m) k = 0;
      if (best >= 0) break;
    }
    this.cursor = k;
    return best;
  }

  private collectPriced(): void {
    if (this.priced.length < this.m) this.priced = new Int32Array(this.src.length);
    let count = 0;
    for (let e = 0; e < this.m; e++) if (this.state[e] !== FIXED) this.priced[count++] = e;
    this.pricedCount = count;
    this.pricedStale = false;
    if (this.cursor >= count) this.cursor = 0;
  }

  /** One simplex pivot on `inArc`; false when the cycle it closes is unbounded. */
  private pivot(inArc: number): boolean {
    const { parent, pred, predDir, succNum, flw, cap, src, tgt, state } = this;
    const dir = state[inArc];
    // Flow is pushed around the cycle first → (in arc) → second → … → join → … → first.
    const first = dir === LOWER ? src[inArc] : tgt[inArc];
    const second = dir === LOWER ? tgt[inArc] : src[inArc];
    let a = first;
    let b = second;
    while (a !== b) {
      if (succNum[a] < succNum[b]) a = parent[a];
      else b = parent[b];
    }
    const join = a;

    // Leaving arc: the blocking arc met last when walking the cycle from the join. Ties are broken
    // that way (strict < on the first path, ≤ on the second) to keep the tree strongly feasible,
    // which rules out cycling on degenerate pivots.
    let delta = cap[inArc];
    let uOut = -1;
    let side = 0;
    for (let u = first; u !== join; u = parent[u]) {
      const e = pred[u];
      const d = predDir[u] === UP ? flw[e] : cap[e] - flw[e];
      if (d < delta) {
        delta = d;
        uOut = u;
        side = 1;
      }
    }
    for (let u = second; u !== join; u = parent[u]) {
      const e = pred[u];
      const d = predDir[u] === UP ? cap[e] - flw[e] : flw[e];
      if (d <= delta) {
        delta = d;
        uOut = u;
        side = 2;
      }
    }
    if (delta === Infinity) return false;

    if (delta > 0) {
      flw[inArc] += dir * delta;
      for (let u = first; u !== join; u = parent[u]) flw[pred[u]] -= predDir[u] * delta;
      for (let u = second; u !== join; u = parent[u]) flw[pred[u]] += predDir[u] * delta;
    }
    if (side === 0) {
      // The entering arc itself is the bottleneck: it just moves to its other bound.
      state[inArc] = -dir;
      return true;
    }
    const outArc = pred[uOut];
    if (cap[outArc] === 0) {
      state[outArc] = FIXED;
      this.pricedStale = true;
    } else state[outArc] = flw[outArc] === 0 ? LOWER : UPPER;
    state[inArc] = TREE;
    const uIn = side === 1 ? first : second;
    const vIn = side === 1 ? second : first;
    this.updateTree(inArc, join, uIn, vIn, uOut);

    // Every tree arc inside the moved subtree keeps its zero reduced cost, so the subtree's
    // potentials all shift by the same amount.
    const pi = this.pi;
    const sigma = pi[vIn] - pi[uIn] - predDir[uIn] * this.cost[inArc];
    const thread = this.thread;
    const end = thread[this.lastSucc[uIn]];
    for (let u = uIn; u !== end; u = thread[u]) pi[u] += sigma;
    return true;
  }

  /**
   * Replaces the tree arc above `uOut` by `inArc` (joining `uIn`, inside the cut-off subtree, to
   * `vIn`): the subtree is re-rooted at `uIn` by reversing the stem uIn → … → uOut, and the thread,
   * subtree sizes and last successors are patched along the stem and the two paths to the join.
   * This is LEMON's update, which costs O(stem + paths) rather than O(subtree).
   */
  private updateTree(inArc: number, join: number, uIn: number, vIn: number, uOut: number): void {
    const { parent, pred, predDir, thread, revThread, succNum, lastSucc, src } = this;
    const oldRevThread = revThread[uOut];
    const oldSuccNum = succNum[uOut];
    const oldLastSucc = lastSucc[uOut];
    const vOut = parent[uOut];

    if (uIn === uOut) {
      parent[uIn] = vIn;
      pred[uIn] = inArc;
      predDir[uIn] = uIn === src[inArc] ? UP : DOWN;
      // Move the subtree's thread segment right after vIn, unless it is there already.
      if (thread[vIn] !== uOut) {
        let after = thread[oldLastSucc];
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
        after = thread[vIn];
        thread[vIn] = uOut;
        revThread[uOut] = vIn;
        thread[oldLastSucc] = after;
        revThread[after] = oldLastSucc;
      }
    } else {
      // When the node before uOut in the thread is vIn, the join is vOut and the new subtree
      // continues straight into what followed uOut's old subtree.
      const threadContinue = oldRevThread === vIn ? thread[oldLastSucc] : thread[vIn];
      // Walk the stem from uIn up to uOut, threading each stem node's remaining subtree after the
      // previous one and flipping its parent.
      let stem = uIn;
      let parStem = vIn;
      let last = lastSucc[uIn];
      let after = thread[last];
      thread[vIn] = uIn;
      const dirty = this.dirty;
      let nDirty = 0;
      dirty[nDirty++] = vIn;
      while (stem !== uOut) {
        const nextStem = parent[stem];
        thread[last] = nextStem;
        dirty[nDirty++] = last;
        // Cut the stem node's subtree out of the thread where it was.
        const before = revThread[stem];
        thread[before] = after;
        revThread[after] = before;
        parent[stem] = parStem;
        parStem = stem;
        stem = nextStem;
        last = lastSucc[stem] === lastSucc[parStem] ? revThread[parStem] : lastSucc[stem];
        after = thread[last];
      }
      parent[uOut] = parStem;
      thread[last] = threadContinue;
      revThread[threadContinue] = last;
      lastSucc[uOut] = last;
      if (oldRevThread !== vIn) {
        thread[oldRevThread] = after;
        revThread[after] = oldRevThread;
      }
      for (let i = 0; i < nDirty; i++) revThread[thread[dirty[i]]] = dirty[i];
      // Along the reversed stem, each node takes the arc, direction and (complementary) subtree of
      // the node that used to be below it.
      let sc = 0;
      const ls = lastSucc[uOut];
      for (let u = uOut, p = parent[u]; u !== uIn; u = p, p = parent[u]) {
        pred[u] = pred[p];
        predDir[u] = -predDir[p];
        sc += succNum[u] - succNum[p];
        succNum[u] = sc;
        lastSucc[p] = ls;
      }
      pred[uIn] = inArc;
      predDir[uIn] = uIn === src[inArc] ? UP : DOWN;
      succNum[uIn] = oldSuccNum;
    }

    // Last successors on the path from vIn up, which now end with the moved subtree...
    const upLimitOut = lastSucc[join] === vIn ? join : -1;
    const lastSuccOut = lastSucc[uOut];
    for (let u = vIn; u !== -1 && lastSucc[u] === vIn; u = parent[u]) lastSucc[u] = lastSuccOut;
    // ...and on the path from vOut up, which lost it.
    if (join !== oldRevThread && vIn !== oldRevThread) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]) lastSucc[u] = oldRevThread;
    } else if (lastSuccOut !== oldLastSucc) {
      for (let u = vOut; u !== upLimitOut && lastSucc[u] === oldLastSucc; u = parent[u]) lastSucc[u] = lastSuccOut;
    }
    for (let u = vIn; u !== join; u = parent[u]) succNum[u] += oldSuccNum;
    for (let u = vOut; u !== join; u = parent[u]) succNum[u] -= oldSuccNum;
  }

  private recomputePotentials(): void {
    const { pi, pred, predDir, parent, cost, thread, root } = this;
    pi[root] = 0;
    // The thread is a pre-order walk, so every parent is updated before its children.
    for (let v = thread[root]; v !== root; v = thread[v]) pi[v] = pi[parent[v]] - predDir[v] * cost[pred[v]];
    this.stale = false;
  }
}
