/**
 * The local HTTP API: turns each request into the API Gateway HTTP API (payload 2.0) event the
 * deployed API would send, with JWT claims in `requestContext.authorizer.jwt.claims`, and
 * invokes the same Lambda handler that AWS runs for that route.
 *
 * Two layers: {@link createDispatcher} does what API Gateway does for one request (route match,
 * JWT check, event, invoke) without any socket, so tests and benchmarks can call it in-process;
 * {@link startHttpServer} puts it behind node:http with the gateway's size limits.
 */
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import type { Context } from 'aws-lambda';
import { ACCESS } from '#domain/access.ts';
import { BadRequestError, HeadersTooLargeError, NotFoundError, PayloadTooLargeError, UnauthenticatedError } from '#domain/errors.ts';
import { pickLang, type Lang } from '#domain/messages.ts';
import type { HttpEvent, HttpResult } from '#functions/http/handler.ts';
import { problemResponse } from '#functions/http/problem.ts';
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

/** One HTTP request as the gateway sees it, before it becomes a Lambda event. */
export interface LocalRequest {
  method: string;
  /** Path and query string, as on the request line. */
  url: string;
  headers: IncomingHttpHeaders | Record<string, string | undefined>;
  body?: Buffer;
  sourceIp?: string;
}

/** What the gateway answers: the handler's result plus `x-request-id`, or a gateway problem. */
export interface LocalResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: Buffer | string;
}

/** API Gateway's own request limit; the handlers enforce the API's tighter 64 KiB. */
export const GATEWAY_MAX_BODY = 10 * 1024 * 1024;
/** Node's default limit on the request line plus headers (API Gateway's is 10 KiB of header values). */
const MAX_HEADER_BYTES = 16 * 1024;

function compile(groups: MountedGroup[]): Map<string, CompiledRoute[]> {
  const byMethod = new Map<string, CompiledRoute[]>();
  for (const group of groups) {
    for (const route of group.routes) {
      const names: string[] = [];
      const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\\?\{(\w+)\\?\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]+)';
      });
      const list = byMethod.get(route.method) ?? [];
      list.push({ route, group, names, pattern: new RegExp(`^${source.replace(/\\\{|\\\}/g, '')}$`) });
      byMethod.set(route.method, list);
    }
  }
  return byMethod;
}

function headerMap(raw: LocalRequest['headers']): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (v !== undefined) headers[k.toLowerCase()] = Array.isArray(v) ? v.join(',') : v;
  return headers;
}

/** Builds the payload 2.0 event API Gateway would send for this request. */
function toEvent(req: LocalRequest, headers: Record<string, string>, path: string, search: string, match: CompiledRoute, params: Record<string, string> | undefined, requestId: string, claims?: Record<string, string>): HttpEvent {
  const query: Record<string, string> = {};
  for (const [k, v] of new URLSearchParams(search)) query[k] = k in query ? `${query[k]},${v}` : v;
  const body = req.body ?? Buffer.alloc(0);
  const now = new Date();
  const routeKey = `${match.route.method} ${match.route.path}`;
  const isText = body.length === 0 || /json|text|xml|form/.test(headers['content-type'] ?? 'application/json');
  return {
    version: '2.0',
    routeKey,
    rawPath: path,
    rawQueryString: search,
    headers,
    queryStringParameters: Object.keys(query).length ? query : undefined,
    pathParameters: params,
    body: body.length ? (isText ? body.toString('utf8') : body.toString('base64')) : undefined,
    isBase64Encoded: !isText,
    requestContext: {
      accountId: 'local',
      apiId: 'local',
      domainName: headers.host ?? 'localhost',
      domainPrefix: 'localhost',
      http: { method: req.method, path, protocol: 'HTTP/1.1', sourceIp: req.sourceIp ?? '127.0.0.1', userAgent: headers['user-agent'] ?? '' },
      requestId,
      routeKey,
      stage: '$default',
      time: now.toUTCString(),
      timeEpoch: now.getTime(),
      authorizer: { principalId: '', integrationLatency: 0, jwt: { claims: claims ?? {}, scopes: [] } },
    },
  } as unknown as HttpEvent;
}

const lambdaContext = (name: string, requestId: string): Context =>
  ({
    awsRequestId: requestId,
    functionName: `ketnoi-local-${name}`,
    functionVersion: '$LATEST',
    memoryLimitInMB: '512',
    getRemainingTimeInMillis: () => API_FUNCTION_TIMEOUT_SECONDS * 1000,
    callbackWaitsForEmptyEventLoop: false,
  }) as unknown as Context;

/** Decodes path parameters; undefined when a percent-escape is broken (API Gateway answers 400). */
function decodeParams(names: string[], values: string[]): Record<string, string> | undefined | 'malformed' {
  if (!names.length) return undefined;
  const params: Record<string, string> = {};
  try {
    names.forEach((n, i) => (params[n] = decodeURIComponent(values[i])));
  } catch {
    return 'malformed';
  }
  return params;
}

/**
 * What API Gateway does for one request: match the route, verify the JWT of a non-public
 * route (401 before any function runs), build the event and invoke the route's function.
 */
export function createDispatcher(groups: MountedGroup[], secrets: DevSecrets): (req: LocalRequest) => Promise<LocalResponse> {
  const compiled = compile(groups);
  return async (req) => {
    const requestId = randomUUID();
    const headers = headerMap(req.headers);
    const lang = pickLang(headers['accept-language']);
    const q = req.url.indexOf('?');
    const path = q < 0 ? req.url : req.url.slice(0, q);
    const search = q < 0 ? '' : req.url.slice(q + 1);
    const refuse = (error: unknown): LocalResponse => {
      const out = problemResponse(error, lang, path, requestId);
      out.headers['x-request-id'] = requestId;
      return out;
    };
    if (path === '/' && req.method === 'GET') return { statusCode: 302, headers: { location: '/docs' }, body: '' };
    let hit: { c: CompiledRoute; m: RegExpExecArray } | undefined;
    for (const c of compiled.get(req.method) ?? []) {
      const m = c.pattern.exec(path);
      if (m) {
        hit = { c, m };
        break;
      }
    }
    if (!hit) return refuse(new NotFoundError('route-not-found', { method: req.method, path }));
    const params = decodeParams(hit.c.names, hit.m.slice(1));
    if (params === 'malformed') return refuse(new BadRequestError('malformed-path'));
    const rule = ACCESS[hit.c.route.operationId];
    const claims = 'public' in rule && !headers.authorization ? undefined : await verifyDevToken(secrets, headers.authorization);
    if (!('public' in rule) && !claims) return refuse(new UnauthenticatedError('unauthenticated'));
    const event = toEvent(req, headers, path, search, hit.c, params, requestId, claims);
    const result = await hit.c.group.handler(event, lambdaContext(hit.c.group.name, requestId));
    return {
      statusCode: result.statusCode ?? 200,
      headers: { ...(result.headers as Record<string, string>), 'x-request-id': requestId },
      body: result.isBase64Encoded ? Buffer.from(result.body ?? '', 'base64') : (result.body ?? ''),
    };
  };
}

function send(res: ServerResponse, out: LocalResponse) {
  res.writeHead(out.statusCode, out.headers);
  res.end(out.body);
}

/**
 * Answers a request whose body is over the gateway's limit and closes the connection: the
 * rest of the body is never read, so the connection cannot carry another request.
 */
function refuseBody(req: IncomingMessage, res: ServerResponse, lang: Lang, path: string) {
  const out = problemResponse(new PayloadTooLargeError('payload-too-large', { limit: GATEWAY_MAX_BODY }), lang, path);
  res.shouldKeepAlive = false;
  out.headers.connection = 'close';
  send(res, out);
  // Whatever the client still sends is discarded until the socket closes after the response.
  req.resume();
}

/** Reads the body up to the gateway's limit; undefined when it is over. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > GATEWAY_MAX_BODY) return undefined;
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > GATEWAY_MAX_BODY) return undefined;
    chunks.push(chunk as Buffer);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
}

/** A problem+json answer written straight to a socket whose request Node could not parse. */
function answerClientError(err: NodeJS.ErrnoException, socket: Socket) {
  if (!socket.writable || err.code === 'ECONNRESET') return void socket.destroy();
  const out =
    err.code === 'HPE_HEADER_OVERFLOW' ? problemResponse(new HeadersTooLargeError('headers-too-large', { limit: MAX_HEADER_BYTES }), 'en') : problemResponse(new BadRequestError('bad-request'), 'en');
  const body = Buffer.from(out.body);
  const head = [`HTTP/1.1 ${out.statusCode} ${out.statusCode === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}`, ...Object.entries(out.headers).map(([k, v]) => `${k}: ${v}`), `content-length: ${body.length}`, 'connection: close', '', ''].join('\r\n');
  socket.end(Buffer.concat([Buffer.from(head), body]));
}

/** A local-only route (the portal, sign-up, the mail page): true when it answered the request. */
export type LocalRoute = (req: IncomingMessage, res: ServerResponse, url: URL) => Promise<boolean>;

/** Methods that write nothing (a GET route that wrote would still be relayed, on the relay's next idle read, within 1 s). */
const READ_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Serves the mounted groups over HTTP; resolves once listening. */
export async function startHttpServer(
  groups: MountedGroup[],
  secrets: DevSecrets,
  port: number,
  opts: {
    host?: string;
    localRoutes?: LocalRoute;
    /** Called once the response to a request that may have written (not GET, HEAD or OPTIONS) is sent: the runtime wakes the stream relay. */
    afterWrite?: () => void;
  } = {},
): Promise<Server> {
  const { host = '127.0.0.1', localRoutes, afterWrite } = opts;
  const dispatch = createDispatcher(groups, secrets);
  const server = createServer({ maxHeaderSize: MAX_HEADER_BYTES }, async (req, res) => {
    // Reads wake nothing: each wake made the relay read the stream again at 25, 50, 100… ms.
    if (afterWrite && !READ_METHODS.has(req.method ?? 'GET')) res.once('finish', afterWrite);
    const lang = pickLang(req.headers['accept-language']);
    const path = (req.url ?? '/').split('?')[0];
    try {
      if (localRoutes && (await localRoutes(req, res, new URL(req.url ?? '/', 'http://localhost')))) return;
      const body = await readBody(req);
      if (!body) return refuseBody(req, res, lang, path);
      send(res, await dispatch({ method: req.method ?? 'GET', url: req.url ?? '/', headers: req.headers, body, sourceIp: req.socket.remoteAddress }));
    } catch (err) {
      console.error('local runtime error', err);
      if (!res.headersSent) send(res, problemResponse(err, lang, path));
      else res.end();
    }
  });
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return server;
}
