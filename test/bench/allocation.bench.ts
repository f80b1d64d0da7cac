/**
 * Benchmark of the volume allocator (`npx tsx test/bench/allocation.bench.ts`; not a vitest file).
 *
 * Builds a seeded 1,000 listings × 1,000 demands instance with ~50,000 candidate pairs and measures,
 * side by side: `allocate` (median of 5 runs after a warm-up) against its 200 ms target, the greedy
 * baseline, and GLPK (glpk.js, WebAssembly) on the same instance — as an LP without the minimum lots
 * (the same relaxation as `allocate`'s upper bound) and as a MILP with one binary per pair for the
 * minimums, under a time limit. Prints a JSON object, then a markdown table.
 *
 * Options: `--seed N`, `--listings N`, `--demands N`, `--pairs N` (per listing), `--milp-seconds N`
 * (0 skips the MILP), `--runs N`.
 */
import { pathToFileURL } from 'node:url';
import { availableParallelism, loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { allocate, greedyAllocate, type Allocation, type AllocationProblem } from '#domain/matching/solver/index.ts';
import { checkAllocation } from '#test/support/allocation.ts';

/** Small seeded PRNG (mulberry32): the instance must be the same on every machine and run. */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A realistic random allocation instance: volumes of 1–50 tonnes, minimums of 100–2,000 kg, scores
 * of 0.3–1.0, each listing linked to `pairsPerListing` distinct random demands (as if the matcher's
 * hard filters had kept them). Deterministic for a given seed; reused by the matching benchmark.
 */
export function makeAllocationInstance(seed: number, nListings: number, nDemands: number, pairsPerListing: number): AllocationProblem {
  const rnd = mulberry32(seed);
  const int = (lo: number, hi: number): number => lo + Math.floor(rnd() * (hi - lo + 1));
  const width = String(Math.max(nListings, nDemands)).length;
  const listings = Array.from({ length: nListings }, (_, i) => ({
    id: `L${String(i).padStart(width, '0')}`,
    supplyKg: int(1_000, 50_000),
    minOrderKg: int(1, 20) * 100,
  }));
  const demands = Array.from({ length: nDemands }, (_, j) => ({
    id: `D${String(j).padStart(width, '0')}`,
    demandKg: int(1_000, 50_000),
    minLotKg: int(1, 20) * 100,
  }));
  const pairs: AllocationProblem['pairs'] = [];
  const k = Math.min(pairsPerListing, nDemands);
  for (const l of listings) {
    const chosen = new Set<number>();
    while (chosen.size < k) chosen.add(int(0, nDemands - 1));
    for (const j of chosen) pairs.push({ listingId: l.id, demandId: demands[j].id, score: Math.round((0.3 + 0.7 * rnd()) * 1e4) / 1e4 });
  }
  return { listings, demands, pairs };
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const cpuMs = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

/** Median wall and CPU time of `runs` calls after one warm-up call (JIT, allocation paths). */
function timeRuns<T>(runs: number, f: () => T): { ms: number; cpuMs: number; all: number[]; result: T } {
  let result = f();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const t0 = performance.now();
    const c0 = cpuMs();
    result = f();
    cpu.push(cpuMs() - c0);
    wall.push(performance.now() - t0);
  }
  return { ms: median(wall), cpuMs: median(cpu), all: wall, result };
}

const MILP_NOTE = 'MILP: one binary y per pair, lb·y ≤ x ≤ min(supply, demand)·y; relative gap 1e-4';

interface GlpkReport {
  available: boolean;
  error?: string;
  lp?: { note: string; ms: number; status: string; objective: number };
  milp?: { note: string; ms: number; status: string; objective: number | null; timeLimitSeconds: number; feasibleForMinimums?: boolean };
}

export async function runGlpk(problem: AllocationProblem, milpSeconds: number): Promise<GlpkReport> {
  let glpk;
  try {
    const mod = await import('glpk.js/node');
    glpk = await mod.default();
  } catch (err) {
    return { available: false, error: String(err) };
  }
  const statusName = (s: number): string =>
    ({ [glpk.GLP_OPT]: 'optimal', [glpk.GLP_FEAS]: 'feasible (time limit)', [glpk.GLP_INFEAS]: 'infeasible', [glpk.GLP_NOFEAS]: 'no feasible solution', [glpk.GLP_UNBND]: 'unbounded', [glpk.GLP_UNDEF]: 'undefined (time limit, no solution)' })[s] ?? `status ${s}`;

  const supply = new Map(problem.listings.map((l) => [l.id, l]));
  const demand = new Map(problem.demands.map((d) => [d.id, d]));
  const byListing = new Map<string, { name: string; coef: number }[]>();
  const byDemand = new Map<string, { name: string; coef: number }[]>();
  const objective: { name: string; coef: number }[] = [];
  // Same pairs as allocate's relaxation: a pair whose minimum lot exceeds either side's volume can
  // never be used, so it is left out of both models.
  const usable = problem.pairs.flatMap((p, k) => {
    const l = supply.get(p.listingId)!;
    const d = demand.get(p.demandId)!;
    const lb = Math.max(l.minOrderKg, d.minLotKg);
    const ub = Math.min(l.supplyKg, d.demandKg);
    return Math.max(lb, 1) <= ub ? [{ ...p, k, lb, ub }] : [];
  });
  usable.forEach((p) => {
    const name = `x${p.k}`;
    objective.push({ name, coef: p.score });
    (byListing.get(p.listingId) ?? byListing.set(p.listingId, []).get(p.listingId)!).push({ name, coef: 1 });
    (byDemand.get(p.demandId) ?? byDemand.set(p.demandId, []).get(p.demandId)!).push({ name, coef: 1 });
  });
  const volumeRows = [
    ...[...byListing].map(([id, vars]) => ({ name: `s_${id}`, vars, bnds: { type: glpk.GLP_UP, lb: 0, ub: supply.get(id)!.supplyKg } })),
    ...[...byDemand].map(([id, vars]) => ({ name: `d_${id}`, vars, bnds: { type: glpk.GLP_UP, lb: 0, ub: demand.get(id)!.demandKg } })),
  ];
  const lp = { name: 'allocation-lp', objective: { direction: glpk.GLP_MAX, name: 'score', vars: objective }, subjectTo: volumeRows };
  const report: GlpkReport = { available: true };
  {
    const t0 = performance.now();
    const res = glpk.solve(lp, { msglev: glpk.GLP_MSG_OFF, presol: true });
    report.lp = { note: 'LP relaxation: continuous, minimum lots ignored (pairs whose minimum exceeds either volume left out, as in allocate)', ms: performance.now() - t0, status: statusName(res.result.status), objective: res.result.z };
  }
  if (milpSeconds > 0) {
    // x_k ≥ lb_k·y_k and x_k ≤ U_k·y_k with binary y_k: a pair is off or carries at least its minimum.
    const rows = [...volumeRows];
    const binaries: string[] = [];
    usable.forEach(({ k, lb, ub }) => {
      const y = `y${k}`;
      binaries.push(y);
      rows.push({ name: `lo${k}`, vars: [{ name: `x${k}`, coef: 1 }, { name: y, coef: -lb }], bnds: { type: glpk.GLP_LO, lb: 0, ub: 0 } });
      rows.push({ name: `hi${k}`, vars: [{ name: `x${k}`, coef: 1 }, { name: y, coef: -ub }], bnds: { type: glpk.GLP_UP, lb: 0, ub: 0 } });
    });
    const milp = { ...lp, name: 'allocation-milp', subjectTo: rows, binaries };
    const t0 = performance.now();
    let res;
    try {
      res = glpk.solve(milp, { msglev: glpk.GLP_MSG_OFF, presol: true, tmlim: milpSeconds, mipgap: 1e-4 });
    } catch (err) {
      report.milp = { note: MILP_NOTE, ms: performance.now() - t0, status: `error: ${String(err)}`, objective: null, timeLimitSeconds: milpSeconds };
      return report;
    }
    const ms = performance.now() - t0;
    const ok = res.result.status === glpk.GLP_OPT || res.result.status === glpk.GLP_FEAS;
    let feasibleForMinimums: boolean | undefined;
    if (ok) {
      const quantities = new Map<string, number>();
      problem.pairs.forEach((p, k) => {
        const v = Math.round(res.result.vars[`x${k}`] ?? 0);
        if (v > 0) quantities.set(`${p.listingId}|${p.demandId}`, v);
      });
      const objectiveRounded = problem.pairs.reduce((z, p) => z + p.score * (quantities.get(`${p.listingId}|${p.demandId}`) ?? 0), 0);
      feasibleForMinimums = checkAllocation(problem, { quantities, objective: objectiveRounded, method: 'glpk' }).length === 0;
    }
    report.milp = { note: MILP_NOTE, ms, status: statusName(res.result.status), objective: ok ? res.result.z : null, timeLimitSeconds: milpSeconds, feasibleForMinimums };
  }
  return report;
}

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

async function main(): Promise<void> {
  const seed = arg('seed', 42);
  const nListings = arg('listings', 1000);
  const nDemands = arg('demands', 1000);
  const perListing = arg('pairs', 50);
  const milpSeconds = arg('milp-seconds', 60);
  const runs = arg('runs', 5);
  const targetMs = 200;

  const problem = makeAllocationInstance(seed, nListings, nDemands, perListing);
  const alloc = timeRuns(runs, () => allocate(problem));
  const greedy = timeRuns(runs, () => greedyAllocate(problem));
  const a: Allocation = alloc.result;
  const issues = checkAllocation(problem, a);
  const glpk = await runGlpk(problem, milpSeconds);

  const r = (x: number, d = 4): number => Math.round(x * 10 ** d) / 10 ** d;
  const result = {
    instance: { seed, listings: nListings, demands: nDemands, pairs: problem.pairs.length },
    // Wall times on a shared machine depend on what else runs; CPU times much less so.
    machine: { node: process.version, cpus: availableParallelism(), loadAverage1m: r(loadavg()[0], 2) },
    allocate: { medianMs: r(alloc.ms, 1), medianCpuMs: r(alloc.cpuMs, 1), runsMs: alloc.all.map((x) => r(x, 1)), objective: r(a.objective), upperBound: a.upperBound === undefined ? null : r(a.upperBound), method: a.method, pairsUsed: a.quantities.size, valid: issues.length === 0, issues: issues.slice(0, 5) },
    greedy: { medianMs: r(greedy.ms, 1), medianCpuMs: r(greedy.cpuMs, 1), objective: r(greedy.result.objective), pairsUsed: greedy.result.quantities.size },
    glpk,
  };
  console.log(JSON.stringify(result, null, 2));

  const ub = a.upperBound ?? NaN;
  const rows: [string, string][] = [
    ['allocate median time / 200 ms target', `${r(alloc.ms, 1)} ms / ${targetMs} ms = ${r(alloc.ms / targetMs, 3)}`],
    ['allocate median CPU time / 200 ms target', `${r(alloc.cpuMs, 1)} ms / ${targetMs} ms = ${r(alloc.cpuMs / targetMs, 3)}`],
    ['allocate objective / greedy objective', r(a.objective / greedy.result.objective, 5).toString()],
    ['allocate objective / LP upper bound', r(a.objective / ub, 5).toString()],
    ['greedy objective / LP upper bound', r(greedy.result.objective / ub, 5).toString()],
    ['greedy median time', `${r(greedy.ms, 1)} ms`],
  ];
  if (glpk.lp) {
    rows.push(['glpk LP time / allocate time', `${r(glpk.lp.ms, 0)} ms / ${r(alloc.ms, 1)} ms = ${r(glpk.lp.ms / alloc.ms, 1)}×`]);
    rows.push(['allocate LP bound / glpk LP objective (same relaxation)', r(ub / glpk.lp.objective, 7).toString()]);
  }
  if (glpk.milp) {
    rows.push(['glpk MILP status (time limit)', `${glpk.milp.status} (${glpk.milp.timeLimitSeconds} s), ${r(glpk.milp.ms / 1000, 1)} s`]);
    if (glpk.milp.objective !== null) rows.push(['allocate objective / glpk MILP objective', r(a.objective / glpk.milp.objective, 5).toString()]);
  }
  if (!glpk.available) rows.push(['glpk', `not available: ${glpk.error}`]);
  console.log('\n| measure | value |\n|---|---|');
  for (const [k, v] of rows) console.log(`| ${k} | ${v} |`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
