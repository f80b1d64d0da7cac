/**
 * The role half of the authorization matrix, generated from the access table (domain/access.ts)
 * and the route list, in-process and without a table: no token gets 401 from the gateway, a
 * role the table does not allow gets 403 from the HTTP pipeline, and public routes answer
 * without a token. All of it is decided before any data is read; the functions' DynamoDB
 * endpoint here is a closed port, so a case that read data would fail rather than pass.
 * The ownership half runs against DynamoDB Local in test/authz.int.test.ts.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { ulid } from 'ulid';
import { ACCESS, ROLES, type Role } from '#domain/access.ts';
import { allRoutes } from '#functions/routes/index.ts';
import { loadDevSecrets, signDevToken, type DevSecrets } from '#infra/local/auth.ts';
import { loadHandlers, setFunctionEnvironment } from '#infra/local/runtime.ts';
import { createDispatcher, type LocalResponse } from '#infra/local/server.ts';

let secrets: DevSecrets;
let dispatch: ReturnType<typeof createDispatcher>;

beforeAll(async () => {
  process.env.LOG_LEVEL = 'warn';
  secrets = await loadDevSecrets('.local/test');
  // Port 9 (discard) refuses connections: any read or write would end in a 500.
  setFunctionEnvironment({ tableName: 'no-table', dynamoEndpoint: 'http://127.0.0.1:9', cursorKey: secrets.cursorKey });
  dispatch = createDispatcher(await loadHandlers(), secrets);
});

/** The route's path with an id in each parameter (ids are not looked at before the role check). */
const pathOf = (template: string) => template.replace(/\{\w+\}/g, () => ulid());
const json = (res: LocalResponse) => JSON.parse(String(res.body)) as { code?: string; status?: number };

describe.each(allRoutes().map((r) => [r.operationId, r] as const))('%s', (operationId, route) => {
  const rule = ACCESS[operationId];
  const call = async (role?: Role) => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (role) headers.authorization = `Bearer ${await signDevToken(secrets, `authz-${role}`, [role])}`;
    return dispatch({ method: route.method, url: pathOf(route.path), headers, body: Buffer.from('{}') });
  };

  if ('public' in rule) {
    it('lets a caller without a token through the access check', async () => {
      const res = await call();
      // Public routes that need input (an unsubscribe token) may answer 400, never 401 or 403;
      // the others answer as they would to anyone.
      if (route.query || route.body) expect([route.success.status, 400], String(res.body)).toContain(res.statusCode);
      else expect(res.statusCode, String(res.body)).toBe(route.success.status);
    });
    return;
  }

  it('returns 401 without a token', async () => {
    const res = await call();
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(json(res).code).toBe('unauthenticated');
  });

  for (const role of ROLES.filter((r) => !(rule.roles as readonly Role[]).includes(r))) {
    it(`returns 403 to a ${role}`, async () => {
      const res = await call(role);
      expect(res.statusCode, String(res.body)).toBe(403);
      expect(json(res).code).toBe('forbidden-role');
    });
  }
});
