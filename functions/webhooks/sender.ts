/**
 * The I/O side of webhook delivery: DNS resolution and the HTTP POST. The domain
 * (`domain/webhook-delivery.ts`) decides where it may connect (SSRF policy) and signs; this
 * connects only to the address the domain approved, so a DNS answer that changes between the
 * check and the connection (DNS rebinding) cannot redirect the request. Redirects are not
 * followed: a 3xx is a failed attempt.
 */
import { lookup } from 'node:dns/promises';
import { isIP, type LookupFunction } from 'node:net';
import type { HostResolver, WebhookTransport, WebhookTransportResult } from '#domain/ports.ts';

/** The system resolver (getaddrinfo): every IPv4 and IPv6 address of a host. */
export function dnsResolver(): HostResolver {
  return {
    async resolve(hostname) {
      const addresses = await lookup(hostname, { all: true, verbatim: true });
      return addresses.map((a) => a.address);
    },
  };
}

/** Reads at most this much of a receiver's answer before hanging up: we only need the status. */
const MAX_RESPONSE_BYTES = 64 * 1024;

function describe(err: unknown, timeoutMs: number): string {
  const e = err as NodeJS.ErrnoException & { name?: string };
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `timeout: no answer within ${Math.round(timeoutMs / 1000)} s`;
  if (e?.code === 'ECONNREFUSED') return 'connection refused';
  if (e?.code === 'ECONNRESET') return 'connection reset';
  if (e?.code === 'ENOTFOUND' || e?.code === 'EAI_AGAIN') return 'host not found';
  if (e?.code?.startsWith('ERR_TLS') || e?.code?.includes('CERT')) return `TLS error: ${e.code}`;
  return e?.code ? `${e.code}: ${e.message}` : String(e?.message ?? err);
}

/** POSTs with node:http(s), a fresh connection per attempt, pinned to the approved address. */
export function httpTransport(): WebhookTransport {
  return {
    async post({ url, address, headers, body, timeoutMs }) {
      const target = new URL(url);
      const family = isIP(address) || 4;
      const pinned: LookupFunction = (_hostname, options, callback) => {
        if ((options as { all?: boolean }).all) (callback as (e: null, a: { address: string; family: number }[]) => void)(null, [{ address, family }]);
        else callback(null, address, family);
      };
      // Loaded on first use: an ESM import of node:http makes Node load its bundled undici at
      // once (35 ms of every handler's init, measured), and only the webhook sender needs it.
      const client = target.protocol === 'https:' ? await import('node:https') : await import('node:http');
      return new Promise<WebhookTransportResult>((resolve) => {
        let settled = false;
        const finish = (r: WebhookTransportResult) => {
          if (!settled) (settled = true), resolve(r);
        };
        const req = client.request(
          target,
          {
            method: 'POST',
            headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
            lookup: pinned,
            agent: false,
            signal: AbortSignal.timeout(timeoutMs),
          },
          (res) => {
            const retryAfter = res.headers['retry-after'];
            finish({ statusCode: res.statusCode ?? 0, ...(typeof retryAfter === 'string' ? { retryAfter } : {}) });
            let read = 0;
            res.on('data', (chunk: Buffer) => {
              read += chunk.length;
              if (read > MAX_RESPONSE_BYTES) res.destroy();
            });
            res.on('error', () => undefined);
          },
        );
        req.on('error', (err) => finish({ error: describe(err, timeoutMs) }));
        req.end(body);
      });
    },
  };
}
