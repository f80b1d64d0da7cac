/**
 * The local HTTP API: turns each request into the API Gateway HTTP API (payload 2.0) event the
 * deployed API would send, with JWT claims in `requestContext.authorizer.jwt.claims`, and
 * invokes the same Lambda handler that AWS runs for that route.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { ACCESS } from '#domain/access.ts';
import { renderMessage, pickLang, type MessageCode } from '#domain/messages.ts';
import type { HttpEvent, HttpResult } from '#functions/http/handler.ts';
import type { Route } from '#functions/http/route.ts';
import { verifyDevToken, type DevSecrets } from '#infra/local/auth.ts';
import { API_FUNCTION_TIMEOUT_SECONDS } from '#infra/limits.ts';

export type LambdaHandler = (event: HttpEvent, context: Context) => Promise<HttpResult>;

export interface MountedGroup {
  name: string;
  routes: Route[];
  handler: LambdaHandler;
}

interface CompiledRoute {
  route: Route;
  group: MountedGroup;
  pattern: RegExp;
  names: string[];
}

/** API Gateway's own request limit; the handlers enforce the API's tighter 64 KiB. */
const GATEWAY_MAX_BODY = 10 * 1024 * 1024;

function compile(groups: MountedGroup[]): CompiledRoute[] {
  return groups.flatMap((group) =>
    group.routes.map((route) => {
      const names: string[] = [];
      const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      return { route, group, names, pattern: new RegExp(`^${source.replace(/\\\{|\\\}/g, '')}$`) };
    }),
  );
}

function sendProblem(res: ServerResponse, status: number, code: MessageCode, req: IncomingMessage, params: Record<string, string> = {}) {
  const lang = pickLang(req.headers['accept-language']);
  const { title, detail } = renderMessage(code, lang, params);
  res.writeHead(status, { 'content-type': 'application/problem+json; charset=utf-8', 'content-language': lang });
  res.end(JSON.stringify({ type: `https://ketnoi.vn/problems/${code}`, title, status, detail, code, instance: req.url?.split('?')[0] }));
}

async function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BODY) return 'too-large';
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Builds the payload 2.0 event API Gateway would send for this request. */
export function toEvent(req: IncomingMessage, url: URL, body: Buffer, match: CompiledRoute, values: string[], claims?: Record<string, string>): HttpEvent {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  const query: Record<string, string> = {};
  for (const [k, v] of url.searchParams) query[k] = k in query ? `${query[k]},${v}` : v;
  const now = new Date();
  const routeKey = `${match.route.method} ${match.route.path}`;
  const isText = body.length === 0 || /json|text|xml|form/.test(headers['content-type'] ?? 'application/json');
  return {
    version: '2.0',
    routeKey,
    rawPath: url.pathname,
    rawQueryString: url.search.slice(1),
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: match.names.length ? Object.fromEntries(match.names.map((n, i) => [n, decodeURIComponent(values[i])])) : undefined,
    body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: !isText,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: { method: req.method ?? 'GET', path: url.pathname, protocol: 'HTTP/1.1', sourceIp: req.socket.remoteAddress ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId: randomUUID(),
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
  } as unknown as HttpEvent;
}

const lambdaContext = (name: string): Context =>
  ({
    awsRequestId: randomUUID(),
    functionName: `ketnoi-local-${name}`,
    functionVersion: '$LATEST',
    memoryLimitInMB: '512',
    getRemainingTimeInMillis: () => API_FUNCTION_TIMEOUT_SECONDS * 1000,
    callbackWaitsForEmptyEventLoop: false,
  }) as unknown as Context;

/** A local-only route (sign-up, the mail page): true when it answered the request. */
export type LocalRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/** Serves the mounted groups over HTTP; resolves once listening. */
export async function startHttpServer(groups: MountedGroup[], secrets: DevSecrets, port: number, host = '127.0.0.1', localRoutes?: LocalRoute): Promise<Server> {
  const compiled = compile(groups);
  const server = createServer(async (req, res) => {
    try {
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (localRoutes && (await localRoutes(req, res, url))) return;
      if (url.pathname === '/' && req.method === 'GET') {
        res.writeHead(302, { location: '/docs' }).end();
        return;
      }
      const candidates = compiled.map((c) => ({ c, m: c.pattern.exec(url.pathname) })).filter((x) => x.m);
      const hit = candidates.find((x) => x.c.route.method === req.method);
      if (!hit) return sendProblem(res, 404, 'route-not-found', req, { method: req.method ?? '', path: url.pathname });
      const body = await readBody(req);
      if (body === 'too-large') return sendProblem(res, 413, 'payload-too-large', req, { limit: String(GATEWAY_MAX_BODY) });
      const rule = ACCESS[hit.c.route.operationId];
      const claims = await verifyDevToken(secrets, req.headers.authorization);
      if (!('public' in rule) && !claims) return sendProblem(res, 401, 'unauthenticated', req);
      const event = toEvent(req, url, body, hit.c, hit.m!.slice(1), claims);
      const result = await hit.c.group.handler(event, lambdaContext(hit.c.group.name));
      const headers = { ...(result.headers as Record<string, string>), 'x-request-id': event.requestContext.requestId };
      res.writeHead(result.statusCode ?? 200, headers);
      res.end(result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''));
    } catch (err) {
      console.error('local runtime error', err);
      if (!res.headersSent) sendProblem(res, 500, 'internal-error', req);
      else res.end();
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
