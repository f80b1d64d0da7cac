/**
 * Joining end to end on the local runtime: sign-up gives a person with no role, who can read the
 * marketplace and ask for a role; an admin of the request's province (and only of it) approves
 * or rejects; the approval reaches the group directory through the event flow, and a fresh
 * token from the local sign-in carries the group.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signDevToken } from '#infra/local/auth.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { sellerBody } from '#test/support/fixtures.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp('joining');
});
afterAll(async () => {
  await app.stop();
});

const adminOf = (sub: string, provinces?: string[]) => signDevToken(app.runtime.secrets, app.sub(sub), ['admin'], 3600, provinces ? { provinces } : {});

async function signUp(contact: Record<string, string>): Promise<{ sub: string; token: string }> {
  const res = await app.call('POST', '/v1/local/sign-up', { body: contact });
  expect(res.status).toBe(201);
  return res.body;
}

async function signIn(sub: string): Promise<{ token: string; groups: string[] }> {
  const res = await app.call('POST', '/v1/local/sign-in', { body: { sub } });
  expect(res.status).toBe(200);
  return res.body;
}

const requestBody = (over: Record<string, unknown> = {}) => ({
  role: 'cooperative',
  organisation: { name: 'HTX Vải thiều Phúc Lộc', province: 'Bắc Giang', taxCode: '0100109106' },
  contact: { phone: '0912 345 678' },
  lang: 'vi',
  ...over,
});

describe('a person who signed up and has no role yet', () => {
  it('reads the marketplace and nothing else but their own account', async () => {
    const { token } = await signUp({ email: 'an@example.vn' });
    expect((await app.call('GET', '/v1/listings?product=vai-thieu', { token })).status).toBe(200);
    expect((await app.call('GET', '/v1/fairs?province=hai-phong', { token })).status).toBe(200);
    expect((await app.call('GET', '/v1/notifications', { token })).status).toBe(200);
    expect((await app.call('POST', '/v1/sellers', { token, body: sellerBody() })).status).toBe(403);
    expect((await app.call('GET', '/v1/stats?province=hai-phong', { token })).status).toBe(403);
    expect((await app.call('GET', '/v1/admin/role-requests', { token })).status).toBe(403);
  });

  it('may not ask for the organiser or admin role', async () => {
    const { token } = await signUp({ email: 'org@example.vn' });
    const res = await app.call('POST', '/v1/role-requests', { token, body: requestBody({ role: 'organiser' }) });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].path).toBe('role');
  });
});

describe('a role request', () => {
  it('is pending, approved by the admin of its province, refused to another province’s admin, and the group then works', async () => {
    const person = await signUp({ phone: '0912345678' });
    const created = await app.call('POST', '/v1/role-requests', { token: person.token, body: requestBody() });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ status: 'pending', role: 'cooperative', sub: person.sub, organisation: { province: 'bac-ninh' } });
    const again = await app.call('POST', '/v1/role-requests', { token: person.token, body: requestBody() });
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('role-request-pending');

    const haiPhong = await adminOf('admin-hai-phong', ['hai-phong']);
    const bacNinh = await adminOf('admin-bac-ninh', ['bac-ninh']);
    const otherQueue = await app.call('GET', '/v1/admin/role-requests', { token: haiPhong });
    expect(otherQueue.status).toBe(200);
    expect(otherQueue.body.items.map((r: { id: string }) => r.id)).not.toContain(created.body.id);
    expect((await app.call('GET', '/v1/admin/role-requests?province=bac-ninh', { token: haiPhong })).status).toBe(403);
    const refused = await app.call('POST', `/v1/admin/role-requests/${created.body.id}/approve`, { token: haiPhong, headers: { 'if-match': '"1"' } });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe('forbidden-province');

    const queue = await app.call('GET', '/v1/admin/role-requests', { token: bacNinh });
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(created.body.id);
    const approved = await app.call('POST', `/v1/admin/role-requests/${created.body.id}/approve`, { token: bacNinh, headers: { 'if-match': '"1"' } });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', decidedBy: app.sub('admin-bac-ninh'), version: 2 });
    const twice = await app.call('POST', `/v1/admin/role-requests/${created.body.id}/approve`, { token: bacNinh, headers: { 'if-match': '"2"' } });
    expect(twice.status).toBe(409);

    // The old token has no group; the decision travels the event flow to the group directory.
    expect((await app.call('POST', '/v1/sellers', { token: person.token, body: sellerBody() })).status).toBe(403);
    await app.runtime.stream.settle();
    const fresh = await signIn(person.sub);
    expect(fresh.groups).toEqual(['cooperative']);
    expect((await app.call('POST', '/v1/sellers', { token: fresh.token, body: sellerBody() })).status).toBe(201);

    const inbox = await app.call('GET', '/v1/notifications', { token: fresh.token, headers: { 'accept-language': 'vi' } });
    expect(inbox.body.items).toEqual([expect.objectContaining({ type: 'role-request-decided', title: 'Yêu cầu tham gia đã được duyệt' })]);
    const mine = await app.call('GET', '/v1/me/role-requests', { token: fresh.token });
    expect(mine.body.items).toEqual([expect.objectContaining({ id: created.body.id, status: 'approved' })]);
  });

  it('is decided by a national admin for any province', async () => {
    const person = await signUp({ email: 'mua@example.vn' });
    const created = await app.call('POST', '/v1/role-requests', { token: person.token, body: requestBody({ role: 'retailer', organisation: { name: 'Siêu thị Phố Xanh', province: 'Cần Thơ', taxCode: '0100109106' } }) });
    const national = await adminOf('admin-national');
    const queue = await app.call('GET', '/v1/admin/role-requests?province=can-tho', { token: national });
    expect(queue.body.items.map((r: { id: string }) => r.id)).toContain(created.body.id);
    const approved = await app.call('POST', `/v1/admin/role-requests/${created.body.id}/approve`, { token: national, body: { version: 1 } });
    expect(approved.status).toBe(200);
    await app.runtime.stream.settle();
    expect((await signIn(person.sub)).groups).toEqual(['retailer']);
  });

  it('rejected with a reason leaves the person without a role and tells them why', async () => {
    const person = await signUp({ email: 'tu-choi@example.vn' });
    const created = await app.call('POST', '/v1/role-requests', { token: person.token, body: requestBody({ role: 'retailer', organisation: { name: 'Cửa hàng Hải Âu', province: 'Hải Dương', taxCode: '0100109106' }, lang: 'en' }) });
    expect(created.body.organisation.province).toBe('hai-phong');
    const haiPhong = await adminOf('admin-hai-phong', ['hai-phong']);
    const noReason = await app.call('POST', `/v1/admin/role-requests/${created.body.id}/reject`, { token: haiPhong, body: { version: 1 } });
    expect(noReason.status).toBe(400);
    const rejected = await app.call('POST', `/v1/admin/role-requests/${created.body.id}/reject`, { token: haiPhong, body: { version: 1, reason: 'Mã số thuế không khớp tên' } });
    expect(rejected.status).toBe(200);
    expect(rejected.body).toMatchObject({ status: 'rejected', reason: 'Mã số thuế không khớp tên' });
    await app.runtime.stream.settle();
    const fresh = await signIn(person.sub);
    expect(fresh.groups).toEqual([]);
    const inbox = await app.call('GET', '/v1/notifications', { token: fresh.token });
    expect(inbox.body.items[0]).toMatchObject({ type: 'role-request-decided', title: 'Your request to join was declined' });
    expect(inbox.body.items[0].body).toContain('Mã số thuế không khớp tên');
    // With the decision made the person may ask again.
    expect((await app.call('POST', '/v1/role-requests', { token: fresh.token, body: requestBody() })).status).toBe(201);
  });
});

describe('granting a role directly', () => {
  it('is for national admins only and is how someone becomes an organiser', async () => {
    const person = await signUp({ email: 'so-cong-thuong@example.vn' });
    const scoped = await adminOf('admin-bac-ninh', ['bac-ninh']);
    const refused = await app.call('POST', '/v1/admin/role-grants', { token: scoped, body: { sub: person.sub, role: 'organiser' } });
    expect(refused.status).toBe(403);
    const national = await adminOf('admin-national');
    const granted = await app.call('POST', '/v1/admin/role-grants', { token: national, body: { sub: person.sub, role: 'organiser' } });
    expect(granted.status).toBe(201);
    expect(granted.body).toMatchObject({ status: 'approved', origin: 'grant', role: 'organiser' });
    await app.runtime.stream.settle();
    const fresh = await signIn(person.sub);
    expect(fresh.groups).toEqual(['organiser']);
  });
});
