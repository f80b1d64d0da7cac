/**
 * Benchmark of the deployed function bundles (`npm run bench:bundles`; not a vitest file).
 *
 * Builds every Lambda entry of `functions/handlers/` as the CDK deploys it (test/support/bundle.ts)
 * and, side by side in one run, a "floor": the bare AWS SDK a data function cannot do without (a
 * DynamoDB document client, bundled the same way but as the SDK ships, with its whole default
 * credential chain). For reference, "floor-env" is the same client with the functions' alias
 * (only the environment credentials Lambda uses, functions/aws/env-credentials.ts): the last
 * column, × floor-env, is what our code adds to the leanest SDK (each ratio over floor-env's). For each it measures the bundle size and the
 * init time: a fresh Node 22 process importing the bundle with the environment a function gets,
 * timed from process start to the end of the import (`performance.now()`). Each run of a bundle
 * is paired with a run of the floor just before or after it (alternately); the ratio is the median over `--runs` pairs.
 * Budget: init ≤ 1.3× the floor's. Prints one JSON object, then a markdown table; `--record` writes the sizes to
 * test/bench/bundles.json, which test/infra.test.ts holds the bundles to.
 *
 * Options: `--runs N` (default 9), `--record`, `--baseline <git ref>`: also builds that commit's
 * entries (from `git archive`, with this checkout's node_modules) and measures them in the same
 * interleaved runs, as `<name>@<ref>`, for a before/after in one run.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { bundleEntry, ROOT } from '#test/support/bundle.ts';

export const INIT_BUDGET_RATIO = 1.3;
export const RECORD_FILE = path.join(ROOT, 'test/bench/bundles.json');

const { values } = parseArgs({ options: { runs: { type: 'string', default: '9' }, record: { type: 'boolean', default: false }, baseline: { type: 'string' } } });
const runs = Number(values.runs);

const FLOOR_SOURCE = `import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: process.env.AWS_REGION }));
export const handler = async () => ({ statusCode: 200, body: String(typeof doc.send) });
`;

/** The environment of a function in AWS, with the cursor key given directly (no network at init). */
const FUNCTION_ENV = {
  PATH: process.env.PATH,
  TABLE_NAME: 'bench',
  AWS_REGION: 'ap-southeast-1',
  AWS_ACCESS_KEY_ID: 'bench',
  AWS_SECRET_ACCESS_KEY: 'bench',
  KETNOI_MODE: 'aws',
  CURSOR_KEY: Buffer.alloc(32, 7).toString('base64'),
  LOG_LEVEL: 'WARN',
  POWERTOOLS_SERVICE_NAME: 'ketnoi',
  // Set by Lambda; the background functions load the tracer only then (functions/tracing.ts).
  AWS_LAMBDA_FUNCTION_NAME: 'bench',
  // Also set by Lambda: Tracer traces (and captures HTTP) only where it finds them, and the
  // X-Ray SDK starts in its Lambda mode.
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
  LAMBDA_TASK_ROOT: '/var/task',
  KETNOI_STAGE: 'bench',
  // The grant function's only setting (infra/joining.ts).
  USER_POOL_ID: 'ap-southeast-1_bench',
};

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

/** ms from process start to the end of importing `file`, in a fresh Node process. */
function initMs(file: string): number {
  const script = `await import(${JSON.stringify(`file://${file}`)}); process.stdout.write(String(performance.now()));`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { env: FUNCTION_ENV, encoding: 'utf8' });
  return Number(out);
}

/** The sources at `ref`, in `.local/baseline/<ref>`, resolving packages from this checkout's node_modules. */
function checkout(ref: string): string {
  const root = path.join(ROOT, '.local/baseline', ref.replace(/[^\w.-]/g, '_'));
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(root, { recursive: true });
  execFileSync('sh', ['-c', `git archive ${JSON.stringify(ref)} | tar -x -C ${JSON.stringify(root)}`], { cwd: ROOT });
  fs.symlinkSync(path.join(ROOT, 'node_modules'), path.join(root, 'node_modules'));
  return root;
}

async function main() {
  const dir = fs.mkdtempSync(path.join(tmpdir(), 'ketnoi-bundles-'));
  const floorEntry = path.join(dir, 'floor.ts');
  fs.writeFileSync(floorEntry, FLOOR_SOURCE);
  const entries = fs
    .readdirSync(path.join(ROOT, 'functions/handlers'))
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => ({ name: f.replace(/\.ts$/, ''), entry: `functions/handlers/${f}` }));
  // The floor is bundled from a file outside the repository, so its imports resolve from here.
  const floorInRepo = path.join(ROOT, '.local/bench-floor.ts');
  fs.mkdirSync(path.dirname(floorInRepo), { recursive: true });
  fs.writeFileSync(floorInRepo, FLOOR_SOURCE);

  const bundles: { name: string; file: string; bytes: number; mapBytes: number }[] = [];
  const add = async (name: string, entry: string, root?: string, aliases = true) => {
    const built = await bundleEntry(entry, root, { aliases });
    const file = path.join(dir, `${name.replace(/[^\w.-]/g, '_')}.mjs`);
    fs.writeFileSync(file, built.code);
    bundles.push({ name, file, bytes: built.code.byteLength, mapBytes: built.map?.byteLength ?? 0 });
  };
  await add('floor', floorInRepo, undefined, false);
  for (const { name, entry } of [{ name: 'floor-env', entry: floorInRepo }, ...entries]) await add(name, entry);
  if (values.baseline) {
    const root = checkout(values.baseline);
    const names = new Set(entries.map((e) => e.name));
    for (const f of fs.readdirSync(path.join(root, 'functions/handlers'))) {
      const name = f.replace(/\.ts$/, '');
      if (names.has(name)) await add(`${name}@${values.baseline}`, `functions/handlers/${f}`, root);
    }
  }

  // Each measurement of a bundle is paired with one of the floor taken next to it, and the
  // ratio is the median of those pairs' ratios: the machine's speed drifts over a run (another
  // VM, the CPU's clock), and a ratio of two medians taken seconds apart carried that drift
  // (±0.1–0.3 between runs here), while a pair sees the same machine.
  const times = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
  const ratios = new Map<string, number[]>(bundles.map((b) => [b.name, []]));
  const floorFile = bundles[0]!.file;
  for (const b of bundles) initMs(b.file); // warm the file cache
  for (let i = 0; i < runs; i++) {
    for (const b of bundles) {
      // Which goes first alternates, so that neither gains from going first.
      const floorFirst = i % 2 === 0;
      const first = initMs(floorFirst ? floorFile : b.file);
      const second = b.file === floorFile ? first : initMs(floorFirst ? b.file : floorFile);
      const [floorMs, ms] = floorFirst ? [first, second] : [second, first];
      times.get(b.name)!.push(ms);
      ratios.get(b.name)!.push(ms / floorMs);
    }
  }

  const rows = bundles.map((b) => {
    const init = median(times.get(b.name)!);
    return { name: b.name, kib: Math.round(b.bytes / 102.4) / 10, mapKib: Math.round(b.mapBytes / 102.4) / 10, initMs: Math.round(init * 10) / 10, ratio: Math.round(median(ratios.get(b.name)!) * 1000) / 1000 };
  });
  const envFloorRatio = rows.find((r) => r.name === 'floor-env')!.ratio;
  const overEnvFloor = (r: (typeof rows)[number]) => Math.round((r.ratio / envFloorRatio) * 100) / 100;
  const handlers = rows.filter((r) => !r.name.startsWith('floor') && !r.name.includes('@')).map((r) => ({ ...r, overEnvFloor: overEnvFloor(r) }));
  const result = {
    date: new Date().toISOString(),
    node: process.version,
    cpus: availableParallelism(),
    loadavg: loadavg().map((l) => Math.round(l * 10) / 10),
    runs,
    budgetRatio: INIT_BUDGET_RATIO,
    floor: rows.find((r) => r.name === 'floor'),
    floorEnv: rows.find((r) => r.name === 'floor-env'),
    handlers,
    withinBudget: handlers.every((r) => r.ratio <= INIT_BUDGET_RATIO),
  };
  console.log(JSON.stringify(result, null, 2));
  console.log('\n| bundle | size KiB | map KiB | init ms (median) | × floor | ≤ 1.3×? | × floor-env |\n|---|---|---|---|---|---|---|');
  for (const r of rows) {
    const floorRow = r.name.startsWith('floor');
    console.log(`| ${r.name} | ${r.kib} | ${r.mapKib} | ${r.initMs} | ${r.ratio} | ${floorRow ? '' : r.ratio <= INIT_BUDGET_RATIO ? 'yes' : '**no**'} | ${floorRow ? '' : overEnvFloor(r)} |`);
  }
  if (values.record) {
    const record = Object.fromEntries(bundles.filter((b) => !b.name.includes('@')).map((b) => [b.name, b.bytes]));
    fs.writeFileSync(RECORD_FILE, `${JSON.stringify({ recorded: result.date, bytes: record }, null, 2)}\n`);
    console.log(`\nrecorded sizes in ${path.relative(ROOT, RECORD_FILE)}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.rmSync(path.join(ROOT, '.local/baseline'), { recursive: true, force: true });
}

await main();
