/** The OpenAPI 3.1 document, generated from the route declarations and the access table. */
import * as z from 'zod/mini';
import { ACCESS, ROLES, type AccessRule } from '#domain/access.ts';
import { MESSAGES } from '#domain/messages.ts';
import { PROBLEM_BASE } from '#functions/http/problem.ts';
import type { Route } from '#functions/http/route.ts';

export const API_VERSION = '0.1.0';

type Json = Record<string, unknown>;

const DESCRIPTION = `Kết Nối connects Vietnam's farm sellers (cooperatives, enterprises, household businesses) with buyers (supermarkets, wholesale markets, exporters, processors) and runs trade fairs with booth bookings.

_Kết Nối: kết nối hợp tác xã, doanh nghiệp với nhà phân phối và hội chợ xúc tiến thương mại nông sản._

## Authentication

Send \`Authorization: Bearer <JWT>\`. Roles come from the token's \`cognito:groups\` claim: ${ROLES.map((r) => `\`${r}\``).join(', ')}. Each operation lists the roles it allows and whether only the resource's owner may act. Locally, mint a token with \`npm run token -- --role cooperative --sub coop-1\`.

## Errors, concurrency and retries

Errors are RFC 9457 problem details (\`application/problem+json\`) with a stable \`code\`; send \`Accept-Language: vi\` for Vietnamese wording. Changes need the version you read as \`If-Match: "<version>"\` (the \`ETag\` of the last read). POST requests accept an \`Idempotency-Key\` so that retries are safe.`;

const TAGS: Record<string, string> = {
  Meta: 'Health and this documentation',
  'Reference data': 'Provinces (after the 2025 merger) and the product catalogue',
  Sellers: 'Cooperatives, enterprises and household businesses that sell',
  Buyers: 'Supermarkets, wholesale markets, exporters and processors that buy',
  Listings: 'What sellers offer: product, quantity, price and availability window',
  Demands: 'What buyers need: product or category, quantity, price ceiling and window',
  Fairs: 'Trade fairs, exhibitions, conferences and market days',
  Bookings: 'Booths booked by sellers at fairs',
};

const STATUS_TEXT: Record<number, string> = {
  400: 'Invalid input, malformed JSON or a bad header',
  401: 'Missing or invalid bearer token',
  403: 'Your role, or your ownership of the resource, does not allow this',
  404: 'No such resource (or not visible to you)',
  406: 'The requested representation is not available',
  409: 'Conflicts with the current state (or a request with this Idempotency-Key is in progress)',
  412: 'The version sent is stale: read again and retry',
  413: 'The request body is too large',
  415: 'The body must be application/json',
  422: 'Breaks a business rule (or reuses an Idempotency-Key for another request)',
  428: 'The version you read is required (If-Match or a `version` field)',
  500: 'Internal error; the requestId identifies it',
  503: 'Busy: retry shortly (see Retry-After)',
};

const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details, worded in the language picked from Accept-Language.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string', format: 'uri', description: `${PROBLEM_BASE}<code>` },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    code: { type: 'string', enum: Object.keys(MESSAGES) },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['path', 'message'],
        properties: { path: { type: 'string' }, message: { type: 'string' }, code: { type: 'string' } },
      },
    },
  },
};

const ifMatchHeader = {
  name: 'If-Match',
  in: 'header',
  required: false,
  description: 'The version you read, as `"<version>"` (the ETag). Needed unless the body carries `version`; a stale one gets 412.',
  schema: { type: 'string', pattern: '^\\s*(W/)?"?\\d{1,9}"?\\s*$' },
  example: '"3"',
};

const idempotencyKeyHeader = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description: 'Makes retries safe: a repeat with the same key and body replays the first success (with `Idempotent-Replayed: true`).',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^[\\x21-\\x7e]{1,255}$' },
};

/** Deep copy without `$schema` keys, with `#/$defs/X` refs pointed at components (renamed if needed). */
function clean(value: unknown, rename: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => clean(v, rename));
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$schema') continue;
    if (key === '$ref' && typeof v === 'string' && v.startsWith('#/$defs/')) {
      const name = v.slice('#/$defs/'.length);
      out[key] = `#/components/schemas/${rename.get(name) ?? name}`;
    } else out[key] = clean(v, rename);
  }
  return out;
}

/** Converts zod schemas to JSON Schema, hoisting `$defs` into `schemas` (distinct defs sharing a name get a suffix). */
function converter(schemas: Json) {
  const raw = new Map<string, string>();
  return (schema: z.ZodMiniType, io: 'input' | 'output'): Json => {
    const { $defs = {}, ...root } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json & { $defs?: Json };
    const rename = new Map<string, string>();
    for (const [name, def] of Object.entries($defs)) {
      let target = name;
      for (let n = 2; raw.has(target) && raw.get(target) !== JSON.stringify(def); n++) target = `${name}_${n}`;
      raw.set(target, JSON.stringify(def));
      rename.set(name, target);
    }
    for (const [name, def] of Object.entries($defs)) schemas[rename.get(name)!] = clean(def, rename);
    return clean(root, rename) as Json;
  };
}

/** One parameter per property of an object schema. */
function parametersOf(json: Json, where: 'path' | 'query'): Json[] {
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries((json.properties ?? {}) as Record<string, Json>).map(([name, { description, ...schema }]) => ({
    name,
    in: where,
    required: where === 'path' || required.has(name),
    ...(description ? { description } : {}),
    schema,
  }));
}

function accessLine(rule: AccessRule): string {
  if ('public' in rule) return 'Public: no token needed.';
  const admin = rule.roles.includes('admin') ? ' (or an admin)' : '';
  const owner = rule.owner
    ? ` Only the owner of the ${rule.owner}${admin} may act; others get ${rule.hideFromOthers ? '404' : '403'}.`
    : '';
  return `Roles: ${rule.roles.join(', ')}.${owner}`;
}

const problemRef = (status: number) => ({ $ref: `#/components/responses/Problem${status}` });

/**
 * Builds the OpenAPI 3.1.0 document for the given routes: paths and operations from the route
 * declarations (zod schemas converted to JSON Schema), security and role notes from
 * {@link ACCESS}, and one shared `application/problem+json` response per error status.
 *
 * @param routes - every route of the API, usually `allRoutes()`.
 * @returns a plain JSON-serialisable object.
 */
export function generateOpenApi(routes: Route[]): object {
  const schemas: Json = { Problem: problemSchema };
  const convert = converter(schemas);
  const paths: Record<string, Json> = {};
  const statuses = new Set<number>([500]);
  const tags: string[] = [];

  for (const route of routes) {
    const rule: AccessRule = ACCESS[route.operationId];
    const isPublic = 'public' in rule;
    if (!tags.includes(route.tag)) tags.push(route.tag);

    const parameters = [
      ...(route.params ? parametersOf(convert(route.params, 'input'), 'path') : []),
      ...(route.query ? parametersOf(convert(route.query, 'input'), 'query') : []),
      ...(route.method === 'PATCH' || route.errors.includes(412) ? [ifMatchHeader] : []),
      ...(route.method === 'POST' ? [idempotencyKeyHeader] : []),
      { $ref: '#/components/parameters/AcceptLanguage' },
    ];

    const { status, description, schema, contentType } = route.success;
    const success: Json = { description };
    if (status !== 204 && contentType) success.content = { [contentType]: { schema: { type: 'string' } } };
    else if (status !== 204 && schema) {
      const json = convert(schema, 'output');
      success.content = { 'application/json': { schema: json } };
      const headers: Json = {};
      if (status === 201) headers.Location = { description: 'The new resource', schema: { type: 'string' } };
      if ((json.properties as Json | undefined)?.version) headers.ETag = { description: 'The version, for If-Match', schema: { type: 'string' } };
      if (Object.keys(headers).length) success.headers = headers;
    }

    const responses: Json = { [status]: success };
    for (const s of [...route.errors, 500]) {
      responses[s] = problemRef(s);
      statuses.add(s);
    }

    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = {
      operationId: route.operationId,
      summary: route.summary,
      description: accessLine(rule),
      tags: [route.tag],
      security: isPublic ? [] : [{ bearer: [] }],
      ...(isPublic ? {} : { 'x-roles': [...rule.roles], ...(rule.owner ? { 'x-owner': rule.owner } : {}) }),
      parameters,
      ...(route.body
        ? { requestBody: { required: true, content: { 'application/json': { schema: convert(route.body, 'input') } } } }
        : {}),
      responses,
    };
  }

  const responses: Json = {};
  for (const s of [...statuses].sort((a, b) => a - b)) {
    responses[`Problem${s}`] = {
      description: STATUS_TEXT[s] ?? 'Error',
      content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
    };
  }

  return {
    openapi: '3.1.0',
    info: { title: 'Kết Nối API', version: API_VERSION, description: DESCRIPTION },
    servers: [{ url: '/' }],
    tags: tags.map((name) => ({ name, description: TAGS[name] ?? name })),
    paths,
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Roles from the `cognito:groups` claim' },
      },
      parameters: {
        AcceptLanguage: {
          name: 'Accept-Language',
          in: 'header',
          required: false,
          description: 'Language of problem messages: `vi` or `en` (default).',
          schema: { type: 'string', example: 'vi' },
        },
      },
      schemas,
      responses,
    },
    'x-problem-codes': Object.fromEntries(Object.entries(MESSAGES).map(([code, m]) => [code, { en: m.en.title, vi: m.vi.title }])),
  };
}
