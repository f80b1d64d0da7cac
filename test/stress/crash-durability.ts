/**
 * `npm run test:stress`: crash durability of the local runtime with its data on disk.
 *
 * 1. Starts the real `npm start -- --data <tmp dir>` in a process group of its own, with a
 *    seller and a buyer whose webhook endpoints (all event types) point at a receiver here.
 * 2. Sends STRESS_CREATES creates (listings and demands of one product, so matching proposes
 *    between them), STRESS_CONCURRENCY at a time, each with its own Idempotency-Key and a
 *    marker field naming its key.
 * 3. When STRESS_KILL_AT of them have been answered, kill -9s the whole process group
 *    (tsx, node and DynamoDB Local's Java), checks that nothing of it survived, and restarts
 *    with the same --data dir.
 * 4. Retries every request that got no answer (and sends those never sent) with the same key
 *    and body until each gets a final answer (a 409 `idempotency-in-progress` waits: a claim
 *    orphaned by the crash is taken over once stale, after 60 s).
 *
 * Then checks: every 2xx write is stored (GET 200); no key produced two records (the marker
 * fields counted through the search API); every answer for a key names the same record;
 * matching resumes (every stored demand gets a proposal); webhook delivery resumes (every
 * delivery the service lists ends delivered, and each was received); no webhook-id was
 * received twice. Prints the counts; exits 1 on a failed check.
 */
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer as netServer } from 'node:net';
import { loadDevSecrets, signDevToken } from '#infra/local/auth.ts';
import { buyerBody, demandBody, listingBody, sellerBody } from '#test/support/fixtures.ts';

const CREATES = Number(process.env.STRESS_CREATES ?? 240);
const CONCURRENCY = Number(process.env.STRESS_CONCURRENCY ?? 12);
const KILL_AT = Number(process.env.STRESS_KILL_AT ?? Math.floor(CREATES * 0.4));
const SETTLE_TIMEOUT_MS = Number(process.env.STRESS_SETTLE_TIMEOUT_MS ?? 300_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const log = (line: string) => console.log(`[stress ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function freePort(): Promise<number> {
  const s = netServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as { port: number };
  await new Promise((r) => s.close(r));
  return port;
}

interface Runtime {
  child: ChildProcess;
  url: string;
  output: string[];
}

/** `npm start -- --data <dir>` as the user runs it, in a new process group so kill -9 reaches all of it. */
async function start(dataDir: string, port: number): Promise<Runtime> {
  const child = spawn('npm', ['start', '--', '--data', dataDir, '--port', String(port)], { detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  const output: string[] = [];
  child.stdout!.on('data', (d: Buffer) => output.push(d.toString()));
  child.stderr!.on('data', (d: Buffer) => output.push(d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 240_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the runtime exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      if ((await fetch(`${url}/v1/health`)).status === 200) return { child, url, output };
    } catch {
      /* not listening yet */
    }
    await sleep(250);
  }
  throw new Error(`the runtime did not answer within 240 s:\n${output.join('')}`);
}

/** The pids still in a process group (empty once all of it is gone). */
function groupMembers(pgid: number): number[] {
  try {
    return execFileSync('ps', ['-o', 'pid=', '-g', String(pgid)], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter(Boolean);
  } catch {
    return [];
  }
}

async function killGroup(rt: Runtime): Promise<number> {
  const pgid = rt.child.pid!;
  const members = groupMembers(pgid);
  process.kill(-pgid, 'SIGKILL');
  for (let i = 0; i < 100 && groupMembers(pgid).length; i++) await sleep(100);
  const left = groupMembers(pgid);
  if (left.length) throw new Error(`kill -9 left processes ${left.join(', ')} of group ${pgid}`);
  return members.length;
}

// ---- The webhook receiver ----------------------------------------------------------------

const received = new Map<string, number>();
/** Webhook-ids received before the kill: a second receipt of one of these was in flight at the crash. */
const receivedBeforeKill = new Set<string>();
let killedAt = 0;
function startReceiver(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const id = String(req.headers['webhook-id'] ?? '');
      if (id) received.set(id, (received.get(id) ?? 0) + 1);
      if (id && !killedAt) receivedBeforeKill.add(id);
      res.writeHead(200).end();
    });
  });
  return new Promise((r) => server.listen(port, '127.0.0.1', () => r(server)));
}

// ---- Requests ----------------------------------------------------------------------------

interface Create {
  key: string;
  kind: 'listing' | 'demand';
  body: Record<string, unknown>;
  token: string;
  /** Every answer this key got: status and record id. */
  answers: { status: number; id?: string; code?: string; replayed: boolean; phase: 'before' | 'after' }[];
  sent: boolean;
}

async function api(url: string, method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url + path, { method, headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}), ...headers }, body: body ? JSON.stringify(body) : undefined });
  const text = await res.text();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let json: any;
  try {
    json = text ? JSON.parse(text) : undefined;
  } catch {
    json = undefined;
  }
  return { status: res.status, body: json, headers: res.headers, text };
}

async function send(url: string, c: Create, phase: 'before' | 'after') {
  c.sent = true;
  const res = await api(url, 'POST', `/v1/${c.kind}s`, c.token, c.body, { 'idempotency-key': c.key });
  c.answers.push({ status: res.status, id: res.body?.id, code: res.body?.code, replayed: res.headers.get('idempotent-replayed') === 'true', phase });
  return res.status;
}

/** Pages through a search, returning every item. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function all(url: string, token: string, path: string): Promise<any[]> {
  const items: unknown[] = [];
  let cursor: string | undefined;
  do {
    const res = await api(url, 'GET', `${path}&limit=100${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, token);
    if (res.status !== 200) throw new Error(`GET ${path} gave ${res.status}: ${res.text}`);
    items.push(...res.body.items);
    cursor = res.body.nextCursor;
  } while (cursor);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return items as any[];
}

const countBy = (values: string[]) => values.reduce<Record<string, number>>((acc, v) => ((acc[v] = (acc[v] ?? 0) + 1), acc), {});

// ---- The run -----------------------------------------------------------------------------

const failures: string[] = [];
const check = (ok: boolean, what: string) => {
  if (!ok) failures.push(what);
  log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
};

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'ketnoi-stress-'));
  const [port, hookPort] = [await freePort(), await freePort()];
  const receiver = await startReceiver(hookPort);
  const secrets = await loadDevSecrets();
  const run = Date.now().toString(36);
  const coop = await signDevToken(secrets, `stress-coop-${run}`, ['cooperative']);
  const retailer = await signDevToken(secrets, `stress-retailer-${run}`, ['retailer']);
  let rt: Runtime | undefined;
  const started = Date.now();
  try {
    log(`starting npm start -- --data ${dataDir} --port ${port}`);
    rt = await start(dataDir, port);
    const seller = await api(rt.url, 'POST', '/v1/sellers', coop, sellerBody());
    const buyer = await api(rt.url, 'POST', '/v1/buyers', retailer, buyerBody());
    if (seller.status !== 201 || buyer.status !== 201) throw new Error(`set-up failed: ${seller.text} ${buyer.text}`);
    const hook = { url: `http://127.0.0.1:${hookPort}/hook`, eventTypes: ['*'] };
    const hooks = await Promise.all([
      api(rt.url, 'POST', `/v1/sellers/${seller.body.id}/webhooks`, coop, hook),
      api(rt.url, 'POST', `/v1/buyers/${buyer.body.id}/webhooks`, retailer, hook),
    ]);
    if (hooks.some((h) => h.status !== 201)) throw new Error(`webhook set-up failed: ${hooks.map((h) => h.text).join(' ')}`);
    const webhooks = [
      { id: hooks[0].body.id as string, token: coop },
      { id: hooks[1].body.id as string, token: retailer },
    ];

    // Plenty of supply (20 t a listing) against 1–4 t demands: allocation serves every demand.
    const creates: Create[] = Array.from({ length: CREATES }, (_, n) => {
      const key = `stress-${run}-${n}`;
      return n % 3 === 0
        ? { key, kind: 'listing', token: coop, sent: false, answers: [], body: listingBody(seller.body.id, { product: 'Vải thiều', province: 'Bắc Giang', variety: key }) }
        : { key, kind: 'demand', token: retailer, sent: false, answers: [], body: demandBody(buyer.body.id, { quantityKg: 1000 * (1 + (n % 4)), minQuantityKg: 500, maxDistanceKm: undefined, sourcingProvinces: ['Bắc Giang'], description: key }) };
    });

    // Load, and kill -9 mid-way.
    let answered = 0;
    let killed = false;
    let next = 0;
    const url = rt.url;
    const loadStarted = Date.now();
    const workers = Array.from({ length: CONCURRENCY }, async () => {
      while (!killed && next < creates.length) {
        const c = creates[next++];
        try {
          await send(url, c, 'before');
          answered++;
        } catch {
          /* no answer: the runtime died under it */
        }
      }
    });
    while (answered < KILL_AT && next < creates.length) await sleep(5);
    killed = true;
    killedAt = Date.now();
    const inFlight = creates.filter((c) => c.sent && !c.answers.length).length;
    const members = await killGroup(rt);
    await Promise.all(workers);
    const loadSeconds = (Date.now() - loadStarted) / 1000;
    const beforeOk = creates.filter((c) => c.answers.some((a) => a.status < 300)).length;
    log(`killed -9 ${members} processes (npm, tsx, node, DynamoDB Local) after ${answered} answers in ${loadSeconds.toFixed(1)} s; in flight ${inFlight}; 2xx before the crash ${beforeOk}; never sent ${creates.filter((c) => !c.sent).length}`);

    log('restarting with the same --data');
    const restartStarted = Date.now();
    rt = await start(dataDir, port);
    log(`restarted in ${((Date.now() - restartStarted) / 1000).toFixed(1)} s`);

    // Retry the unanswered (same key, same body) and send the never sent, as a client would:
    // STRESS_CONCURRENCY at a time, again after 5 s on a 409 idempotency-in-progress, a 5xx or
    // no answer, until each has a final answer.
    const pending = creates.filter((c) => !c.answers.length);
    const retried = pending.filter((c) => c.sent).length;
    let waits = 0;
    const retryDeadline = Date.now() + 180_000;
    const final = (c: Create) => {
      const last = c.answers.at(-1);
      return !!last && last.status < 500 && !(last.status === 409 && last.code === 'idempotency-in-progress');
    };
    let cursor = 0;
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (cursor < pending.length) {
          const c = pending[cursor++];
          while (Date.now() < retryDeadline) {
            await send(rt!.url, c, 'after').catch(() => 0);
            if (final(c)) break;
            waits++;
            await sleep(5_000);
          }
        }
      }),
    );
    const left = pending.filter((c) => !final(c));
    const retryAnswers = countBy(pending.flatMap((c) => c.answers.map((a) => `${a.status}${a.code && a.status >= 400 ? ` ${a.code}` : ''}`)));
    check(left.length === 0, `every retried key got a final answer (${left.length} did not within 180 s; answers after the restart ${JSON.stringify(retryAnswers)}; ${waits} waits)`);

    // Every 2xx write is present; every answer for a key names one record.
    const okAnswers = creates.flatMap((c) => c.answers.filter((a) => a.status < 300).map((a) => ({ c, a })));
    const missing: string[] = [];
    await Promise.all(
      okAnswers.map(async ({ c, a }) => {
        const res = await api(rt!.url, 'GET', `/v1/${c.kind}s/${a.id}`, c.token);
        if (res.status !== 200) missing.push(`${c.kind} ${a.id} (${c.key}): ${res.status}`);
      }),
    );
    check(missing.length === 0, `every 2xx write is stored: ${okAnswers.length} answers checked, ${missing.length} missing ${missing.slice(0, 5).join('; ')}`);
    const split = creates.filter((c) => new Set(c.answers.filter((a) => a.status < 300).map((a) => a.id)).size > 1);
    check(split.length === 0, `every key's answers name one record (${split.length} keys answered with two ids: ${split.slice(0, 3).map((c) => c.key).join(', ')})`);
    const notOk = creates.filter((c) => !c.answers.some((a) => a.status < 300));
    check(notOk.length === 0, `every create ended in 2xx (${notOk.length} did not: ${JSON.stringify(notOk.slice(0, 3).map((c) => c.answers))})`);

    // No key produced two records: count the stored records carrying each key's marker.
    const listings = await all(rt.url, coop, `/v1/listings?sellerId=${seller.body.id}`);
    const demands = await all(rt.url, retailer, `/v1/demands?buyerId=${buyer.body.id}`);
    const perKey = new Map<string, number>();
    for (const l of listings) perKey.set(l.variety, (perKey.get(l.variety) ?? 0) + 1);
    for (const d of demands) perKey.set(d.description, (perKey.get(d.description) ?? 0) + 1);
    const doubled = [...perKey].filter(([, n]) => n > 1);
    const absent = creates.filter((c) => c.answers.some((a) => a.status < 300) && !perKey.get(c.key));
    check(doubled.length === 0, `no key produced two records: ${listings.length} listings + ${demands.length} demands stored for ${CREATES} keys; ${doubled.length} keys with two or more ${doubled.slice(0, 5).map(([k, n]) => `${k}×${n}`).join(', ')}`);
    check(absent.length === 0 && perKey.size === CREATES, `every key has its record (${perKey.size} of ${CREATES}; ${absent.length} answered 2xx but not found)`);

    // Matching resumes: every stored demand gets a proposal.
    const settleStarted = Date.now();
    let unmatched = demands.map((d) => d.id as string);
    while (unmatched.length && Date.now() - settleStarted < SETTLE_TIMEOUT_MS) {
      const still: string[] = [];
      for (const id of unmatched) {
        const res = await api(rt.url, 'GET', `/v1/demands/${id}/matches?limit=1`, retailer);
        if (!res.body?.items?.length) still.push(id);
      }
      unmatched = still;
      if (unmatched.length) await sleep(2_000);
    }
    check(unmatched.length === 0, `matching resumed: ${demands.length - unmatched.length} of ${demands.length} demands have proposals (${((Date.now() - settleStarted) / 1000).toFixed(0)} s after the retries)`);

    // Webhook delivery resumes: every listed delivery ends delivered and was received; no webhook-id twice.
    const deliveryStarted = Date.now();
    let deliveries: { id: string; status: string }[] = [];
    while (Date.now() - deliveryStarted < SETTLE_TIMEOUT_MS) {
      deliveries = (await Promise.all(webhooks.map((w) => all(rt!.url, w.token, `/v1/webhooks/${w.id}/deliveries?`).catch(() => [])))).flat();
      if (deliveries.length && deliveries.every((d) => d.status === 'delivered')) break;
      await sleep(2_000);
    }
    const undelivered = deliveries.filter((d) => d.status !== 'delivered');
    const notReceived = deliveries.filter((d) => !received.has(d.id));
    const twice = [...received].filter(([, n]) => n > 1);
    check(deliveries.length > 0 && undelivered.length === 0, `webhook delivery resumed: ${deliveries.length - undelivered.length} of ${deliveries.length} deliveries delivered (${JSON.stringify(countBy(undelivered.map((d) => d.status)))})`);
    check(notReceived.length === 0, `every delivered webhook was received (${received.size} webhook-ids received, ${notReceived.length} listed but never received)`);
    check(
      twice.length === 0,
      `no webhook-id received twice (${twice.length} were, ${twice.filter(([id]) => receivedBeforeKill.has(id)).length} of them first received before the kill: ${twice.slice(0, 5).map(([id, n]) => `${id}×${n}`).join(', ')})`,
    );

    log(
      `counts: creates ${CREATES} (listings ${creates.filter((c) => c.kind === 'listing').length}, demands ${creates.filter((c) => c.kind === 'demand').length}); ` +
        `2xx before the crash ${beforeOk}; retried after restart ${retried}; replayed ${creates.filter((c) => c.answers.some((a) => a.replayed)).length}; ` +
        `stored ${listings.length + demands.length}; webhook deliveries ${deliveries.length}, received ${[...received.values()].reduce((a, b) => a + b, 0)} posts of ${received.size} ids; ` +
        `total ${((Date.now() - started) / 1000).toFixed(0)} s`,
    );
  } finally {
    const errors = (rt?.output.join('') ?? '').split('\n').filter((l) => /"level":"error"|Error/.test(l));
    if (failures.length && errors.length) log(`the runtime's last errors (${errors.length} lines):\n${errors.slice(-5).join('\n').slice(0, 4000)}`);
    if (rt?.child.exitCode === null) {
      try {
        process.kill(-rt.child.pid!, 'SIGINT');
        for (let i = 0; i < 100 && groupMembers(rt.child.pid!).length; i++) await sleep(100);
        if (groupMembers(rt.child.pid!).length) process.kill(-rt.child.pid!, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
    receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
  if (failures.length) {
    log(`${failures.length} check(s) failed`);
    process.exit(1);
  }
  log('all checks passed');
  process.exit(0);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
