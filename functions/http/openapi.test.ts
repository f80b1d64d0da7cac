import { describe, it, expect } from 'vitest';
import * as z from 'zod/mini';
import { ACCESS, type AccessRule, type OperationId } from '#domain/access.ts';
import { MESSAGES } from '#domain/messages.ts';
import { DOCS_PAGE } from '#functions/http/docs-page.ts';
import { generateOpenApi } from '#functions/http/openapi.ts';
import { allRoutes } from '#functions/routes/index.ts';

type Json = Record<string, any>;

const routes = allRoutes();
const doc = generateOpenApi(routes) as Json;
const operations: Json[] = Object.values(doc.paths as Record<string, Json>).flatMap((item) => Object.values(item));
const operationFor = (operationId: string) => doc.paths[routes.find((r) => r.operationId === operationId)!.path];

/** Every value in the JSON tree, with its key. */
function* walk(value: unknown, key = ''): Generator<[string, unknown]> {
  yield [key, value];
  if (Array.isArray(value)) for (const v of value) yield* walk(v);
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) yield* walk(v, k);
}

/** Follows a local JSON pointer (`#/a/b`) through the document, or returns undefined. */
function resolve(ref: string): unknown {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((seg) => seg.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce<unknown>((node, seg) => (node && typeof node === 'object' ? (node as Json)[seg] : undefined), doc);
}

describe('generateOpenApi', () => {
  it('produces an OpenAPI 3.1.0 document with info and a server', () => {
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.title).toBe('Kết Nối API');
    expect(doc.info.description).toContain('cognito:groups');
    expect(doc.servers).toEqual([{ url: '/' }]);
  });

  it('lists every route under its path and method, with its operationId exactly once', () => {
    for (const r of routes) {
      const op = doc.paths[r.path]?.[r.method.toLowerCase()];
      expect(op?.operationId, `${r.method} ${r.path}`).toBe(r.operationId);
      expect(op.tags).toEqual([r.tag]);
      expect(op.summary).toBe(r.summary);
    }
    const ids = operations.map((op) => op.operationId);
    expect(ids).toHaveLength(routes.length);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('has an operation for every operationId in the access table, and no other', () => {
    const ids = operations.map((op) => op.operationId).sort();
    expect(ids).toEqual(Object.keys(ACCESS).sort());
  });

  it('requires a bearer token on every non-public operation and none on public ones', () => {
    expect(doc.components.securitySchemes.bearer).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    for (const op of operations) {
      const rule: AccessRule = ACCESS[op.operationId as OperationId];
      if ('public' in rule) {
        expect(op.security, op.operationId).toEqual([]);
      } else {
        expect(op.security, op.operationId).toEqual([{ bearer: [] }]);
        expect(op['x-roles'], op.operationId).toEqual([...rule.roles]);
        for (const role of rule.roles) expect(op.description, op.operationId).toContain(role);
      }
    }
  });

  it('documents a JSON request body for every route that takes one', () => {
    for (const r of routes) {
      const op = operationFor(r.operationId)[r.method.toLowerCase()];
      if (r.body) {
        expect(op.requestBody?.required, r.operationId).toBe(true);
        expect(op.requestBody.content['application/json'].schema.type, r.operationId).toBe('object');
      } else expect(op.requestBody, r.operationId).toBeUndefined();
    }
  });

  it('documents path and query parameters, If-Match on PATCH and Idempotency-Key on POST', () => {
    for (const r of routes) {
      const op = operationFor(r.operationId)[r.method.toLowerCase()];
      const params = (op.parameters as Json[]).map((p) => (p.$ref ? (resolve(p.$ref) as Json) : p));
      const names = params.map((p) => `${p.in}:${p.name}`);
      for (const [, name] of r.path.matchAll(/\{(\w+)\}/g)) expect(names, r.operationId).toContain(`path:${name}`);
      if (r.method === 'PATCH') expect(names, r.operationId).toContain('header:If-Match');
      if (r.method === 'POST') expect(names, r.operationId).toContain('header:Idempotency-Key');
      for (const p of params) if (p.in === 'path') expect(p.required).toBe(true);
    }
    const search = operationFor('searchListings').get;
    expect(search.parameters.map((p: Json) => p.name)).toEqual(expect.arrayContaining(['limit', 'cursor']));
  });

  it('gives every operation a summary, a description and an example of its JSON body and success answer', () => {
    const missing: string[] = [];
    for (const op of operations) {
      if (!op.summary || !op.description) missing.push(`${op.operationId}: summary or description`);
      const body = op.requestBody?.content?.['application/json'];
      if (body && body.example === undefined) missing.push(`${op.operationId}: body example`);
      for (const [status, res] of Object.entries(op.responses as Json)) {
        const json = status.startsWith('2') ? (res as Json).content?.['application/json'] : undefined;
        if (json && json.example === undefined) missing.push(`${op.operationId}: ${status} example`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('documents request bodies with examples the route itself accepts', () => {
    const refused = routes
      .filter((r) => r.body)
      .flatMap((r) => {
        const example = doc.paths[r.path][r.method.toLowerCase()].requestBody.content['application/json'].example;
        const parsed = r.body!.safeParse(example);
        return parsed.success ? [] : [`${r.operationId}: ${parsed.error.issues.map((i) => `${i.path.join('.')} ${i.message}`).join('; ')}`];
      });
    expect(refused).toEqual([]);
  });

  it('documents the success status of every route', () => {
    for (const r of routes) {
      const res = operationFor(r.operationId)[r.method.toLowerCase()].responses[r.success.status];
      expect(res?.description, r.operationId).toBe(r.success.description);
      if (r.success.status === 204) expect(res.content).toBeUndefined();
      else if (r.success.contentType) expect(Object.keys(res.content)).toEqual([r.success.contentType]);
      else if (r.success.schema) expect(res.content['application/json'].schema).toBeTypeOf('object');
    }
  });

  it('references a problem+json response for each listed error status and for 500', () => {
    for (const r of routes) {
      const responses = operationFor(r.operationId)[r.method.toLowerCase()].responses;
      for (const status of [...r.errors, 500]) {
        expect(responses[status], `${r.operationId} ${status}`).toEqual({ $ref: `#/components/responses/Problem${status}` });
        const shared = doc.components.responses[`Problem${status}`];
        expect(shared.content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
      }
    }
  });

  it('enumerates every message code in the Problem schema', () => {
    expect(doc.components.schemas.Problem.properties.code.enum).toEqual(Object.keys(MESSAGES));
  });

  it('leaks no $schema key anywhere', () => {
    const keys = [...walk(doc)].map(([key]) => key);
    expect(keys).not.toContain('$schema');
    expect(keys).not.toContain('$defs');
  });

  it('resolves every $ref within the document', () => {
    const refs = [...walk(doc)].filter(([key]) => key === '$ref').map(([, ref]) => ref as string);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) expect(resolve(ref), ref).toBeDefined();
  });

  it('hoists recursive schemas into components and rewrites their refs', () => {
    type Tree = { name: string; children: Tree[] };
    const Tree: z.ZodMiniType<Tree> = z.object({
      name: z.string(),
      get children() {
        return z.array(Tree);
      },
    });
    const base = routes.find((r) => r.operationId === 'createSeller')!;
    const recursive = generateOpenApi([{ ...base, body: z.object({ tree: Tree }) }, { ...base, path: '/tree', body: Tree }]) as Json;
    const json = JSON.stringify(recursive);
    expect(json).not.toContain('$defs');
    expect(json).not.toContain('"$ref":"#"');
    for (const [key, ref] of walk(recursive)) {
      if (key !== '$ref') continue;
      const target = (ref as string).slice(2).split('/').reduce<any>((node, seg) => node?.[seg], recursive);
      expect(target, ref as string).toBeDefined();
    }
    expect(recursive.paths['/tree'].post.requestBody.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/createSellerBody' });
  });

  it('is plain JSON that survives a round trip', () => {
    expect(JSON.parse(JSON.stringify(doc))).toEqual(doc);
  });
});

describe('DOCS_PAGE', () => {
  it('is an HTML page that loads /openapi.json without external resources', () => {
    expect(DOCS_PAGE).toMatch(/^<!doctype html>/i);
    expect(DOCS_PAGE).toContain('<meta charset="utf-8">');
    expect(DOCS_PAGE).toMatch(/<html lang="\w+">/);
    expect(DOCS_PAGE).toContain("fetch('/openapi.json'");
    expect(DOCS_PAGE).not.toMatch(/(src|href)="https?:/);
  });

  it('contains inline script that parses', () => {
    const script = /<script>([\s\S]*)<\/script>/.exec(DOCS_PAGE)?.[1];
    expect(script).toBeDefined();
    expect(() => new Function(script!)).not.toThrow();
  });
});
