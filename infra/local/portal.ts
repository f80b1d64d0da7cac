/**
 * The web portal in local mode: serves the built portal (web/dist) at `/` on the API's origin,
 * its runtime config, and the dev sign-in endpoints that exist only here (the demo users by
 * role, and a dev token for one). `ensurePortalBuilt` rebuilds web/dist when it is missing or
 * older than its sources.
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';
import { ROLES, type Role } from '#domain/access.ts';
import { signDevToken, type DevSecrets } from '#infra/local/auth.ts';
import type { LocalRoute } from '#infra/local/server.ts';
import { demoAccounts } from '#infra/local/seed.ts';

const ROOT = resolve(import.meta.dirname, '../..');
export const PORTAL_DIST = join(ROOT, 'web/dist');
const STAMP = join(PORTAL_DIST, '.built');
/** What the portal is built from: a change to any of these makes web/dist stale. */
const SOURCES = ['web/src', 'web/index.html', 'web/vite.config.ts', 'domain', 'functions/http/problem.ts', 'package-lock.json'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json',
};

/** Paths the API owns; everything else that is a GET for a page is the portal. */
const API_PATH = /^\/(v1|docs|openapi\.json)(\/|$)/;



function newest(path: string): number {
  if (!existsSync(path)) return 0;
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  return Math.max(st.mtimeMs, ...readdirSync(path).filter((n) => !n.endsWith('.test.ts')).map((n) => newest(join(path, n))));
}

/** True when web/dist is missing or older than any of its sources. */
export function portalIsStale(): boolean {
  if (!existsSync(STAMP)) return true;
  const built = statSync(STAMP).mtimeMs;
  return SOURCES.some((s) => newest(join(ROOT, s)) > built);
}

/** Builds the portal with Vite when it is missing or stale; prints the bundle sizes. */
export function ensurePortalBuilt(log: (line: string) => void = console.log): void {
  if (!portalIsStale()) return;
  log('Building the web portal (web/dist)…');
  const vite = join(ROOT, 'node_modules/vite/bin/vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(ROOT, 'web/vite.config.ts'), '--logLevel', 'warn'], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('The web portal did not build (see the output above).');
  writeFileSync(STAMP, new Date().toISOString());
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 4096) return undefined;
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    return undefined;
  }
}

const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.json', '.svg', '.txt', '.map']);
/** Compressed copies of the built files, made on first request (CloudFront compresses in AWS). */
const compressed = new Map<string, { mtimeMs: number; br: Buffer; gzip: Buffer }>();

function compressedCopy(file: string) {
  const { mtimeMs } = statSync(file);
  let copy = compressed.get(file);
  if (copy?.mtimeMs !== mtimeMs) {
    const raw = readFileSync(file);
    copy = { mtimeMs, br: brotliCompressSync(raw, { params: { [zlib.BROTLI_PARAM_QUALITY]: 9 } }), gzip: gzipSync(raw, { level: 9 }) };
    compressed.set(file, copy);
  }
  return copy;
}

function sendFile(req: IncomingMessage, res: ServerResponse, file: string, immutable: boolean) {
  const headers = {
    'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    'x-content-type-options': 'nosniff',
  };
  const accepted = String(req.headers['accept-encoding'] ?? '');
  const encoding = !COMPRESSIBLE.has(extname(file)) ? undefined : /\bbr\b/.test(accepted) ? 'br' : /\bgzip\b/.test(accepted) ? 'gzip' : undefined;
  if (!encoding) {
    res.writeHead(200, headers);
    createReadStream(file).pipe(res);
    return;
  }
  const body = compressedCopy(file)[encoding];
  res.writeHead(200, { ...headers, 'content-encoding': encoding, 'content-length': body.length, vary: 'accept-encoding' });
  res.end(body);
}

/** The request hook the local HTTP server calls first; true when it answered. */
export function portalHook(secrets: DevSecrets, dist = PORTAL_DIST): LocalRoute {
  return async (req, res, url) => {
    const path = url.pathname;
    if (path === '/portal-config.json' && req.method === 'GET') {
      json(res, 200, { mode: 'local' });
      return true;
    }
    if (path === '/dev/users' && req.method === 'GET') {
      json(res, 200, { items: demoAccounts() });
      return true;
    }
    if (path === '/dev/sign-in' && req.method === 'POST') {
      const body = (await readJson(req)) as { sub?: unknown; role?: unknown } | undefined;
      const sub = typeof body?.sub === 'string' ? body.sub : '';
      const role = typeof body?.role === 'string' ? body.role : '';
      if (!/^[\w.-]{1,64}$/.test(sub) || !(ROLES as readonly string[]).includes(role)) {
        json(res, 400, { title: 'sub (letters, digits, . _ -) and role (cooperative, retailer, organiser, admin) are required' });
        return true;
      }
      json(res, 200, { token: await signDevToken(secrets, sub, [role as Role]) });
      return true;
    }
    if ((req.method !== 'GET' && req.method !== 'HEAD') || API_PATH.test(path) || path.startsWith('/dev/')) return false;
    if (!existsSync(join(dist, 'index.html'))) return false;
    const file = normalize(join(dist, decodeURIComponent(path)));
    if (file.startsWith(dist + sep) && existsSync(file) && statSync(file).isFile() && !file.includes(`${sep}.vite${sep}`)) {
      sendFile(req, res, file, path.startsWith('/assets/'));
      return true;
    }
    if (path.startsWith('/assets/')) return false;
    // A portal route (client-side routing): the app shell.
    sendFile(req, res, join(dist, 'index.html'), false);
    return true;
  };
}
