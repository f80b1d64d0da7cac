/**
 * The middy pipeline every HTTP Lambda shares: read the caller and language, check the role,
 * parse and validate, honour Idempotency-Key, run the route, shape the output, and turn any
 * error into problem+json.
 */
import middy from '@middy/core';
import type { APIGatewayProxyEventV2WithJWTAuthorizer, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { createHash } from 'node:crypto';
import * as z from 'zod/mini';
import viLocale from 'zod/v4/locales/vi.js';
import enLocale from 'zod/v4/locales/en.js';
import { ACCESS, ROLES, roleMayCall, usableRoles, type Caller, type Role } from '#domain/access.ts';
import {
  BadRequestError,
  ConflictError,
  ForbiddenError,
  NotFoundError,
  PayloadTooLargeError,
  TooManyRequestsError,
  UnauthenticatedError,
  UnprocessableError,
  UnsupportedMediaTypeError,
  ValidationError,
} from '#domain/errors.ts';
import { pickLang, type Lang } from '#domain/messages.ts';
import { provincesClaim } from '#domain/role-requests.ts';
import type { AppDeps } from '#functions/deps.ts';
import { issuesFromZod, toProblem } from '#functions/http/problem.ts';
import { routeKey, type Route, type RouteResult } from '#functions/http/route.ts';

export type HttpEvent = APIGatewayProxyEventV2WithJWTAuthorizer;
export type HttpResult = APIGatewayProxyStructuredResultV2;

export const MAX_BODY_BYTES = 64 * 1024;
const ZOD_LOCALES = { vi: viLocale().localeError, en: enLocale().localeError };

/** A list claim as the JWT authorizer passes it: "[a b]" (API Gateway) or an array. */
const listClaim = (raw: unknown): string[] => (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').replace(/^\[|\]$/g, '').split(/[\s,]+/));

/**
 * Reads the caller from the JWT authorizer's claims. Organiser and admin need proof of a second
 * factor: Cognito's `amr` claim (authentication methods) listing `mfa`; without it those roles
 * are withheld for the request (domain/access.ts, MFA_ROLES).
 */
export function callerFrom(event: HttpEvent): Caller | undefined {
  const claims = event.requestContext.authorizer?.jwt?.claims;
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const roles = listClaim(claims['cognito:groups']).filter((g): g is Role => (ROLES as readonly string[]).includes(g));
  const mfa = listClaim(claims.amr).includes('mfa');
  return { sub: claims.sub, ...usableRoles(roles, mfa), ...provincesClaim(claims['custom:provinces']) };
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

/** The response body an idempotency record keeps: the route's `replay` view when it has one. */
function storedBody(route: Route, body: string | undefined, lang: Lang): string | undefined {
  if (!route.replay || body === undefined) return body;
  return JSON.stringify(route.replay(JSON.parse(body) as Record<string, unknown>, lang));
}

async function withIdempotency(deps: AppDeps, caller: Caller, event: HttpEvent, route: Route, lang: Lang, run: () => Promise<HttpResult>): Promise<HttpResult> {
  const key = event.headers['idempotency-key'];
  if (event.requestContext.http.method !== 'POST' || key === undefined) return run();
  if (!/^[\x21-\x7e]{1,255}$/.test(key)) throw new BadRequestError('bad-header', { header: 'Idempotency-Key' });
  const hash = createHash('sha256').update(`${event.routeKey}\n${event.rawPath}\n${event.body ?? ''}`).digest('base64url');
  const claim = await deps.idempotency.claim(caller.sub, key, hash);
  if (claim.state === 'mismatch') throw new UnprocessableError('idempotency-key-reused');
  if (claim.state === 'in-progress') throw new ConflictError('idempotency-in-progress');
  if (claim.state === 'completed') {
    const r = claim.response;
    return { statusCode: r.status, body: r.body as string, headers: { ...r.headers, 'idempotent-replayed': 'true' } };
  }
  try {
    const result = await run();
    if ((result.statusCode ?? 200) < 300) {
      await deps.idempotency.complete(caller.sub, key, { status: result.statusCode ?? 200, body: storedBody(route, result.body, lang), headers: result.headers as Record<string, string> });
    } else await deps.idempotency.release(caller.sub, key);
    return result;
  } catch (err) {
    await deps.idempotency.release(caller.sub, key).catch(() => undefined);
    throw err;
  }
}

function respond(route: Route, result: RouteResult): HttpResult {
  const status = result.status ?? route.success.status;
  const headers: Record<string, string> = { ...result.headers };
  if (result.body === undefined) return { statusCode: status, headers };
  if (typeof result.body === 'string') {
    return { statusCode: status, headers: { 'content-type': route.success.contentType ?? 'text/plain; charset=utf-8', ...headers }, body: result.body };
  }
  const body = route.success.schema ? route.success.schema.parse(result.body) : result.body;
  const version = (body as { version?: unknown }).version;
  if (typeof version === 'number') headers.etag = `"${version}"`;
  return { statusCode: status, headers: { 'content-type': 'application/json; charset=utf-8', ...headers }, body: JSON.stringify(body) };
}

function problemResponse(error: unknown, event: HttpEvent, lang: Lang): HttpResult {
  const problem = toProblem(error, lang, event.rawPath, event.requestContext.requestId);
  if (problem.status >= 500) console.error(JSON.stringify({ level: 'error', requestId: event.requestContext.requestId, routeKey: event.routeKey, error: String((error as Error)?.stack ?? error) }));
  const headers: Record<string, string> = { 'content-type': 'application/problem+json; charset=utf-8', 'content-language': lang };
  if (problem.status === 503) headers['retry-after'] = '1';
  if (error instanceof TooManyRequestsError) headers['retry-after'] = String(error.retryAfterSeconds);
  return { statusCode: problem.status, headers, body: JSON.stringify(problem) };
}

/**
 * One Lambda handler for a group of routes, dispatched on API Gateway's `routeKey`.
 * `deps` are built once, at module load of the handler file.
 */
export function httpHandler(routes: Route[], deps: AppDeps) {
  const byKey = new Map(routes.map((r) => [routeKey(r), r]));
  return middy<HttpEvent, HttpResult, Error, Context>()
    .onError(async (request) => {
      request.response = problemResponse(request.error, request.event, pickLang(request.event.headers?.['accept-language']));
    })
    .handler(async (event) => {
      const lang = pickLang(event.headers['accept-language']);
      const route = byKey.get(event.routeKey);
      if (!route) throw new NotFoundError('route-not-found', { method: event.requestContext.http.method, path: event.rawPath });
      const caller = authorize(route, event);
      const ctx = {
        caller,
        lang,
        headers: event.headers,
        requestId: event.requestContext.requestId,
        ifMatch: parseIfMatch(event.headers['if-match']),
        params: validate(route.params, event.pathParameters ?? {}, 'path', lang),
        query: validate(route.query, event.queryStringParameters ?? {}, 'query', lang),
        body: validate(route.body, readBody(event, route), 'body', lang),
      };
      return withIdempotency(deps, caller, event, route, lang, async () => respond(route, await route.handle(ctx, deps)));
    });
}
