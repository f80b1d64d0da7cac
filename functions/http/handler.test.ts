import type { Context } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import type { Deps } from '#functions/deps.ts';
import { callerFrom, groupsFromClaim, httpHandler, type HttpEvent } from '#functions/http/handler.ts';
import type { Route } from '#functions/http/route.ts';
import { generateOpenApi } from '#functions/http/openapi.ts';
import { allRoutes } from '#functions/routes/index.ts';

// Signed in with MFA, so organiser and admin are not withheld (test/mfa.int.test.ts covers that).
const withGroups = (groups: unknown) => ({ requestContext: { authorizer: { jwt: { claims: { sub: 'u-1', 'cognito:groups': groups, amr: '[pwd mfa]' } } } } }) as unknown as HttpEvent;

describe('callerFrom', () => {
  it('reads the groups API Gateway renders as "[a b]", splitting on whitespace only', () => {
    expect(callerFrom(withGroups('[retailer admin]'))).toEqual({ sub: 'u-1', roles: ['retailer', 'admin'] });
    expect(callerFrom(withGroups('[organiser]'))?.roles).toEqual(['organiser']);
  });

  it('never splits a group name on commas, in either form', () => {
    expect(callerFrom(withGroups('[retailer,admin]'))?.roles).toEqual([]);
    expect(callerFrom(withGroups(['retailer,admin']))?.roles).toEqual([]);
    expect(callerFrom(withGroups(['retailer', 'admin,x']))?.roles).toEqual(['retailer']);
  });

  it('reads an array claim as it is and keeps only the four known role names', () => {
    expect(callerFrom(withGroups(['cooperative', 'superuser', 'Admin']))?.roles).toEqual(['cooperative']);
  });

  describe('with an access token as Cognito issues it after the pre token generation trigger (no amr)', () => {
    const accessToken = (claims: Record<string, unknown>) =>
      ({ requestContext: { authorizer: { jwt: { claims: { sub: 'u-2', 'cognito:groups': '[admin]', token_use: 'access', client_id: 'c', ...claims } } } } }) as unknown as HttpEvent;

    it('grants admin when ketnoi:mfa is "true"', () => {
      expect(callerFrom(accessToken({ 'ketnoi:mfa': 'true' }))).toEqual({ sub: 'u-2', roles: ['admin'] });
    });

    it('withholds admin without ketnoi:mfa, or with any value but "true"', () => {
      for (const value of [undefined, 'false', 'TRUE', '1', '[true]', '']) {
        expect(callerFrom(accessToken({ 'ketnoi:mfa': value })), String(value)).toEqual({ sub: 'u-2', roles: [], withheldRoles: ['admin'] });
      }
    });

    it('reads the province scope the trigger copied into custom:provinces', () => {
      expect(callerFrom(accessToken({ 'ketnoi:mfa': 'true', 'custom:provinces': 'bac-ninh,hai-phong' }))).toEqual({ sub: 'u-2', roles: ['admin'], provinces: ['bac-ninh', 'hai-phong'] });
    });
  });

  it('gives no roles to any other shape of the claim', () => {
    for (const raw of ['admin', 'admin retailer', '[admin', '[[admin]]', 42, { admin: true }, undefined]) {
      expect(callerFrom(withGroups(raw))?.roles, String(raw)).toEqual([]);
    }
    expect(groupsFromClaim('[ cooperative   retailer ]')).toEqual(['cooperative', 'retailer']);
  });
});

describe('route declarations', () => {
  it('states for every change that is not a create whether it needs the version', () => {
    const undeclared = allRoutes()
      .filter((r) => r.method !== 'GET' && r.success.status !== 201 && r.versionRequired === undefined)
      .map((r) => r.operationId);
    expect(undeclared).toEqual([]);
  });

  it('documents 428 exactly on the routes that require a version', () => {
    for (const r of allRoutes()) expect(r.errors.includes(428), r.operationId).toBe(r.versionRequired === true);
  });

  it('names the entity that completes every create, so its idempotency record rides in the same transaction', () => {
    const creates = allRoutes().filter((r) => r.method === 'POST' && r.success.status === 201);
    expect(creates.filter((r) => !r.answer).map((r) => r.operationId)).toEqual([]);
  });

  it('documents ownerId as optional in every response that carries it', () => {
    const text = JSON.stringify(generateOpenApi(allRoutes()));
    expect(text).toContain('shown only to the owner and admins');
    expect(text).not.toMatch(/"required":\[[^\]]*"ownerId"/);
  });
});

describe('a request that runs out of time', () => {
  it('answers 503 problem+json with Retry-After, in the caller’s language, not 500', async () => {
    const slow = {
      operationId: 'getHealth',
      method: 'GET',
      path: '/v1/health',
      summary: 'slow',
      tag: 'meta',
      success: { status: 200, description: 'ok' },
      errors: [],
      handle: () => new Promise((resolve) => setTimeout(() => resolve({ body: 'late' }), 500)),
    } as unknown as Route;
    const event = {
      routeKey: 'GET /v1/health',
      rawPath: '/v1/health',
      headers: { 'accept-language': 'vi' },
      requestContext: { requestId: 'r-1', http: { method: 'GET' } },
    } as unknown as HttpEvent;
    // Lambda's deadline 60 ms away: middy times the handler out just before it.
    const context = { getRemainingTimeInMillis: () => 60 } as unknown as Context;
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (line: unknown) => void errors.push(line);
    try {
      const res = await httpHandler([slow], {} as Deps)(event, context);
      expect(res.statusCode).toBe(503);
      expect(res.headers).toMatchObject({ 'content-type': 'application/problem+json; charset=utf-8', 'retry-after': '1', 'content-language': 'vi' });
      expect(JSON.parse(res.body as string)).toMatchObject({ status: 503, code: 'busy-retry' });
      expect(String(errors[0])).toContain('TimeoutError');
    } finally {
      console.error = original;
    }
  });
});
