/**
 * A route: one operation of the HTTP API, declared once. The same declaration drives the
 * Lambda dispatcher, the CDK routes, the local runtime, the OpenAPI document and the
 * generated authorization tests.
 */
import type * as z from 'zod/mini';
import type { Caller, OperationId, OwnedKind } from '#domain/access.ts';
import type { Lang } from '#domain/messages.ts';
import type { Deps } from '#functions/deps.ts';

export type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RequestContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  /** Undefined only on public routes. */
  caller: Caller;
  lang: Lang;
  /** The version from `If-Match: "<n>"`, if sent. */
  ifMatch?: number;
  headers: Record<string, string | undefined>;
  requestId: string;
}

export interface RouteResult {
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface Route<P = unknown, Q = unknown, B = unknown> {
  operationId: OperationId;
  method: Method;
  /** API Gateway style: `/v1/sellers/{sellerId}`. */
  path: string;
  summary: string;
  tag: string;
  params?: z.ZodMiniType<P>;
  query?: z.ZodMiniType<Q>;
  body?: z.ZodMiniType<B>;
  /** The success status and the schema its body is built from (unknown fields dropped). */
  success: {
    status: number;
    description: string;
    schema?: z.ZodMiniType;
    contentType?: string;
    /** The route also answers `text/csv` (content negotiation by `Accept`); documented beside the JSON. */
    csv?: { example: string };
  };
  /** Client-error statuses this route can answer with, for the docs (412 and 428 follow from `versionRequired`). */
  errors: number[];
  /**
   * For a change that is not a create: whether the caller must send the version it read
   * (`If-Match` or a `version` field). `true`: 428 without one (a stale one gets 412). `false`:
   * no version is needed, because none applies (README, "API conventions", says why per route).
   */
  versionRequired?: boolean;
  /**
   * For a POST whose change is one write of one entity: that entity's kind and the answer the
   * route gives for it. The Idempotency-Key record, holding this answer, then joins the
   * transaction that writes the entity, so a retry after a crash replays the answer.
   */
  answer?: {
    resource: OwnedKind;
    result(entity: never, ctx: RequestContext<P, Q, B>): RouteResult;
    /** The stored answer's output schema when it differs from `success.schema` (no secret). */
    schema?: z.ZodMiniType;
  };
  /**
   * What an Idempotency-Key replay answers instead of the original success body, for bodies
   * that must be shown once (a webhook secret). The stored response is built with it, so the
   * idempotency record never holds what it drops.
   */
  replay?: (body: Record<string, unknown>, lang: Lang) => Record<string, unknown>;
  handle(ctx: RequestContext<P, Q, B>, deps: Deps): Promise<RouteResult>;
}

/** Declares a route with its types inferred from its schemas. */
export function route<P = Record<string, never>, Q = Record<string, never>, B = undefined>(r: Route<P, Q, B>): Route {
  const errors = r.versionRequired ? [...new Set([...r.errors, 412, 428])].sort((a, b) => a - b) : r.errors;
  return { ...r, errors } as unknown as Route;
}

export const routeKey = (r: Pick<Route, 'method' | 'path'>) => `${r.method} ${r.path}`;
