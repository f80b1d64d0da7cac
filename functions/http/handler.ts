/**
 * The middy pipeline every HTTP Lambda shares: read the caller and language, check the role,
 * parse and validate, honour Idempotency-Key, run the route, shape the output, and turn any
 * error into problem+json.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import { ZOD_LOCALES as LOCALES_BY_LANG } from '#domain/zod-locales.ts';
import { ACCESS, ownerIdVisibleTo, ROLES, roleMayCall, usableRoles, type Caller } from '#domain/access.ts';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  PreconditionRequiredError,
  UnauthenticatedError,
  UnprocessableError,
  UnavailableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#domain/errors.ts';
import { pickLang, type Lang } from '#domain/messages.ts';
import { resolveProvince } from '#domain/reference/provinces.ts';
import type { Deps } from '#functions/deps.ts';
import { IdempotencyConflict, withIdempotencyScope, type IdempotencyRecord, type IdempotencyScope, type StoredResponse } from '#functions/data/idempotency.ts';
import { CLAIM, MFA_CLAIM_TRUE } from '#functions/http/claims.ts';
import { statusFor } from '#functions/http/errors.ts';
import { issuesFromZod, problemResponse } from '#functions/http/problem.ts';
import { routeKey, type RequestContext, type Route, type RouteResult } from '#functions/http/route.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export const MAX_BODY_BYTES = 64 * 1024;
const ZOD_LOCALES = LOCALES_BY_LANG;

/**
 * The group names in a `cognito:groups` claim. In the token it is an array; API Gateway's JWT
 * authorizer hands array claims to the function as one string, "[a b]". Cognito group names
 * cannot contain whitespace but may contain commas, so that string is split on whitespace
 * inside the brackets and never on commas: a group named "retailer,admin" stays one (unknown)
 * name. Any other shape yields no groups.
 */
export function groupsFromClaim(raw: unknown): string[] {
  if (Array.isArray(raw)) return raw.filter((g): g is string => typeof g === 'string');
  if (typeof raw !== 'string') return [];
  const inside = /^\[([^[\]]*)\]$/.exec(raw.trim())?.[1];
  return inside === undefined ? [] : inside.split(/\s+/).filter(Boolean);
}

/** Reads `custom:provinces` ("bac-ninh hai-phong", "[a b]" or an array) into the caller's scope. */
function provincesClaim(raw: unknown): { provinces?: string[] } {
  if (raw === undefined || raw === null || raw === '') return {};
  const parts = Array.isArray(raw) ? raw.map(String) : String(raw).replace(/^\[|\]$/g, '').split(/[\s,]+/);
  const codes = parts.map((p): string | undefined => resolveProvince(p)?.code).filter((c): c is string => !!c);
  // A claim that names no real province scopes the admin to nothing rather than to everything.
  return { provinces: codes };
}

/**
 * Reads the caller from the JWT authorizer's claims; roles are the known group names only.
 * Organiser and admin need proof of a second factor: `ketnoi:mfa` = `'true'`, which the pre
 * token generation trigger writes into Cognito access tokens (functions/handlers/pre-token.ts)
 * and the local dev tokens carry too, or an `amr` claim (authentication methods, passed like
 * the groups) listing `mfa`, as in Cognito ID tokens. Without either, those roles are withheld
 * for the request (domain/access.ts, MFA_ROLES). The province scope is `custom:provinces`,
 * which the same trigger copies into access tokens.
 */
export function callerFrom(event: HttpEvent): Caller | undefined {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const groups = new Set(groupsFromClaim(claims[CLAIM.groups] as unknown));
  // The authorizer passes claim values as strings; a boolean is accepted in case it does not.
  const mfaClaim = claims[CLAIM.mfa] as unknown;
  const mfa = groupsFromClaim(claims[CLAIM.amr] as unknown).includes('mfa') || mfaClaim === MFA_CLAIM_TRUE || mfaClaim === true;
  return { sub: claims.sub, ...usableRoles(ROLES.filter((r) => groups.has(r)), mfa), ...provincesClaim(claims[CLAIM.provinces]) };
}

function validate<T>(schema: z.ZodMiniType<T> | undefined, input: unknown, where: string, lang: Lang): T {
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(input, { error: ZOD_LOCALES[lang] });
  if (!parsed.success) throw new ValidationError(issuesFromZod(parsed.error.issues, where === 'body' ? '' : where, lang));
  return parsed.data;
}

function readBody(event: HttpEvent, route: Route): unknown {
  if (!route.body) return undefined;
  const raw = event.body ? (event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body) : '';
  if (Buffer.byteLength(raw) > MAX_BODY_BYTES) throw new PayloadTooLargeError('payload-too-large', { limit: MAX_BODY_BYTES });
  const type = (event.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (raw === '' && !type) return {};
  if (type !== 'application/json' && !type.endsWith('+json')) throw new UnsupportedMediaTypeError('unsupported-media-type');
  try {
    return JSON.parse(raw || '{}');
  } catch {
    throw new BadRequestError('malformed-json');
  }
}

function parseIfMatch(header: string | undefined): number | undefined {
  if (header === undefined) return undefined;
  const m = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header);
  if (!m) throw new BadRequestError('bad-header', { header: 'If-Match' });
  return Number(m[1]);
}

function authorize(route: Route, event: HttpEvent): Caller {
  const rule = ACCESS[route.operationId];
  const caller = callerFrom(event);
  if ('public' in rule) return caller ?? { sub: 'anonymous', roles: [] };
  if (!caller) throw new UnauthenticatedError('unauthenticated');
  if (!roleMayCall(route.operationId, caller.roles)) {
    const withMfa = caller.withheldRoles && roleMayCall(route.operationId, [...caller.roles, ...caller.withheldRoles]);
    throw new ForbiddenError(withMfa ? 'mfa-required' : 'forbidden-role');
  }
  return caller;
}

const replayed = (r: StoredResponse): HttpResult => ({ statusCode: r.status, body: r.body, headers: { ...r.headers, 'idempotent-replayed': 'true' } });

/** The response as the Idempotency-Key record keeps it: a JSON body shaped by the route's `replay`, if any. */
function toStored(route: Route, result: HttpResult, lang: Lang): StoredResponse {
  const headers = result.headers as Record<string, string> | undefined;
  const json = headers?.['content-type']?.startsWith('application/json') && result.body;
  const body = json && route.replay ? JSON.stringify(route.replay(JSON.parse(result.body as string) as Record<string, unknown>, lang)) : result.body;
  return { status: result.statusCode ?? 200, body, headers };
}

/**
 * Honours `Idempotency-Key` on POST. A key with a live record replays its answer (or 422 if it
 * came with another request). Otherwise the request runs in a scope that lets the Store write
 * the record, with the answer, in the transaction that writes the route's `answer` entity; a
 * route without one (a no-op, or effects outside the table) has its record written after its
 * answer. If another request with the key commits first, this one gets that one's answer, or
 * 409 while it is still running.
 */
async function withIdempotency(route: Route, deps: Deps, ctx: RequestContext<unknown, unknown, unknown>, event: HttpEvent, run: () => Promise<HttpResult>): Promise<HttpResult> {
  const key = event.headers['idempotency-key'];
  if (route.method !== 'POST' || key === undefined) return run();
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new BadRequestError('bad-header', { header: 'Idempotency-Key' });
  const requestHash = createHash('sha256')
    .update(`${event.routeKey}\n${event.rawPath}?${event.rawQueryString ?? ''}\n${event.headers['if-match'] ?? ''}\n${event.body ?? ''}`)
    .digest('base64url');
  const { sub } = ctx.caller;
  const now = deps.clock.now();
  const answerFirst = (record: IdempotencyRecord) => {
    if (record.requestHash !== requestHash) throw new UnprocessableError('idempotency-key-reused');
    return replayed(record.response);
  };
  const previous = await deps.idempotency.get(sub, key, now);
  if (previous) return answerFirst(previous);
  const { answer } = route;
  const scope: IdempotencyScope = {
    sub,
    key,
    requestHash,
    now,
    resource: answer?.resource,
    render: answer && ((entity) => toStored(route, respond(route, (answer.result as (e: unknown, c: typeof ctx) => RouteResult)(entity, ctx), ctx.caller, answer.schema), ctx.lang)),
  };
  try {
    const result = await withIdempotencyScope(scope, run);
    scope.closed = true;
    if (!scope.recorded && (result.statusCode ?? 200) < 300) await deps.idempotency.put(scope, toStored(route, result, ctx.lang));
    return result;
  } catch (err) {
    scope.closed = true;
    // A concurrent request with this key may have committed first (so this one failed): answer as it did.
    if (err instanceof IdempotencyConflict || statusFor(err) < 500) {
      const first = await deps.idempotency.get(sub, key, now);
      if (first) return answerFirst(first);
    }
    if (err instanceof IdempotencyConflict) throw new ConflictError('idempotency-in-progress');
    throw err;
  }
}

/** Drops `ownerId` (a Cognito user id) from every object of the body unless the caller is that owner or an admin. */
function hideOwnerIds(value: unknown, caller: Caller): unknown {
  if (Array.isArray(value)) return value.map((v) => hideOwnerIds(v, caller));
  if (!value || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === 'ownerId' && typeof v === 'string' && !ownerIdVisibleTo(caller, v)) continue;
    out[k] = hideOwnerIds(v, caller);
  }
  return out;
}

/**
 * Builds the HTTP response from a route's result: the body through the route's output schema
 * (internal attributes never leak) with other users' ids removed, the ETag, and `no-store`
 * unless the route allows caching (answers carry contact details, tax codes, secrets).
 */
function respond(route: Route, result: RouteResult, caller: Caller, schema = route.success.schema): HttpResult {
  const status = result.status ?? route.success.status;
  const headers: Record<string, string> = { 'cache-control': 'no-store', ...result.headers };
  if (result.body === undefined) return { statusCode: status, headers };
  if (typeof result.body === 'string') {
    return { statusCode: status, headers: { 'content-type': route.success.contentType ?? 'text/plain; charset=utf-8', ...headers }, body: result.body };
  }
  const body = hideOwnerIds(schema ? schema.parse(result.body) : result.body, caller);
  const version = (body as { version?: unknown }).version;
  if (typeof version === 'number') headers.etag = `"${version}"`;
  return { statusCode: status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

function problemResult(thrown: unknown, event: HttpEvent, lang: Lang): HttpResult {
  // Out of time (middy's early timeout, before Lambda's): busy, not broken. The client sends it
  // again after Retry-After; with its Idempotency-Key, a change made meanwhile is replayed.
  const error = (thrown as Error)?.name === 'TimeoutError' ? new UnavailableError('busy-retry') : thrown;
  const out = problemResponse(error, lang, event.rawPath, event.requestContext.requestId);
  if (out.statusCode >= 500) console.error(JSON.stringify({ level: 'error', requestId: event.requestContext.requestId, routeKey: event.routeKey, error: String((thrown as Error)?.stack ?? thrown) }));
  return out;
}

/**
 * One Lambda handler for a group of routes, dispatched on API Gateway's `routeKey`.
 * `deps` are built once, at module load of the handler file.
 */
export function httpHandler(routes: Route[], deps: Deps) {
  const byKey = new Map(routes.map((r) => [routeKey(r), r]));
  return middy<HttpEvent, HttpResult, Error, Context>()
    .onError(async (request) => {
      request.response = problemResult(request.error, request.event, pickLang(request.event.headers?.['accept-language']));
    })
    .handler(async (event) => {
      const lang = pickLang(event.headers['accept-language']);
      const route = byKey.get(event.routeKey);
      if (!route) throw new NotFoundError('route-not-found', { method: event.requestContext.http.method, path: event.rawPath });
      const caller = authorize(route, event);
      const ctx: RequestContext<unknown, unknown, unknown> = {
        caller,
        lang,
        headers: event.headers,
        requestId: event.requestContext.requestId,
        ifMatch: parseIfMatch(event.headers['if-match']),
        params: validate(route.params, event.pathParameters ?? {}, 'path', lang),
        query: validate(route.query, event.queryStringParameters ?? {}, 'query', lang),
        body: validate(route.body, readBody(event, route), 'body', lang),
      };
      if (route.versionRequired && ctx.ifMatch === undefined && (ctx.body as { version?: unknown } | undefined)?.version === undefined) {
        throw new PreconditionRequiredError('version-required');
      }
      return withIdempotency(route, deps, ctx, event, async () => respond(route, await route.handle(ctx, deps), caller));
    });
}
