import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { solve as solveLp, type Constraint, type Coefficients } from 'yalps';
import { MinCostFlow, allocate, greedyAllocate, pairKey, type Allocation, type AllocationProblem } from '#domain/matching/solver/index.ts';
import { bruteForceAllocate, checkAllocation } from '#test/support/allocation.ts';

const listing = (id: string, supplyKg: number, minOrderKg = 0) => ({ id, supplyKg, minOrderKg });
const demand = (id: string, demandKg: number, minLotKg = 0) => ({ id, demandKg, minLotKg });
const pair = (listingId: string, demandId: string, score: number) => ({ listingId, demandId, score });
const qty = (a: Allocation, l: string, d: string): number => a.quantities.get(pairKey(l, d)) ?? 0;
const close = (a: number, b: number, rel = 1e-6): boolean => Math.abs(a - b) <= rel * Math.max(1, Math.abs(a), Math.abs(b));

/** Random instances: volumes and minimums often multiples of 50 kg, so that they collide and bind. */
const volume = (max: number) => fc.oneof(fc.integer({ min: 0, max }), fc.integer({ min: 0, max: Math.floor(max / 50) }).map((v) => v * 50));
const instance = (maxListings: number, maxDemands: number, maxPairs: number): fc.Arbitrary<AllocationProblem> =>
  fc
    .record({
      listings: fc.array(fc.record({ supplyKg: volume(3000), minOrderKg: volume(1200) }), { minLength: 1, maxLength: maxListings }),
      demands: fc.array(fc.record({ demandKg: volume(3000), minLotKg: volume(1200) }), { minLength: 1, maxLength: maxDemands }),
      edges: fc.array(fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 1, max: 100 })), { maxLength: maxPairs }),
    })
    .map(({ listings, demands, edges }) => ({
      listings: listings.map((l, i) => ({ id: `L${i}`, ...l })),
      demands: demands.map((d, j) => ({ id: `D${j}`, ...d })),
      pairs: edges.map(([a, b, s]) => pair(`L${a % listings.length}`, `D${b % demands.length}`, s / 100)),
    }));

describe('allocate', () => {
  it('gives a listing that cannot serve every demand to the higher-scoring demand', () => {
    const problem = {
      listings: [listing('L', 1000)],
      demands: [demand('A', 1000), demand('B', 1000)],
      pairs: [pair('L', 'A', 0.6), pair('L', 'B', 0.9)],
    };
    const a = allocate(problem);
    expect(qty(a, 'L', 'B')).toBe(1000);
    expect(qty(a, 'L', 'A')).toBe(0);
    expect(a.objective).toBeCloseTo(900, 9);
    expect(checkAllocation(problem, a)).toEqual([]);
  });

  it('beats greedy when the best pair would starve two good ones', () => {
    // Greedy sends L1 to A (0.9) and leaves L2 with nothing to serve; the optimum routes L1 to B.
    const problem = {
      listings: [listing('L1', 1000), listing('L2', 1000)],
      demands: [demand('A', 1000), demand('B', 1000)],
      pairs: [pair('L1', 'A', 0.9), pair('L1', 'B', 0.8), pair('L2', 'A', 0.85)],
    };
    expect(greedyAllocate(problem).objective).toBeCloseTo(900, 9);
    const a = allocate(problem);
    expect(a.objective).toBeCloseTo(1650, 9);
    expect(qty(a, 'L1', 'B')).toBe(1000);
    expect(qty(a, 'L2', 'A')).toBe(1000);
  });

  it('never ships a lot below the larger of the two minimums', () => {
    // The relaxation would split 1,500 kg as 1,000 + 500, but 500 kg is below D2's 800 kg lot.
    const problem = {
      listings: [listing('L', 1500)],
      demands: [demand('D1', 1000, 800), demand('D2', 1000, 800)],
      pairs: [pair('L', 'D1', 0.9), pair('L', 'D2', 0.8)],
    };
    const a = allocate(problem);
    expect(a.upperBound).toBeCloseTo(1300, 9);
    expect(qty(a, 'L', 'D1')).toBe(1000);
    expect(qty(a, 'L', 'D2')).toBe(0);
    expect(a.objective).toBeCloseTo(900, 9);
    expect(checkAllocation(problem, a)).toEqual([]);
  });

  it('splits a listing when both lots fit above their minimums', () => {
    const problem = {
      listings: [listing('L', 1500, 500)],
      demands: [demand('D1', 1000, 200), demand('D2', 1000, 200)],
      pairs: [pair('L', 'D1', 0.9), pair('L', 'D2', 0.8)],
    };
    const a = allocate(problem);
    expect(qty(a, 'L', 'D1')).toBe(1000);
    expect(qty(a, 'L', 'D2')).toBe(500);
  });

  it('leaves a pair unused when its minimum exceeds what either side has', () => {
    const problem = {
      listings: [listing('L1', 500), listing('L2', 5000, 2500)],
      demands: [demand('D', 2000, 600)],
      pairs: [pair('L1', 'D', 1), pair('L2', 'D', 1)],
    };
    const a = allocate(problem);
    expect(a.quantities.size).toBe(0);
    expect(a.objective).toBe(0);
    expect(checkAllocation(problem, a)).toEqual([]);
  });

  it('returns an empty allocation for an empty problem', () => {
    const a = allocate({ listings: [], demands: [], pairs: [] });
    expect(a.quantities.size).toBe(0);
    expect(a.objective).toBe(0);
    expect(greedyAllocate({ listings: [], demands: [], pairs: [] }).quantities.size).toBe(0);
  });

  it('ignores pairs with unknown ids and uses the best score of a repeated pair', () => {
    const problem = {
      listings: [listing('L', 100)],
      demands: [demand('D', 100)],
      pairs: [pair('L', 'D', 0.2), pair('L', 'nobody', 1), pair('ghost', 'D', 1), pair('L', 'D', 0.7)],
    };
    const a = allocate(problem);
    expect([...a.quantities]).toEqual([[pairKey('L', 'D'), 100]]);
    expect(a.objective).toBeCloseTo(70, 9);
  });

  it('works in whole kilograms: volumes are rounded down and minimums up', () => {
    const problem = {
      listings: [listing('L', 1000.9, 99.2)],
      demands: [demand('D1', 600.5), demand('D2', 700.7)],
      pairs: [pair('L', 'D1', 0.9), pair('L', 'D2', 0.5)],
    };
    const a = allocate(problem);
    expect(qty(a, 'L', 'D1')).toBe(600);
    expect(qty(a, 'L', 'D2')).toBe(400);
    expect(checkAllocation(problem, a)).toEqual([]);
  });

  it('settles many conflicting minimums with the repair heuristic and stays feasible', () => {
    // One listing per demand chain, every relaxed split leaving a remainder below the minimum.
    const listings = Array.from({ length: 30 }, (_, i) => listing(`L${i}`, 1000 + 37 * i, 300));
    const demands = Array.from({ length: 30 }, (_, j) => demand(`D${j}`, 900 + 53 * j, 250));
    const pairs = listings.flatMap((l, i) => [pair(l.id, `D${i}`, 0.5 + (i % 7) / 20), pair(l.id, `D${(i + 1) % 30}`, 0.55 + (i % 5) / 25), pair(l.id, `D${(i + 7) % 30}`, 0.4)]);
    const problem = { listings, demands, pairs };
    const a = allocate(problem, { maxExactViolations: 0 });
    expect(checkAllocation(problem, a)).toEqual([]);
    expect(a.objective).toBeGreaterThanOrEqual(greedyAllocate(problem).objective - 1e-9);
    expect(a.objective).toBeLessThanOrEqual(a.upperBound! + 1e-6);
  });
});

describe('greedyAllocate', () => {
  it('takes pairs strictly by descending score, also on inputs large enough to be radix-sorted', () => {
    // 100 listings × 60 demands each = 6,000 pairs with distinct scores, volumes that bind.
    const listings = Array.from({ length: 100 }, (_, i) => listing(`L${i}`, 3000 + ((i * 37) % 2000), (i % 4) * 100));
    const demands = Array.from({ length: 300 }, (_, j) => demand(`D${j}`, 1500 + ((j * 53) % 1000), (j % 3) * 150));
    const pairs = listings.flatMap((l, i) => Array.from({ length: 60 }, (_, k) => pair(l.id, `D${(i * 7 + k * 5) % 300}`, (((i * 60 + k) * 7919) % 6007 + 1) / 6008)));
    const problem = { listings, demands, pairs };
    // The baseline, spelled out.
    const left = new Map<string, number>([...listings.map((l) => [l.id, l.supplyKg] as const), ...demands.map((d) => [d.id, d.demandKg] as const)]);
    const minimum = new Map<string, number>([...listings.map((l) => [l.id, l.minOrderKg] as const), ...demands.map((d) => [d.id, d.minLotKg] as const)]);
    const expected = new Map<string, number>();
    for (const p of [...pairs].sort((a, b) => b.score - a.score)) {
      const q = Math.min(left.get(p.listingId)!, left.get(p.demandId)!);
      if (q > 0 && q >= Math.max(minimum.get(p.listingId)!, minimum.get(p.demandId)!)) {
        expected.set(pairKey(p.listingId, p.demandId), q);
        left.set(p.listingId, left.get(p.listingId)! - q);
        left.set(p.demandId, left.get(p.demandId)! - q);
      }
    }
    const g = greedyAllocate(problem);
    expect(new Set(pairs.map((p) => p.score)).size).toBe(pairs.length);
    expect(g.quantities).toEqual(expected);
    expect(checkAllocation(problem, g)).toEqual([]);
    const a = allocate(problem);
    expect(checkAllocation(problem, a)).toEqual([]);
    expect(a.objective).toBeGreaterThanOrEqual(g.objective);
  });
});

describe('checkAllocation', () => {
  const problem = {
    listings: [listing('L', 1000, 100)],
    demands: [demand('D1', 500), demand('D2', 800, 300)],
    pairs: [pair('L', 'D1', 0.5), pair('L', 'D2', 0.5)],
  };
  const alloc = (entries: [string, string, number][]): Allocation => {
    const quantities = new Map(entries.map(([l, d, x]) => [pairKey(l, d), x]));
    return { quantities, objective: entries.reduce((z, [, , x]) => z + 0.5 * x, 0), method: 'test' };
  };

  it('accepts a valid allocation', () => {
    expect(checkAllocation(problem, alloc([['L', 'D1', 500], ['L', 'D2', 500]]))).toEqual([]);
  });

  it('reports over-allocated volumes, lots below the minimum and bad quantities', () => {
    expect(checkAllocation(problem, alloc([['L', 'D1', 600], ['L', 'D2', 500]])).join('\n')).toMatch(/listing L.*1100.*1000[\s\S]*demand D1/);
    expect(checkAllocation(problem, alloc([['L', 'D2', 200]]))[0]).toMatch(/below the minimum of 300/);
    expect(checkAllocation(problem, alloc([['L', 'D1', 99]]))[0]).toMatch(/below the minimum of 100/);
    expect(checkAllocation(problem, alloc([['L', 'D1', 150.5]]))[0]).toMatch(/not whole kilograms/);
    expect(checkAllocation(problem, alloc([['L', 'D1', -5]]))[0]).toMatch(/negative/);
    expect(checkAllocation(problem, alloc([['L', 'D3', 100]]))[0]).toMatch(/not a candidate/);
  });

  it('reports an objective that does not match the quantities', () => {
    const a = alloc([['L', 'D1', 500]]);
    expect(checkAllocation(problem, { ...a, objective: a.objective + 1 })[0]).toMatch(/objective/);
  });
});

describe('MinCostFlow', () => {
  it('finds the cheapest flow of any amount and keeps its tree consistent', () => {
    // Two suppliers, two customers; the cheapest plan ships 5 + 3 and leaves 2 units unsold.
    const f = new MinCostFlow([5, 5, -4, -4]);
    const a = f.addArc(0, 2, -10);
    const b = f.addArc(0, 3, -9);
    const c = f.addArc(1, 3, -3);
    const d = f.addArc(1, 2, 1);
    expect(f.solve()).toBe('optimal');
    expect([f.flow(a), f.flow(b), f.flow(c), f.flow(d)]).toEqual([4, 1, 3, 0]);
    expect(f.checkInvariants()).toBeNull();
  });

  it('matches an LP solver on random networks, with a consistent tree after every pivot and warm restarts', () => {
    const network = fc.record({
      supplies: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 8 }),
      demands: fc.array(fc.integer({ min: 0, max: 20 }), { minLength: 1, maxLength: 8 }),
      hubs: fc.integer({ min: 0, max: 3 }),
      arcs: fc.array(fc.record({ from: fc.nat(), to: fc.nat(), cost: fc.integer({ min: -10, max: 6 }), cap: fc.option(fc.integer({ min: 0, max: 15 })) }), { maxLength: 40 }),
      newCosts: fc.array(fc.integer({ min: -10, max: 6 }), { maxLength: 40 }),
    });
    fc.assert(
      fc.property(network, ({ supplies, demands, hubs, arcs, newCosts }) => {
        const nS = supplies.length;
        const nD = demands.length;
        const b = [...supplies, ...demands.map((d) => -d), ...Array<number>(hubs).fill(0)];
        const f = new MinCostFlow(b);
        // Supply nodes only send, demand nodes only receive, hubs pass flow on (with capacities, so
        // that no cycle through them is unbounded).
        const senders = [...Array(nS).keys(), ...Array.from({ length: hubs }, (_, h) => nS + nD + h)];
        const receivers = [...Array.from({ length: nD }, (_, j) => nS + j), ...Array.from({ length: hubs }, (_, h) => nS + nD + h)];
        const added = arcs.flatMap(({ from, to, cost, cap }) => {
          const u = senders[from % senders.length];
          const v = receivers[to % receivers.length];
          if (u === v) return [];
          const capacity = u >= nS + nD || v >= nS + nD ? (cap ?? 10) : (cap ?? Infinity);
          return [{ u, v, cost, capacity, id: f.addArc(u, v, cost, capacity) }];
        });
        const lpOptimum = (): number => {
          const constraints = new Map<string, Constraint>();
          b.forEach((bu, u) => constraints.set(`n${u}`, u < nS ? { max: bu } : u < nS + nD ? { max: -bu } : { equal: 0 }));
          const variables = new Map<string, Coefficients>();
          added.forEach((a, k) => {
            const co: Record<string, number> = { cost: a.cost };
            co[`n${a.u}`] = (co[`n${a.u}`] ?? 0) + (a.u < nS ? 1 : -1);
            co[`n${a.v}`] = (co[`n${a.v}`] ?? 0) + 1;
            if (a.capacity !== Infinity) {
              co[`cap${k}`] = 1;
              constraints.set(`cap${k}`, { max: a.capacity });
            }
            variables.set(`a${k}`, co);
          });
          const sol = solveLp({ direction: 'minimize', objective: 'cost', constraints, variables });
          expect(sol.status).toBe('optimal');
          return sol.result;
        };
        const solveChecked = (): void => {
          for (;;) {
            const status = f.solve(1);
            expect(f.checkInvariants()).toBeNull();
            if (status === 'optimal') return;
            expect(status).toBe('pivot-limit');
          }
        };
        solveChecked();
        const cost = (): number => added.reduce((z, a) => z + a.cost * f.flow(a.id), 0);
        expect(cost()).toBeCloseTo(lpOptimum(), 6);
        // Warm restart after cost changes, via a snapshot explored and abandoned.
        const snap = f.snapshot();
        added.forEach((a, k) => f.setCost(a.id, newCosts[k] ?? -a.cost));
        f.solve();
        f.restore(snap);
        expect(f.checkInvariants()).toBeNull();
        added.forEach((a, k) => {
          a.cost = newCosts[k] ?? a.cost;
          f.setCost(a.id, a.cost);
        });
        solveChecked();
        expect(cost()).toBeCloseTo(lpOptimum(), 6);
      }),
      { numRuns: 300 },
    );
  });
});

describe('allocate on random instances', () => {
  it('respects every volume and minimum, beats greedy and stays under the LP bound', () => {
    fc.assert(
      fc.property(instance(8, 8, 30), (problem) => {
        const a = allocate(problem);
        expect(checkAllocation(problem, a)).toEqual([]);
        expect(a.objective).toBeGreaterThanOrEqual(greedyAllocate(problem).objective - 1e-9);
        expect(a.upperBound).toBeDefined();
        expect(a.objective).toBeLessThanOrEqual(a.upperBound! * (1 + 1e-9) + 1e-9);
      }),
      { numRuns: 600 },
    );
  });

  it('stays feasible and at least as good as greedy when the repair heuristic does the work', () => {
    fc.assert(
      fc.property(instance(15, 15, 80), fc.integer({ min: 0, max: 3 }), (problem, trial) => {
        const a = allocate(problem, { maxExactViolations: 0, repairTrialThreshold: trial * 4, maxRepairRounds: 1 + trial * 5 });
        expect(checkAllocation(problem, a)).toEqual([]);
        expect(a.objective).toBeGreaterThanOrEqual(greedyAllocate(problem).objective - 1e-9);
        expect(a.objective).toBeLessThanOrEqual(a.upperBound! * (1 + 1e-9) + 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it('reaches the exact optimum of brute-force enumeration on tiny instances', () => {
    fc.assert(
      fc.property(instance(4, 4, 7), (problem) => {
        const exact = bruteForceAllocate(problem);
        expect(checkAllocation(problem, exact)).toEqual([]);
        const a = allocate(problem);
        expect(close(a.objective, exact.objective)).toBe(true);
        expect(exact.objective).toBeLessThanOrEqual(a.upperBound! * (1 + 1e-9) + 1e-9);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps branch-and-bound exact when its first leaves are poor, and greedy-level when it runs out of nodes', () => {
    fc.assert(
      fc.property(instance(4, 4, 7), (problem) => {
        const exact = bruteForceAllocate(problem);
        expect(close(allocate(problem, { maxBranchNodes: 10_000 }).objective, exact.objective)).toBe(true);
        const starved = allocate(problem, { maxBranchNodes: 1 });
        expect(checkAllocation(problem, starved)).toEqual([]);
        expect(starved.objective).toBeGreaterThanOrEqual(greedyAllocate(problem).objective - 1e-9);
      }),
      { numRuns: 200 },
    );
  });

  it('computes as upper bound the optimum of the LP relaxation over the usable pairs', () => {
    fc.assert(
      fc.property(instance(6, 6, 20), (problem) => {
        const supply = new Map(problem.listings.map((l) => [l.id, l]));
        const wanted = new Map(problem.demands.map((d) => [d.id, d]));
        const best = new Map<string, { l: string; d: string; score: number }>();
        for (const p of problem.pairs) {
          const key = pairKey(p.listingId, p.demandId);
          if ((best.get(key)?.score ?? -1) < p.score) best.set(key, { l: p.listingId, d: p.demandId, score: p.score });
        }
        const variables = new Map<string, Coefficients>();
        const constraints = new Map<string, Constraint>();
        for (const [key, { l, d, score }] of best) {
          const L = supply.get(l)!;
          const D = wanted.get(d)!;
          if (Math.max(L.minOrderKg, D.minLotKg, 1) > Math.min(L.supplyKg, D.demandKg)) continue;
          variables.set(key, { score, [`s:${l}`]: 1, [`d:${d}`]: 1 });
          constraints.set(`s:${l}`, { max: L.supplyKg });
          constraints.set(`d:${d}`, { max: D.demandKg });
        }
        const lp = solveLp({ direction: 'maximize', objective: 'score', constraints, variables });
        expect(close(allocate(problem).upperBound!, lp.result, 1e-7)).toBe(true);
      }),
      { numRuns: 200 },
    );
  });
});
