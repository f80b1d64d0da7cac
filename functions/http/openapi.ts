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

Send \`Authorization: Bearer <JWT>\`. Roles come from the token's \`cognito:groups\` claim: ${ROLES.map((r) => `\`${r}\``).join(', ')}. Organisers and admins must have signed in with a second factor (the access token's \`ketnoi:mfa\` claim is \`true\`, or an ID token's \`amr\` lists \`mfa\`), or their requests get 403 \`mfa-required\`. Each operation lists the roles it allows and whether only the resource's owner may act. Locally, mint a token with \`npm run token -- --role cooperative --sub coop-1\`.

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

const str = { type: 'string' };
const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details, worded in the language picked from Accept-Language.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { ...str, format: 'uri', description: `${PROBLEM_BASE}<code>` },
    title: str,
    status: { type: 'integer' },
    detail: str,
    instance: str,
    code: { ...str, enum: Object.keys(MESSAGES) },
    requestId: str,
    errors: { type: 'array', items: { type: 'object', required: ['path', 'message'], properties: { path: str, message: str, code: str } } },
  },
};

const header = (name: string, description: string, schema: Json) => ({ name, in: 'header', required: false, description, schema });
const HEADER_PARAMS = {
  IfMatch: header('If-Match', 'The version you read, as `"<version>"` (the ETag). Needed unless the body carries `version`; a stale one gets 412.', {
    ...str,
    pattern: '^\\s*(W/)?"?\\d{1,9}"?\\s*$',
    examples: ['"3"'],
  }),
  IdempotencyKey: header('Idempotency-Key', 'Makes retries safe: a repeat with the same key and body replays the first success (with `Idempotent-Replayed: true`).', {
    ...str,
    minLength: 1,
    maxLength: 255,
    pattern: '^[\\x21-\\x7e]{1,255}$',
  }),
  AcceptLanguage: header('Accept-Language', 'Language of problem messages: `vi` or `en` (the default).', { ...str, examples: ['vi'] }),
};
const paramRef = (name: keyof typeof HEADER_PARAMS) => ({ $ref: `#/components/parameters/${name}` });

/** Deep copy without `$schema` keys, with `#/$defs/X` and root (`#`) refs pointed at components. */
function clean(value: unknown, rename: Map<string, string>): unknown {
  if (Array.isArray(value)) return value.map((v) => clean(v, rename));
  if (!value || typeof value !== 'object') return value;
  const out: Json = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === '$schema') continue;
    if (key === '$ref' && typeof v === 'string' && (v === '#' || v.startsWith('#/$defs/'))) {
      const name = v === '#' ? '#' : v.slice('#/$defs/'.length);
      out[key] = `#/components/schemas/${rename.get(name) ?? name}`;
    } else out[key] = clean(v, rename);
  }
  return out;
}

/**
 * Converts zod schemas to JSON Schema, hoisting `$defs` into `schemas` (distinct defs sharing a
 * name get a suffix). A recursive root (`$ref: "#"`) is hoisted too, as `name`.
 */
function converter(schemas: Json) {
  const raw = new Map<string, string>();
  return (schema: z.ZodMiniType, io: 'input' | 'output', name: string): Json => {
    const converted = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Json & { $defs?: Json };
    const { $defs = {}, ...root } = converted;
    const rename = new Map<string, string>([['#', name]]);
    for (const [def, value] of Object.entries($defs)) {
      let target = def;
      for (let n = 2; raw.has(target) && raw.get(target) !== JSON.stringify(value); n++) target = `${def}_${n}`;
      raw.set(target, JSON.stringify(value));
      rename.set(def, target);
    }
    for (const [def, value] of Object.entries($defs)) schemas[rename.get(def)!] = clean(value, rename);
    const json = clean(root, rename) as Json;
    if (!JSON.stringify(converted).includes('"$ref":"#"')) return json;
    schemas[name] = json;
    return { $ref: `#/components/schemas/${name}` };
  };
}

/**
 * Marks `ownerId` optional wherever an output carries it: the pipeline shows it only to the
 * owner and admins (inputs never carry it: it is server-owned).
 */
function ownerIdOwnerOnly(value: unknown): void {
  if (Array.isArray(value)) return value.forEach(ownerIdOwnerOnly);
  if (!value || typeof value !== 'object') return;
  const node = value as Json;
  const properties = node.properties as Record<string, Json> | undefined;
  if (properties?.ownerId && Array.isArray(node.required)) {
    node.required = (node.required as string[]).filter((r) => r !== 'ownerId');
    properties.ownerId = { ...properties.ownerId, description: 'The owner’s user id: shown only to the owner and admins' };
  }
  Object.values(node).forEach(ownerIdOwnerOnly);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON Schema nodes are walked generically
type Node = Record<string, any>;

/**
 * An example of a schema built from the examples of its parts: its own if it has one, else an
 * object of its properties' examples (the required ones always, the optional ones that document
 * one), the first option of a union, one item of an array. Undefined when nothing documents one.
 */
export function exampleOf(node: Node | undefined, schemas: Node, depth = 0): unknown {
  if (!node || depth > 8) return undefined;
  if (node.$ref) return exampleOf(schemas[String(node.$ref).split('/').pop()!], schemas, depth + 1);
  if (Array.isArray(node.examples) && node.examples.length) return node.examples[0];
  if (node.example !== undefined) return node.example;
  if (node.default !== undefined) return node.default;
  if (node.const !== undefined) return node.const;
  if (Array.isArray(node.enum) && node.enum.length) return node.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf']) {
    if (!Array.isArray(node[key])) continue;
    for (const option of node[key] as Node[]) {
      const ex = exampleOf(option, schemas, depth + 1);
      if (ex !== undefined) return ex;
    }
  }
  if (node.type === 'array') {
    const item = exampleOf(node.items as Node, schemas, depth + 1);
    return item === undefined ? [] : [item];
  }
  if (node.type === 'object' || node.properties) {
    const required = new Set((node.required as string[] | undefined) ?? []);
    const out: Node = {};
    for (const [name, prop] of Object.entries((node.properties ?? {}) as Record<string, Node>)) {
      const ex = exampleOf(prop, schemas, depth + 1);
      if (ex !== undefined && (required.has(name) || documents(prop, schemas))) out[name] = ex;
    }
    return out;
  }
  if (node.type === 'string') return node.format === 'date' ? '2027-06-01' : node.format === 'date-time' ? '2027-06-01T08:00:00.000Z' : 'text';
  if (node.type === 'integer' || node.type === 'number') return typeof node.minimum === 'number' ? node.minimum : 1;
  if (node.type === 'boolean') return true;
  return undefined;
}

/** Whether a property carries an example of its own (then an optional one appears in examples). */
const documents = (prop: Node, schemas: Node): boolean =>
  prop.$ref ? documents(schemas[String(prop.$ref).split('/').pop()!] ?? {}, schemas) : Array.isArray(prop.examples) || prop.example !== undefined;

/** Gives every JSON request body and success response without an example one built by {@link exampleOf}. */
function addExamples(paths: Record<string, Node>, schemas: Node): void {
  for (const methods of Object.values(paths)) {
    for (const op of Object.values(methods) as Node[]) {
      const media = [op.requestBody?.content?.['application/json'], ...Object.entries(op.responses as Node).filter(([s]) => s.startsWith('2')).map(([, r]) => (r as Node).content?.['application/json'])];
      for (const m of media as (Node | undefined)[]) {
        if (!m?.schema || m.example !== undefined) continue;
        const ex = exampleOf(m.schema as Node, schemas);
        if (ex !== undefined) m.example = ex;
      }
    }
  }
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

function successResponse(route: Route, convert: ReturnType<typeof converter>): Json {
  const { status, description, schema, contentType } = route.success;
  if (status === 204 || (!schema && !contentType)) return { description };
  if (contentType) return { description, content: { [contentType]: { schema: str } } };
  const json = convert(schema!, 'output', `${route.operationId}Response`);
  const headers: Json = {};
  if (status === 201) headers.Location = { description: 'The new resource', schema: str };
  if ((json.properties as Json | undefined)?.version) headers.ETag = { description: 'The version, for If-Match', schema: str };
  const csv = route.success.csv ? { 'text/csv': { schema: str, example: route.success.csv.example } } : {};
  return { description, ...(Object.keys(headers).length ? { headers } : {}), content: { 'application/json': { schema: json }, ...csv } };
}

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
    const { operationId, method, body } = route;
    const rule: AccessRule = ACCESS[operationId];
    const isPublic = 'public' in rule;
    if (!tags.includes(route.tag)) tags.push(route.tag);
    const errors = [...route.errors, 500];
    errors.forEach((s) => statuses.add(s));

    paths[route.path] ??= {};
    paths[route.path][method.toLowerCase()] = {
      operationId,
      summary: route.summary,
      description: accessLine(rule),
      tags: [route.tag],
      security: isPublic ? [] : [{ bearer: [] }],
      ...(isPublic ? {} : { 'x-roles': [...rule.roles], ...(rule.owner ? { 'x-owner': rule.owner } : {}) }),
      parameters: [
        ...(route.params ? parametersOf(convert(route.params, 'input', `${operationId}Params`), 'path') : []),
        ...(route.query ? parametersOf(convert(route.query, 'input', `${operationId}Query`), 'query') : []),
        ...(method === 'PATCH' || route.errors.includes(412) ? [paramRef('IfMatch')] : []),
        ...(method === 'POST' ? [paramRef('IdempotencyKey')] : []),
        paramRef('AcceptLanguage'),
      ],
      ...(body ? { requestBody: { required: true, content: { 'application/json': { schema: convert(body, 'input', `${operationId}Body`) } } } } : {}),
      responses: {
        [route.success.status]: successResponse(route, convert),
        ...Object.fromEntries(errors.map((s) => [s, { $ref: `#/components/responses/Problem${s}` }])),
      },
    };
  }

  ownerIdOwnerOnly(paths);
  ownerIdOwnerOnly(schemas);
  addExamples(paths, schemas);
  const problem = { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } };
  return {
    openapi: '3.1.0',
    info: { title: 'Kết Nối API', version: API_VERSION, description: DESCRIPTION },
    servers: [{ url: '/' }],
    tags: tags.map((name) => ({ name, description: TAGS[name] ?? name })),
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Roles from the `cognito:groups` claim' } },
      parameters: HEADER_PARAMS,
      schemas,
      responses: Object.fromEntries(
        [...statuses].sort((a, b) => a - b).map((s) => [`Problem${s}`, { description: STATUS_TEXT[s] ?? 'Error', content: problem }]),
      ),
    },
    'x-problem-codes': Object.fromEntries(Object.entries(MESSAGES).map(([code, m]) => [code, { en: m.en.title, vi: m.vi.title }])),
  };
}
