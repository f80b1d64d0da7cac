/**
 * Request-path benchmark (`npm run bench:api`; not part of `npm test`).
 *
 * The service runs as `npm start` runs it (local HTTP runtime, the real Lambda handlers, the
 * stream relay and webhook worker, DynamoDB Local in memory, all started here). In one run:
 *
 * 1. Sequentially, interleaved (alternating which goes first), `--n` times each, twice: with the
 *    stream relay paused (the request path alone, as in AWS where the stream has functions of
 *    its own) and running (as `npm start` runs):
 *    - the floor: what a create cannot avoid, a consistent GetItem of the seller plus a two-item
 *      TransactWriteItems of the listing item (built by the repository's codec, so the same
 *      size and index keys as a real one) and its outbox item, from a bare DocumentClient;
 *    - the same floor with the owner's daily quota counter as a third item, as the create does;
 *    - `POST /v1/listings` through HTTP, as a client would call it (fetch, keep-alive).
 * 2. `--total` creates at concurrency `--concurrency` (20): creates/s, p50 and p99.
 *
 * Prints one JSON object (figures, target, pass/fail, machine) on stdout, then a markdown table.
 * Target: POST p50 ≤ 1.3 × the floor with quota, p50, the stream paused.
 */
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { DynamoDBDocumentClient, GetCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import { listingPublished } from '#domain/event-builders.ts';
import { listingCodec } from '#functions/data/listings.ts';
import { sellerCodec } from '#functions/data/sellers.ts';
import { outboxItem } from '#functions/data/store.ts';
import { localClient } from '#infra/local/dynamo.ts';
import { signDevToken } from '#infra/local/auth.ts';
import { startLocal } from '#infra/local/runtime.ts';
import { listingBody, sellerBody } from '#test/support/fixtures.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '300' }, total: { type: 'string', default: '600' }, concurrency: { type: 'string', default: '20' }, warmup: { type: 'string', default: '30' } } });
const N = Number(values.n);
const TOTAL = Number(values.total);
const CONCURRENCY = Number(values.concurrency);
const TARGET_RATIO = 1.3;

const log = (msg: string) => process.stderr.write(`[bench:api] ${msg}\n`);
const round = (x: number, d = 2) => Math.round(x * 10 ** d) / 10 ** d;
function pct(xs: readonly number[], q: number): number {
  const s = [...xs].sort((a, b) => a - b);
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  return s[lo] + (s[Math.ceil(pos)] - s[lo]) * (pos - lo);
}
async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await fn();
  return performance.now() - t0;
}

process.env.LOG_LEVEL = 'warn';
// One cooperative creates every listing here: lift its daily quota (the counter is still written).
process.env.QUOTA_LISTINGS_PER_DAY = '100000000';
const runtime = await startLocal({ port: 0, tableName: 'bench-api', secretsDir: '.local/bench' });
const doc = DynamoDBDocumentClient.from(localClient(runtime.dynamoEndpoint), { marshallOptions: { removeUndefinedValues: true } });
const token = await signDevToken(runtime.secrets, 'bench-coop', ['cooperative']);
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

async function post(path: string, body: unknown): Promise<{ id: string }> {
  const res = await fetch(runtime.url + path, { method: 'POST', headers, body: JSON.stringify(body) });
  const text = await res.text();
  if (res.status !== 201) throw new Error(`POST ${path} gave ${res.status}: ${text}`);
  return JSON.parse(text) as { id: string };
}
const createListing = (sellerId: string) => post('/v1/listings', listingBody(sellerId));

const { id: sellerId } = await post('/v1/sellers', sellerBody());
const template = listingCodec.fromItem((await doc.send(new GetCommand({ TableName: runtime.tableName, Key: listingCodec.key((await createListing(sellerId)).id) }))).Item!);
const ids = { next: () => ulid() };

/** The floor: the seller read and the two-item transaction the create needs, and nothing else. */
async function floor() {
  await doc.send(new GetCommand({ TableName: runtime.tableName, Key: sellerCodec.key(sellerId), ConsistentRead: true }));
  const listing = { ...template, id: ulid(), createdAt: new Date().toISOString() };
  const put = (Item: Record<string, unknown>) => ({ Put: { TableName: runtime.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } });
  await doc.send(new TransactWriteCommand({ TransactItems: [put(listingCodec.toItem(listing)), put(outboxItem(listingPublished({ ids, clock: { now: () => new Date() } } as never, listing)))] }));
}

/**
 * The floor as the create now is: the same, plus the owner's daily quota counter updated in the
 * transaction (a product rule that came after the issue's floor was set).
 */
async function floorWithQuota() {
  await doc.send(new GetCommand({ TableName: runtime.tableName, Key: sellerCodec.key(sellerId), ConsistentRead: true }));
  const listing = { ...template, id: ulid(), createdAt: new Date().toISOString() };
  const put = (Item: Record<string, unknown>) => ({ Put: { TableName: runtime.tableName, Item, ConditionExpression: 'attribute_not_exists(pk)' } });
  const counter = { Update: { TableName: runtime.tableName, Key: { pk: 'BENCH#QUOTA', sk: 'listing' }, UpdateExpression: 'ADD n :one', ConditionExpression: 'attribute_not_exists(n) OR n < :max', ExpressionAttributeValues: { ':one': 1, ':max': 1e9 } } };
  await doc.send(new TransactWriteCommand({ TransactItems: [put(listingCodec.toItem(listing)), put(outboxItem(listingPublished({ ids, clock: { now: () => new Date() } } as never, listing))), counter] }));
}

log(`warming up (${values.warmup} of each)`);
for (let i = 0; i < Number(values.warmup); i++) (await floor(), await createListing(sellerId));
await runtime.stream.settle();

interface Sequential {
  floorMs: number[];
  quotaFloorMs: number[];
  apiMs: number[];
}
/** `N` of each, interleaved, alternating which goes first. */
async function sequential(): Promise<Sequential> {
  const out: Sequential = { floorMs: [], quotaFloorMs: [], apiMs: [] };
  for (let i = 0; i < N; i++) {
    if (i % 2) (out.floorMs.push(await timed(floor)), out.quotaFloorMs.push(await timed(floorWithQuota)), out.apiMs.push(await timed(() => createListing(sellerId))));
    else (out.apiMs.push(await timed(() => createListing(sellerId))), out.quotaFloorMs.push(await timed(floorWithQuota)), out.floorMs.push(await timed(floor)));
  }
  return out;
}

// In AWS the stream's work (matching every new listing, relaying its events) runs in functions
// of its own; locally it shares this process and its two cores with the request, and slows the
// heavier side more. So the path is measured twice: alone, with the stream relay paused (its
// records wait and are processed after), and with everything running, as `npm start` runs.
log(`sequential, stream paused: ${N} of each, interleaved`);
await runtime.stream.stop();
const alone = await sequential();
await runtime.restartStream();
await runtime.stream.settle();
log(`sequential, stream running: ${N} of each, interleaved`);
const running = await sequential();
await runtime.stream.settle();

log(`concurrent: ${TOTAL} creates, ${CONCURRENCY} at a time`);
const concurrentMs: number[] = [];
let next = 0;
const t0 = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next++ < TOTAL) concurrentMs.push(await timed(() => createListing(sellerId)));
  }),
);
const wallS = (performance.now() - t0) / 1000;
await runtime.stream.settle();
await runtime.stop();

const figures = (r: Sequential) => ({
  n: N,
  floorMs: { p50: round(pct(r.floorMs, 0.5)), p95: round(pct(r.floorMs, 0.95)) },
  floorWithQuotaMs: { p50: round(pct(r.quotaFloorMs, 0.5)), p95: round(pct(r.quotaFloorMs, 0.95)) },
  postListingMs: { p50: round(pct(r.apiMs, 0.5)), p95: round(pct(r.apiMs, 0.95)) },
  ratioP50: round(pct(r.apiMs, 0.5) / pct(r.floorMs, 0.5), 3),
  ratioP95: round(pct(r.apiMs, 0.95) / pct(r.floorMs, 0.95), 3),
  ratioP50WithQuota: round(pct(r.apiMs, 0.5) / pct(r.quotaFloorMs, 0.5), 3),
});
const result = {
  bench: 'api',
  date: new Date().toISOString(),
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model, node: process.version, loadavg: os.loadavg().map((x) => round(x)) },
  streamPaused: figures(alone),
  streamRunning: figures(running),
  concurrent: { total: TOTAL, concurrency: CONCURRENCY, createsPerSecond: round(TOTAL / wallS, 1), p50Ms: round(pct(concurrentMs, 0.5)), p99Ms: round(pct(concurrentMs, 0.99)) },
  // The create updates the owner's daily quota counter in its transaction: its floor has that third item.
  target: { ratioP50: TARGET_RATIO, against: 'floor with the quota counter, stream paused', met: figures(alone).ratioP50WithQuota <= TARGET_RATIO },
};
console.log(JSON.stringify(result, null, 2));
const row = (label: string, pick: (f: ReturnType<typeof figures>) => string) => `| ${label} | ${pick(result.streamPaused)} | ${pick(result.streamRunning)} |`;
console.log(`
| figure | stream paused (the path alone) | stream running (as npm start) |
|---|---|---|
${row('floor (GetItem + 2-item TransactWriteItems) p50 / p95', (f) => `${f.floorMs.p50} / ${f.floorMs.p95} ms`)}
${row('floor with the quota counter (3 items) p50 / p95', (f) => `${f.floorWithQuotaMs.p50} / ${f.floorWithQuotaMs.p95} ms`)}
${row('POST /v1/listings p50 / p95', (f) => `${f.postListingMs.p50} / ${f.postListingMs.p95} ms`)}
${row(`POST / floor with quota, p50 (target ≤ ${TARGET_RATIO})`, (f) => `${f.ratioP50WithQuota}`)}
${row('POST / 2-item floor, p50 / p95', (f) => `${f.ratioP50} / ${f.ratioP95}`)}
| creates/s at concurrency ${CONCURRENCY}, stream running (p50 / p99) | ${result.concurrent.createsPerSecond} (${result.concurrent.p50Ms} / ${result.concurrent.p99Ms} ms) | |
| target met | ${result.target.met ? 'yes' : '**no**'} | |
| load average at the end | ${result.machine.loadavg.join(', ')} | |`);
