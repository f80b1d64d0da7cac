/**
 * `npm run bench:market`: replays whole markets, one arrival at a time in random orders, through
 * the market-part model the engine runs for every change (MarketPart: upsert, neighbourhood
 * re-solve, per-side cap), and compares the settled proposals with the whole-market optimum.
 *
 * This measures the allocation work per change, in memory, without DynamoDB: the I/O per change
 * (lease, member's matches, changed proposals, allocation items) is a handful of small requests
 * and is covered, on small markets, by test/market.int.test.ts. Prints one JSON object, then a
 * markdown table.
 *
 * Options: --sizes 1000,10000  --orders 3  --seed 2027  --pairs-per-member 20  --tail 0
 *
 * `--tail K` times only the last K arrivals of each order: the ones before are loaded and solved
 * once. While a part is re-solved whole on every change (at most `wholePartArcs` pairs), a change
 * leaves the same proposals however the part got where it is, so the late changes, the most
 * expensive ones, are timed exactly as in a full replay; the report says whether every timed
 * change was a whole re-solve (`tailExact`). The settled figures are the same either way.
 */
import os from 'node:os';
import { MarketPart } from '#domain/matching/market.ts';
import { allocate } from '#domain/matching/solver/index.ts';
import { arrivals, makeMarket } from '#test/support/market.ts';

const arg = (name: string, fallback: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const sizes = arg('sizes', '1000,10000').split(',').map(Number);
const orders = Number(arg('orders', '3'));
const seed = Number(arg('seed', '2027'));
const pairsPerMember = Number(arg('pairs-per-member', '20'));
const tail = Number(arg('tail', '0'));

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const round = (x: number, d = 4) => Math.round(x * 10 ** d) / 10 ** d;

interface OrderResult {
  settleMs: number;
  /** Arrivals timed one by one (all of them unless --tail), and the one solve that loaded the rest. */
  timedChanges: number;
  bulkLoadMs?: number;
  tailExact?: boolean;
  perChangeMs: { p50: number; p95: number; max: number };
  neighbourhood: { p50: number; p95: number };
  wholeSolves: number;
  objective: number;
  proposedKg: number;
  worstListingRatio: number;
  worstDemandRatio: number;
  maxProposalsPerMember: number;
}

function replay(n: number, order: number): { result: OrderResult; part: MarketPart } {
  // Sourcing from one province of 28 and windows spread so that a demand has about
  // `pairsPerMember` feasible listings (each window lasts 14–44 days).
  const spreadDays = Math.round((60 * n) / (28 * pairsPerMember));
  const market = makeMarket(seed, { listings: n, demands: n, sourcing: 1, spreadDays }, `b${n}`);
  const part = new MarketPart('bench');
  const times: number[] = [];
  const sizesSeen: number[] = [];
  let wholeSolves = 0;
  const all = arrivals(market, order);
  const loaded = tail > 0 ? all.slice(0, Math.max(0, all.length - tail)) : [];
  let bulkLoadMs: number | undefined;
  if (loaded.length) {
    const t = performance.now();
    part.resolve(loaded.flatMap((c) => (c.kind === 'listing' ? part.upsertListing(c.next) : part.upsertDemand(c.next))));
    part.takeChanges();
    bulkLoadMs = round(performance.now() - t, 0);
  }
  const t0 = performance.now();
  for (const c of all.slice(loaded.length)) {
    const t = performance.now();
    const seeds = c.kind === 'listing' ? part.upsertListing(c.next) : part.upsertDemand(c.next);
    const r = part.resolve(seeds);
    part.takeChanges();
    times.push(performance.now() - t);
    sizesSeen.push(r.nodes);
    if (r.whole) wholeSolves++;
  }
  const settleMs = performance.now() - t0;
  const perListing = new Map<string, number>();
  const perDemand = new Map<string, number>();
  let proposedKg = 0;
  for (const f of part.flows()) {
    perListing.set(f.listingId, (perListing.get(f.listingId) ?? 0) + f.kg);
    perDemand.set(f.demandId, (perDemand.get(f.demandId) ?? 0) + f.kg);
    proposedKg += f.kg;
  }
  const count = new Map<string, number>();
  for (const f of part.flows()) for (const id of [f.listingId, f.demandId]) count.set(id, (count.get(id) ?? 0) + 1);
  const worst = (m: Map<string, number>, side: Map<string, { remainingKg: number }>) => Math.max(0, ...[...m].map(([id, kg]) => kg / side.get(id)!.remainingKg));
  return {
    part,
    result: {
      settleMs: round(settleMs, 0),
      timedChanges: times.length,
      ...(loaded.length ? { bulkLoadMs, tailExact: wholeSolves === times.length } : {}),
      perChangeMs: { p50: round(quantile(times, 0.5), 2), p95: round(quantile(times, 0.95), 2), max: round(Math.max(...times), 1) },
      neighbourhood: { p50: quantile(sizesSeen, 0.5), p95: quantile(sizesSeen, 0.95) },
      wholeSolves,
      objective: round(part.objective(), 1),
      proposedKg,
      worstListingRatio: round(worst(perListing, part.listings)),
      worstDemandRatio: round(worst(perDemand, part.demands)),
      maxProposalsPerMember: Math.max(0, ...count.values()),
    },
  };
}

const report: Record<string, unknown> = {
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadAverageAtStart: os.loadavg().map((x) => round(x, 1)) },
  options: { sizes, orders, seed, pairsPerMember, tail },
  markets: [] as unknown[],
};
const rows: string[] = [];
for (const n of sizes) {
  const results: OrderResult[] = [];
  let last: MarketPart | undefined;
  for (let o = 1; o <= orders; o++) {
    process.stderr.write(`market ${n}×${n}, order ${o}/${orders}…\n`);
    const { result, part } = replay(n, seed * 31 + o);
    results.push(result);
    last = part;
  }
  const whole = last!.wholeProblem();
  const t = performance.now();
  const optimum = allocate(whole);
  const optimumMs = round(performance.now() - t, 0);
  const maxVolume = allocate({ ...whole, pairs: whole.pairs.map((p) => ({ ...p, score: 1 })) }).objective;
  const supply = whole.listings.reduce((s, l) => s + l.supplyKg, 0);
  const demand = whole.demands.reduce((s, d) => s + d.demandKg, 0);
  const objectives = results.map((r) => r.objective);
  const spread = (Math.max(...objectives) - Math.min(...objectives)) / optimum.objective;
  const market = {
    size: `${n}×${n}`,
    pairs: whole.pairs.length,
    supplyKg: supply,
    demandKg: demand,
    optimum: { objective: round(optimum.objective, 1), upperBound: optimum.upperBound && round(optimum.upperBound, 1), method: optimum.method, ms: optimumMs },
    maxVolumeKg: maxVolume,
    orders: results,
    objectiveOverOptimum: results.map((r) => round(r.objective / optimum.objective)),
    proposedOverMaxVolume: results.map((r) => round(r.proposedKg / maxVolume)),
    spreadAcrossOrders: round(spread, 5),
  };
  (report.markets as unknown[]).push(market);
  const worstP95 = Math.max(...results.map((r) => r.perChangeMs.p95));
  rows.push(
    `| ${market.size} | ${market.pairs.toLocaleString('en')} | ${results.map((r) => (r.settleMs / 1000).toFixed(1)).join(' / ')} s | ${results.map((r) => r.perChangeMs.p50).join(' / ')} ms | ${results.map((r) => r.perChangeMs.p95).join(' / ')} ms | ${Math.max(...results.map((r) => r.worstListingRatio))} / ${Math.max(...results.map((r) => r.worstDemandRatio))} | ${market.objectiveOverOptimum.join(' / ')} | ${market.proposedOverMaxVolume.join(' / ')} | ${(spread * 100).toFixed(3)} % | ${Math.max(...results.map((r) => r.maxProposalsPerMember))} | ${worstP95 < 1000 ? 'yes' : '**no**'} |`,
  );
}
report.loadAverageAtEnd = os.loadavg().map((x) => round(x, 1));
console.log(JSON.stringify(report, null, 2));
console.log('\n| market | feasible pairs | settle time (per order) | per change p50 | per change p95 | Σ proposed ÷ available, worst listing / demand | objective ÷ optimum | proposed ÷ max volume | spread across orders | most proposals on one member | p95 < 1 s |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const r of rows) console.log(r);
