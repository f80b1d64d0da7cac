/**
 * A market part: every live listing and open demand that could ever be paired with each other,
 * the feasible pairs between them (every hard filter passed) and the kilograms currently proposed
 * on each pair. Allocation works on parts, not on one changed listing at a time, so that the
 * proposals of a whole market respect both sides' volumes and come close to the market's optimum.
 *
 * A part is a category: a whole-category demand links every product of its category, so no
 * smaller key keeps every feasible pair inside one part. Windows and sourcing areas split a part
 * into loosely connected regions, which the neighbourhood re-solve below exploits.
 *
 * Pure domain code: no I/O. The engine (engine.ts) keeps one instance per part in memory, in step
 * with the part's items in the table, and writes the flow changes it reports.
 */
import { acceptedSourceProvinces, pairValue, passesHardFilters, type DemandSide, type SupplySide } from '#domain/matching/rules.ts';
import { allocate, pairKey, type AllocationProblem } from '#domain/matching/solver/index.ts';

/** A listing as matching sees it: the index projection (see functions/data/match-index.ts). */
export type SupplyNode = SupplySide & { readonly ownerId: string; readonly version: number };
/** A demand as matching sees it: the index projection. */
export type DemandNode = DemandSide & { readonly ownerId: string; readonly version: number };

/** The part a listing or demand belongs to. */
export const partKeyOf = (x: { readonly category: string }): string => x.category;

/**
 * At most this many open proposals per listing and per demand. Allocation chooses them (a basic
 * optimal solution rarely comes near it: a part's whole solution has fewer positive pairs than it
 * has members); when it does, the smallest are dropped, which keeps every volume respected.
 */
export const MAX_PROPOSALS_PER_SIDE = 50;

/** A feasible pair with its score (without reasons: those are built only for pairs proposed). */
export interface Arc {
  readonly key: string;
  readonly listingId: string;
  readonly demandId: string;
  readonly score: number;
}

/** A pair whose proposed kilograms changed; `toKg` 0 means the proposal goes. */
export interface FlowChange {
  readonly key: string;
  readonly listingId: string;
  readonly demandId: string;
  readonly fromKg: number;
  readonly toKg: number;
}

export interface ResolveOptions {
  /**
   * Parts with at most this many feasible pairs are re-solved whole on every change: the result is
   * then the part's optimum (up to minimum lots) whatever the order of arrival. Default 150,000:
   * a 5,000 × 5,000 part with 134k pairs re-solves whole in 253 ms p50, 659 ms at worst over its
   * last 20 arrivals on the 2-core machine (docs/benchmarks.md).
   */
  wholePartArcs?: number;
  /** Largest neighbourhood re-solved around the changed members in a bigger part. Default 1,500. */
  maxNodes?: number;
  /**
   * In a bigger part, every this many neighbourhood re-solves the whole part is re-solved, so
   * the drift from the part's optimum that neighbourhoods accumulate is bounded. Default 10.
   */
  wholeEvery?: number;
  /** Pairs without flow followed out of each member, best score first. Default 40. */
  fanout?: number;
}

export interface ResolveReport {
  nodes: number;
  arcs: number;
  whole: boolean;
  method: string;
}

const ALL = '*';
const addTo = (m: Map<string, Set<string>>, k: string, id: string) => {
  let s = m.get(k);
  if (!s) m.set(k, (s = new Set()));
  s.add(id);
};
const removeFrom = (m: Map<string, Set<string>>, k: string, id: string) => {
  const s = m.get(k);
  if (s && s.delete(id) && s.size === 0) m.delete(k);
};

const supplyBucketKeys = (l: SupplySide) => [`${l.product}#${l.province}`, `${l.product}#${ALL}`, `cat:${l.category}#${l.province}`, `cat:${l.category}#${ALL}`];
const demandKey = (d: DemandSide) => d.product ?? `cat:${d.category}`;
function demandBucketKeys(d: DemandSide): string[] {
  const area = acceptedSourceProvinces(d);
  return area === 'any' ? [`${demandKey(d)}#${ALL}`] : area.map((p) => `${demandKey(d)}#${p}`);
}
/** Demand buckets a listing may find candidates in. */
const demandBucketsFor = (l: SupplySide) => [`${l.product}#${l.province}`, `${l.product}#${ALL}`, `cat:${l.category}#${l.province}`, `cat:${l.category}#${ALL}`];

export class MarketPart {
  readonly listings = new Map<string, SupplyNode>();
  readonly demands = new Map<string, DemandNode>();
  /** Member id → counterpart id → arc (ids are ULIDs, unique across listings and demands). */
  private readonly arcs = new Map<string, Map<string, Arc>>();
  /** Pair key → kilograms proposed. */
  private readonly flow = new Map<string, number>();
  /** Pair keys never to propose again: declined, confirmed or refused by the store. */
  readonly closed = new Set<string>();
  private readonly supplyBuckets = new Map<string, Set<string>>();
  private readonly demandBuckets = new Map<string, Set<string>>();
  /** Flows changed since the last {@link takeChanges}, with their value before. */
  private readonly changed = new Map<string, { listingId: string; demandId: string; fromKg: number }>();
  private arcTotal = 0;
  /** Neighbourhood re-solves since the part was last re-solved whole. */
  private localSinceWhole = 0;

  constructor(readonly key: string) {}

  get arcCount(): number {
    return this.arcTotal;
  }

  /** Kilograms proposed on a pair (0 when none). */
  flowOf(listingId: string, demandId: string): number {
    return this.flow.get(pairKey(listingId, demandId)) ?? 0;
  }

  /** Every pair with kilograms proposed. */
  *flows(): Iterable<{ listingId: string; demandId: string; kg: number }> {
    for (const [k, kg] of this.flow) {
      const [listingId, demandId] = k.split('|') as [string, string];
      yield { listingId, demandId, kg };
    }
  }

  /** The feasible pairs of a member. */
  arcsOf(id: string): Iterable<Arc> {
    return this.arcs.get(id)?.values() ?? [];
  }

  /** Loads proposals as they are stored, without recording them as changes. */
  loadFlow(listingId: string, demandId: string, kg: number): void {
    if (kg > 0) this.flow.set(pairKey(listingId, demandId), kg);
  }

  private setFlow(listingId: string, demandId: string, kg: number, key = pairKey(listingId, demandId)): void {
    const before = this.flow.get(key) ?? 0;
    if (before === kg) return;
    if (!this.changed.has(key)) this.changed.set(key, { listingId, demandId, fromKg: before });
    if (kg > 0) this.flow.set(key, kg);
    else this.flow.delete(key);
  }

  /** The flow changes since the last call, net of changes that cancelled out. */
  takeChanges(): FlowChange[] {
    const out: FlowChange[] = [];
    for (const [key, c] of this.changed) {
      const toKg = this.flow.get(key) ?? 0;
      if (toKg !== c.fromKg) out.push({ key, ...c, toKg });
    }
    this.changed.clear();
    return out;
  }

  /** Drops proposals on pairs that are no longer feasible or whose member is gone (after a load). */
  dropInfeasibleFlows(): void {
    for (const { listingId, demandId } of [...this.flows()]) {
      if (!this.arcs.get(listingId)?.has(demandId) || this.closed.has(pairKey(listingId, demandId))) this.setFlow(listingId, demandId, 0);
    }
  }

  private link(l: SupplyNode, d: DemandNode): void {
    if (!passesHardFilters(l, d)) return;
    const arc: Arc = { key: pairKey(l.id, d.id), listingId: l.id, demandId: d.id, score: Math.max(pairValue(l, d).score, 1e-6) };
    let a = this.arcs.get(l.id);
    if (!a) this.arcs.set(l.id, (a = new Map()));
    a.set(d.id, arc);
    let b = this.arcs.get(d.id);
    if (!b) this.arcs.set(d.id, (b = new Map()));
    b.set(l.id, arc);
    this.arcTotal++;
  }

  /** Removes a member's arcs; proposals on arcs that do not come back are dropped by the caller. */
  private unlink(id: string): string[] {
    const mine = this.arcs.get(id);
    if (!mine) return [];
    for (const other of mine.keys()) this.arcs.get(other)?.delete(id);
    this.arcs.delete(id);
    this.arcTotal -= mine.size;
    return [...mine.keys()];
  }

  /** Adds or replaces a listing; returns the members whose proposals may have to change. */
  upsertListing(l: SupplyNode): string[] {
    const prev = this.listings.get(l.id);
    const before = prev ? this.unlink(l.id) : [];
    if (prev) for (const k of supplyBucketKeys(prev)) removeFrom(this.supplyBuckets, k, l.id);
    this.listings.set(l.id, l);
    for (const k of supplyBucketKeys(l)) addTo(this.supplyBuckets, k, l.id);
    const seen = new Set<string>();
    for (const k of demandBucketsFor(l)) {
      for (const id of this.demandBuckets.get(k) ?? []) {
        if (seen.has(id)) continue;
        seen.add(id);
        this.link(l, this.demands.get(id)!);
      }
    }
    for (const d of before) if (!this.arcs.get(l.id)?.has(d)) this.setFlow(l.id, d, 0);
    return [l.id, ...before];
  }

  /** Adds or replaces a demand; returns the members whose proposals may have to change. */
  upsertDemand(d: DemandNode): string[] {
    const prev = this.demands.get(d.id);
    const before = prev ? this.unlink(d.id) : [];
    if (prev) for (const k of demandBucketKeys(prev)) removeFrom(this.demandBuckets, k, d.id);
    this.demands.set(d.id, d);
    for (const k of demandBucketKeys(d)) addTo(this.demandBuckets, k, d.id);
    const area = acceptedSourceProvinces(d);
    const keys = area === 'any' ? [`${demandKey(d)}#${ALL}`] : area.map((p) => `${demandKey(d)}#${p}`);
    for (const k of keys) for (const id of this.supplyBuckets.get(k) ?? []) this.link(this.listings.get(id)!, d);
    for (const l of before) if (!this.arcs.get(d.id)?.has(l)) this.setFlow(l, d.id, 0);
    return [d.id, ...before];
  }

  /** Removes a listing or demand (withdrawn, sold out, fulfilled, expired); returns its former counterparts. */
  remove(id: string): string[] {
    const l = this.listings.get(id);
    const d = this.demands.get(id);
    if (!l && !d) return [];
    const others = this.unlink(id);
    for (const o of others) this.setFlow(l ? id : o, l ? o : id, 0);
    // Proposals on pairs that had already lost their arc (none normally) go too.
    for (const f of [...this.flows()]) if (f.listingId === id || f.demandId === id) this.setFlow(f.listingId, f.demandId, 0);
    if (l) {
      for (const k of supplyBucketKeys(l)) removeFrom(this.supplyBuckets, k, id);
      this.listings.delete(id);
    }
    if (d) {
      for (const k of demandBucketKeys(d)) removeFrom(this.demandBuckets, k, id);
      this.demands.delete(id);
    }
    return others;
  }

  /** A pair that must never be proposed again (declined, confirmed, or refused when written). */
  close(listingId: string, demandId: string): void {
    this.closed.add(pairKey(listingId, demandId));
    this.setFlow(listingId, demandId, 0);
  }

  private remaining(id: string): number {
    return Math.max(0, Math.floor((this.listings.get(id) ?? this.demands.get(id))?.remainingKg ?? 0));
  }

  /** Kilograms a member has proposed to counterparts outside `inside`. */
  private outsideFlow(id: string, inside: Set<string>): { kg: number; partners: string[] } {
    let kg = 0;
    const partners: string[] = [];
    const isListing = this.listings.has(id);
    for (const arc of this.arcs.get(id)?.values() ?? []) {
      const other = isListing ? arc.demandId : arc.listingId;
      const f = this.flow.get(arc.key) ?? 0;
      if (f > 0 && !inside.has(other)) (kg += f), partners.push(other);
    }
    return { kg, partners };
  }

  /** The members re-solved after a change to `seeds`: the whole part, or a neighbourhood of them. */
  private neighbourhood(seeds: string[], opts: Required<ResolveOptions>): Set<string> {
    const inside = new Set<string>();
    if (this.arcTotal <= opts.wholePartArcs || this.localSinceWhole + 1 >= opts.wholeEvery) {
      for (const id of this.listings.keys()) inside.add(id);
      for (const id of this.demands.keys()) inside.add(id);
      return inside;
    }
    const queue: string[] = [];
    const add = (id: string) => {
      if (inside.has(id) || !(this.listings.has(id) || this.demands.has(id))) return;
      inside.add(id);
      queue.push(id);
    };
    for (const s of seeds) add(s);
    // Breadth first: the pairs with flow first (where volume can be re-routed), then the best
    // pairs without, up to `fanout` per member, until the size budget is spent.
    for (let i = 0; i < queue.length && inside.size < opts.maxNodes; i++) {
      const arcs = [...(this.arcs.get(queue[i])?.values() ?? [])].filter((a) => !this.closed.has(a.key));
      const other = (a: Arc) => (a.listingId === queue[i] ? a.demandId : a.listingId);
      for (const a of arcs) if ((this.flow.get(a.key) ?? 0) > 0) add(other(a));
      arcs.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
      let taken = 0;
      for (const a of arcs) {
        if (taken >= opts.fanout || inside.size >= opts.maxNodes) break;
        if (!inside.has(other(a))) (add(other(a)), taken++);
      }
    }
    return inside;
  }

  /**
   * Re-allocates around the members that changed: the part's volumes are split again over the
   * feasible pairs of the neighbourhood, with the proposals crossing its border kept as they are
   * (so each member's volume stays respected). The flow changes are then in {@link takeChanges}.
   */
  resolve(seeds: string[], options: ResolveOptions = {}): ResolveReport {
    const opts: Required<ResolveOptions> = { wholePartArcs: options.wholePartArcs ?? 150_000, maxNodes: options.maxNodes ?? 1_500, fanout: options.fanout ?? 40, wholeEvery: options.wholeEvery ?? 10 };
    const inside = this.neighbourhood(seeds, opts);
    const whole = inside.size === this.listings.size + this.demands.size;
    this.localSinceWhole = whole ? 0 : this.localSinceWhole + 1;
    const problem: AllocationProblem = { listings: [], demands: [], pairs: [] };
    for (const id of inside) {
      const outside = whole ? 0 : this.outsideFlow(id, inside).kg;
      const rest = Math.max(0, this.remaining(id) - outside);
      const l = this.listings.get(id);
      if (l) {
        problem.listings.push({ id, supplyKg: rest, minOrderKg: Math.ceil(Math.min(l.minOrderKg, l.remainingKg)) });
        for (const arc of this.arcs.get(id)?.values() ?? []) {
          if (inside.has(arc.demandId) && !this.closed.has(arc.key)) problem.pairs.push({ listingId: id, demandId: arc.demandId, score: arc.score });
        }
      } else {
        const d = this.demands.get(id)!;
        problem.demands.push({ id, demandKg: rest, minLotKg: Math.ceil(Math.min(d.minQuantityKg, d.remainingKg)) });
      }
    }
    const { quantities, method } = allocate(problem);
    const touched = new Set<string>();
    for (const id of inside) {
      if (!this.listings.has(id)) continue;
      for (const arc of this.arcs.get(id)?.values() ?? []) {
        if (!inside.has(arc.demandId)) continue;
        const kg = quantities.get(arc.key) ?? 0;
        if ((this.flow.get(arc.key) ?? 0) === kg) continue;
        this.setFlow(id, arc.demandId, kg, arc.key);
        if (kg > 0) touched.add(id).add(arc.demandId);
      }
    }
    // Only a member that gained a proposal can have gone over the cap.
    this.enforceCap(touched);
    return { nodes: inside.size, arcs: problem.pairs.length, whole, method };
  }

  /** Keeps the {@link MAX_PROPOSALS_PER_SIDE} largest proposals of each member; dropping never breaks a volume. */
  private enforceCap(ids: Iterable<string>): void {
    for (const id of ids) {
      const open = [...this.arcsOf(id)].filter((a) => (this.flow.get(a.key) ?? 0) > 0);
      if (open.length <= MAX_PROPOSALS_PER_SIDE) continue;
      open.sort((a, b) => this.flow.get(b.key)! * b.score - this.flow.get(a.key)! * a.score || (a.key < b.key ? -1 : 1));
      for (const a of open.slice(MAX_PROPOSALS_PER_SIDE)) this.setFlow(a.listingId, a.demandId, 0);
    }
  }

  /** The allocation problem of the whole part (every feasible open pair, full remaining volumes): the offline reference. */
  wholeProblem(): AllocationProblem {
    const problem: AllocationProblem = { listings: [], demands: [], pairs: [] };
    for (const l of this.listings.values()) {
      problem.listings.push({ id: l.id, supplyKg: this.remaining(l.id), minOrderKg: Math.ceil(Math.min(l.minOrderKg, l.remainingKg)) });
      for (const arc of this.arcs.get(l.id)?.values() ?? []) if (!this.closed.has(arc.key)) problem.pairs.push({ listingId: l.id, demandId: arc.demandId, score: arc.score });
    }
    for (const d of this.demands.values()) problem.demands.push({ id: d.id, demandKg: this.remaining(d.id), minLotKg: Math.ceil(Math.min(d.minQuantityKg, d.remainingKg)) });
    return problem;
  }

  /** Σ score × kg of the current proposals. */
  objective(): number {
    let sum = 0;
    for (const f of this.flows()) sum += f.kg * (this.arcs.get(f.listingId)?.get(f.demandId)?.score ?? 0);
    return sum;
  }
}
