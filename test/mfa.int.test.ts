/**
 * Organisers and admins act only with a second factor: a token without `ketnoi:mfa` = 'true'
 * (access tokens, and the dev tokens here) or an `amr` listing `mfa` (ID tokens) does not carry
 * those roles (403 `mfa-required` where they were needed); the other roles work without it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '#infra/local/auth.ts';
import { callerFrom, type HttpEvent } from '#functions/http/handler.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { fairBody, sellerBody } from '#test/support/fixtures.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('mfa');
});
afterAll(async () => {
  await app.stop();
});

const withoutMfa = (roles: Parameters<typeof signDevToken>[2], sub: string) => signDevToken(app.runtime.secrets, sub, roles, 3600, { mfa: false });

describe('MFA for organisers and admins', () => {
  it('refuses an admin token without MFA with 403 mfa-required, in Vietnamese, and accepts the same admin with it', async () => {
    const sub = app.sub('admin');
    const refused = await app.call('GET', '/v1/admin/parked-records', { token: await withoutMfa(['admin'], sub), headers: { 'accept-language': 'vi' } });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(refused.body).toMatchObject({ code: 'mfa-required', title: 'Cần xác thực hai lớp' });
    expect((await app.call('GET', '/v1/admin/parked-records', { token: await app.token('admin', sub) })).status).toBe(200);
  });

  it('refuses an organiser without MFA a fair, and lets the same person act as a cooperative', async () => {
    const token = await withoutMfa(['cooperative', 'organiser'], app.sub('both'));
    const fair = await app.call('POST', '/v1/fairs', { token, body: fairBody() });
    expect(fair.status).toBe(403);
    expect(fair.body.code).toBe('mfa-required');
    expect((await app.call('POST', '/v1/sellers', { token, body: sellerBody() })).status).toBe(201);
  });

  it('still answers forbidden-role, not mfa-required, when the withheld role would not have helped', async () => {
    const res = await app.call('POST', '/v1/sellers', { token: await withoutMfa(['organiser'], app.sub('org')), body: sellerBody() });
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden-role');
  });

  it('reads amr as API Gateway passes it ("[pwd mfa]") and as an array', () => {
    const event = (claims: Record<string, unknown>) => ({ requestContext: { authorizer: { jwt: { claims: { sub: 's', ...claims } } } } }) as unknown as HttpEvent;
    expect(callerFrom(event({ 'cognito:groups': '[admin retailer]', amr: '[pwd mfa]' }))).toMatchObject({ roles: ['retailer', 'admin'] });
    expect(callerFrom(event({ 'cognito:groups': ['admin'], amr: ['pwd', 'mfa'] }))?.roles).toEqual(['admin']);
    expect(callerFrom(event({ 'cognito:groups': '[admin retailer]', amr: '[pwd]' }))).toMatchObject({ roles: ['retailer'], withheldRoles: ['admin'] });
    expect(callerFrom(event({ 'cognito:groups': '[organiser]' }))).toMatchObject({ roles: [], withheldRoles: ['organiser'] });
  });
});
