/** Routes for joining: role requests, their decisions by province admins, and direct grants. */
import * as z from 'zod/mini';
import {
  createRoleRequest,
  decideRoleRequest,
  grantRole,
  listMyRoleRequests,
  listRoleRequests,
  RoleDecision,
  RoleGrantCreate,
  RoleRejection,
  RoleRequestCreate,
  RoleRequestOut,
  RoleRequestQuery,
  type RoleRequest,
} from '#domain/role-requests.ts';
import { id, page, pageQuery } from '#domain/schemas.ts';
import { route } from '#functions/http/route.ts';
import { locationOf, pageOf } from '#functions/routes/params.ts';

const requestParams = z.strictObject({ requestId: id });

export const joiningRoutes = [
  route({
    operationId: 'createRoleRequest',
    method: 'POST',
    path: '/v1/role-requests',
    tag: 'Joining',
    summary: 'Ask for the cooperative or retailer role for an organisation; pending until an admin of its province decides',
    body: RoleRequestCreate,
    success: { status: 201, description: 'The pending request', schema: RoleRequestOut },
    errors: [400, 401, 409],
    answer: { resource: 'role-request', result: (r: RoleRequest) => ({ body: r, headers: locationOf(`/v1/me/role-requests`) }) },
    handle: async ({ caller, body }, deps) => {
      const r = await createRoleRequest(deps, caller, body);
      return { body: r, headers: locationOf(`/v1/me/role-requests`) };
    },
  }),
  route({
    operationId: 'listMyRoleRequests',
    method: 'GET',
    path: '/v1/me/role-requests',
    tag: 'Joining',
    summary: 'Your role requests and their decisions',
    query: z.strictObject(pageQuery),
    success: { status: 200, description: 'One page of your requests', schema: page(RoleRequestOut) },
    errors: [400, 401],
    handle: async ({ caller, query }, deps) => ({ body: await listMyRoleRequests(deps, caller, pageOf(query)) }),
  }),
  route({
    operationId: 'listRoleRequests',
    method: 'GET',
    path: '/v1/admin/role-requests',
    tag: 'Joining',
    summary: 'Role requests for the provinces you act for (all, for a national admin), pending by default, oldest first',
    query: RoleRequestQuery,
    success: { status: 200, description: 'One page of requests', schema: page(RoleRequestOut) },
    errors: [400, 401, 403],
    handle: async ({ caller, query }, deps) => ({ body: await listRoleRequests(deps, caller, query, pageOf(query)) }),
  }),
  route({
    operationId: 'approveRoleRequest',
    method: 'POST',
    path: '/v1/admin/role-requests/{requestId}/approve',
    tag: 'Joining',
    summary: 'Approve a pending request of your province: the person joins the group and is told',
    params: requestParams,
    body: RoleDecision,
    success: { status: 200, description: 'The approved request', schema: RoleRequestOut },
    errors: [400, 401, 403, 404, 409, 412],
    versionRequired: true,
    answer: { resource: 'role-request', result: (r: RoleRequest) => ({ body: r }) },
    handle: async ({ caller, params, body, ifMatch }, deps) => ({ body: await decideRoleRequest(deps, caller, params.requestId, 'approved', body.reason, body.version ?? ifMatch) }),
  }),
  route({
    operationId: 'rejectRoleRequest',
    method: 'POST',
    path: '/v1/admin/role-requests/{requestId}/reject',
    tag: 'Joining',
    summary: 'Reject a pending request of your province, with a reason the person is told',
    params: requestParams,
    body: RoleRejection,
    success: { status: 200, description: 'The rejected request', schema: RoleRequestOut },
    errors: [400, 401, 403, 404, 409, 412],
    versionRequired: true,
    answer: { resource: 'role-request', result: (r: RoleRequest) => ({ body: r }) },
    handle: async ({ caller, params, body, ifMatch }, deps) => ({ body: await decideRoleRequest(deps, caller, params.requestId, 'rejected', body.reason, body.version ?? ifMatch) }),
  }),
  route({
    operationId: 'grantRole',
    method: 'POST',
    path: '/v1/admin/role-grants',
    tag: 'Joining',
    summary: 'Grant a role directly (the only way to organiser or admin); national admins only',
    body: RoleGrantCreate,
    success: { status: 201, description: 'The grant, recorded as an approved request', schema: RoleRequestOut },
    errors: [400, 401, 403],
    answer: { resource: 'role-request', result: (r: RoleRequest) => ({ body: r }) },
    handle: async ({ caller, body }, deps) => ({ body: await grantRole(deps, caller, body) }),
  }),
];
