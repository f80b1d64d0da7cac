/**
 * Local mail: the aws-ses-v2-local SES v2 emulator (the functions send through the real SES v2
 * client to it, like DynamoDB Local), and one local page showing what went out by e-mail (read
 * back from the emulator's `GET /store`) and by SMS (recorded in the table).
 */
import { createServer, request, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { freePort } from '#infra/local/dynamo.ts';

export interface SentEmail {
  messageId: string;
  from: string;
  destination: { to: string[] };
  subject: string;
  body: { text?: string; html?: string };
  headers?: { name: string; value: string }[];
  at: number;
}

export interface SesEmulator {
  endpoint: string;
  port: number;
  /** Every e-mail it received since it first started (its store outlives a restart). */
  emails(): Promise<SentEmail[]>;
  /** Stops listening: sends fail as in an SES outage. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
  /** Stops for good, the emulator behind it too. */
  close(): Promise<void>;
}

type StartSes = (config: { host: string; port: number }) => Promise<Server>;

/**
 * Serves an SES v2 endpoint on a free port (or `port`) on loopback, backed by aws-ses-v2-local.
 * The emulator itself (express and a mail parser: over half a second of loading) is loaded on
 * the first request, behind a small proxy: most runs of the service and most test files never
 * send an e-mail.
 */
export async function startSesEmulator(opts: { port?: number } = {}): Promise<SesEmulator> {
  const port = opts.port ?? (await freePort());
  const endpoint = `http://127.0.0.1:${port}`;
  let backend: Promise<{ server: Server; port: number }> | undefined;
  const loaded = () =>
    (backend ??= (async () => {
      const mod = createRequire(import.meta.url)('aws-ses-v2-local') as { default: StartSes };
      const innerPort = await freePort();
      return { server: await mod.default({ host: '127.0.0.1', port: innerPort }), port: innerPort };
    })());
  const proxy = createServer((req, res) => {
    loaded().then(
      ({ port: innerPort }) => {
        const upstream = request({ host: '127.0.0.1', port: innerPort, path: req.url, method: req.method, headers: req.headers }, (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        });
        upstream.on('error', () => res.writeHead(502).end());
        req.pipe(upstream);
      },
      () => res.writeHead(502).end(),
    );
  });
  let listening = false;
  const emulator: SesEmulator = {
    endpoint,
    port,
    async emails() {
      if (!backend) return [];
      const res = await fetch(`http://127.0.0.1:${(await backend).port}/store`);
      return ((await res.json()) as { emails: SentEmail[] }).emails;
    },
    async stop() {
      if (!listening) return;
      listening = false;
      proxy.closeAllConnections();
      await new Promise((r) => proxy.close(r));
    },
    async start() {
      if (listening) return;
      await new Promise<void>((resolve, reject) => proxy.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
      listening = true;
    },
    async close() {
      await emulator.stop();
      const inner = backend && (await backend.catch(() => undefined));
      inner?.server.closeAllConnections?.();
      if (inner) await new Promise((r) => inner.server.close(r));
    },
  };
  await emulator.start();
  return emulator;
}

const escape = (s: string) => s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** `GET /local/mail` (a page) and `GET /local/mail.json`: e-mails and SMS sent locally, newest first. */
export function mailPage(ses: SesEmulator, sms: () => Promise<{ to: string; text: string; at: string }[]>) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (req.method !== 'GET' || (url.pathname !== '/local/mail' && url.pathname !== '/local/mail.json')) return false;
    const [emails, texts] = await Promise.all([ses.emails(), sms()]);
    if (url.pathname.endsWith('.json')) {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify({ emails, sms: texts }));
      return true;
    }
    const rows = [
      ...emails.map((e) => ({ at: new Date(e.at * 1000).toISOString(), kind: 'e-mail', to: e.destination.to.join(', '), text: `<b>${escape(e.subject)}</b><pre>${escape(e.body.text ?? '')}</pre>` })),
      ...texts.map((s) => ({ at: s.at, kind: 'SMS', to: s.to, text: `<pre>${escape(s.text)}</pre>` })),
    ].sort((a, b) => b.at.localeCompare(a.at));
    const html = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Kết Nối — thư và SMS (local)</title>
<body style="font-family:sans-serif;margin:2em"><h1>Thư và SMS đã gửi (local)</h1>
<p>${emails.length} e-mail (SES v2 emulator: <a href="${ses.endpoint}">${ses.endpoint}</a>), ${texts.length} SMS. Reload to refresh.</p>
<table border="1" cellpadding="6" style="border-collapse:collapse"><tr><th>time</th><th>channel</th><th>to</th><th>message</th></tr>
${rows.map((r) => `<tr><td>${r.at}</td><td>${r.kind}</td><td>${escape(r.to)}</td><td>${r.text}</td></tr>`).join('\n')}
</table></body></html>`;
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    return true;
  };
}
