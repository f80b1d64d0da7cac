/**
 * Joining: a person signs up (Cognito in AWS, the local runtime's sign-up locally) with no
 * role, asks for one (cooperative or retailer) for an organisation in a province, and an admin
 * of that province's department approves or rejects it. Approval records a `RoleRequestDecided`
 * event; a consumer with nothing but the right to add users to groups puts the person in the
 * group (Cognito `AdminAddUserToGroup` in AWS, a DynamoDB directory locally), and their next
 * token carries it. Organiser and admin roles are never requested: an admin grants them.
 *
 * Province scope: an admin's token may carry `custom:provinces` (space- or comma-separated
 * province codes); such an admin decides only requests for those provinces. An admin without
 * the claim is a national admin and decides for every province.
 */
import * as z from 'zod/mini';
import { adminQueueProvince, isAdmin, ROLES, type Caller } from '#domain/access.ts';
import { ConflictError, ForbiddenError, NotFoundError } from '#domain/errors.ts';
import type { Deps, Page, PageRequest } from '#domain/ports.ts';
import { contact, id, meta, optionalText, pageQuery, provinceField, taxCode, text } from '#domain/schemas.ts';
import { newEntityMeta, nextVersion } from '#domain/versioning.ts';
import { RoleRequestDecided } from '#events/role-request-decided.ts';
import { envelope } from '#domain/event-builders.ts';
import type { Envelope } from '#events/envelope.ts';
import { confirmNewAddresses } from '#domain/alerts.ts';

/** Roles a person may ask for; organiser and admin are granted by an admin only. */
export const REQUESTABLE_ROLES = ['cooperative', 'retailer'] as const;
export const ROLE_REQUEST_STATUSES = ['pending', 'approved', 'rejected'] as const;
export type RoleRequestStatus = (typeof ROLE_REQUEST_STATUSES)[number];

const organisation = z.strictObject({ name: text(200), province: provinceField, taxCode });

export const RoleRequestCreate = z.strictObject({
  role: z.enum(REQUESTABLE_ROLES),
  organisation,
  /** Where to tell the person (and the default for their alert channels). */
  contact: z.optional(z.strictObject({ email: contact.shape.email, phone: contact.shape.phone })),
  lang: z.optional(z.enum(['vi', 'en'])),
  note: optionalText(500),
});

export const RoleGrantCreate = z.strictObject({
  sub: text(128),
  role: z.enum(ROLES),
  note: optionalText(500),
});

export const RoleDecision = z.strictObject({ reason: optionalText(500), version: z.optional(z.int()) });
export const RoleRejection = z.strictObject({ reason: text(500), version: z.optional(z.int()) });

export const RoleRequestQuery = z.strictObject({
  status: z._default(z.enum(ROLE_REQUEST_STATUSES), 'pending'),
  province: z.optional(provinceField),
  ...pageQuery,
});

export const RoleRequestOut = z.object({
  id,
  sub: z.string(),
  role: z.enum(ROLES),
  organisation: z.optional(z.object({ name: z.string(), province: z.string(), taxCode: z.string() })),
  contact: z.optional(z.object({ email: z.optional(z.string()), phone: z.optional(z.string()) })),
  lang: z.enum(['vi', 'en']),
  note: z.optional(z.string()),
  status: z.enum(ROLE_REQUEST_STATUSES),
  /** `request` when the person asked, `grant` when an admin granted the role directly. */
  origin: z.enum(['request', 'grant']),
  reason: z.optional(z.string()),
  decidedBy: z.optional(z.string()),
  decidedAt: z.optional(z.string()),
  ...meta,
});
export type RoleRequest = z.infer<typeof RoleRequestOut>;

/** True when the caller may decide for this province: a national admin, or one scoped to it. */
export const adminCovers = (caller: Caller, province: string) => isAdmin(caller) && (caller.provinces === undefined || caller.provinces.includes(province));

/** A person asks for a role; one pending request at a time, none for a role already held. */
export async function createRoleRequest(deps: Deps, caller: Caller, input: z.infer<typeof RoleRequestCreate>): Promise<RoleRequest> {
  if (caller.roles.includes(input.role)) throw new ConflictError('role-already-held', { role: input.role });
  const request: RoleRequest = {
    ...newEntityMeta(deps.ids.next(), deps.clock.now()),
    sub: caller.sub,
    role: input.role,
    organisation: input.organisation,
    contact: input.contact,
    lang: input.lang ?? 'vi',
    note: input.note,
    status: 'pending',
    origin: 'request',
  };
  await deps.roleRequests.create(request);
  await deps.alertPreferences.initialise(caller.sub, { lang: request.lang, email: input.contact?.email, phone: input.contact?.phone, role: input.role });
  await confirmNewAddresses(deps, caller.sub);
  return request;
}

/** The caller's own requests, newest first. */
export const listMyRoleRequests = (deps: Deps, caller: Caller, page: PageRequest): Promise<Page<RoleRequest>> => deps.roleRequests.listBySub(caller.sub, page);

/**
 * Requests in a status for an admin: a national admin sees every province (or the one asked
 * for); a scoped admin sees their province, and must name one when they cover several.
 */
export async function listRoleRequests(deps: Deps, caller: Caller, q: { status: RoleRequestStatus; province?: string }, page: PageRequest): Promise<Page<RoleRequest>> {
  return deps.roleRequests.listByStatus(q.status, adminQueueProvince(caller, q.province), page);
}

/** Approves or rejects a pending request, if the admin covers its province. */
export async function decideRoleRequest(deps: Deps, caller: Caller, requestId: string, decision: 'approved' | 'rejected', reason: string | undefined, expectedVersion: number | undefined): Promise<RoleRequest> {
  const current = await deps.roleRequests.get(requestId);
  if (!current) throw new NotFoundError('not-found', { resource: 'role-request', id: requestId });
  const province = current.organisation?.province ?? '';
  if (!adminCovers(caller, province)) throw new ForbiddenError('forbidden-province', { province });
  if (current.status !== 'pending') throw new ConflictError('invalid-state', { status: current.status });
  const now = deps.clock.now();
  const next = nextVersion(current, { status: decision, reason, decidedBy: caller.sub, decidedAt: now.toISOString() }, expectedVersion, 'role-request', now);
  await deps.roleRequests.decide(next, [roleRequestDecided(deps, next)]);
  return next;
}

/**
 * An admin grants a role directly (the only way to organiser or admin). Only a national admin
 * may: a department's admin approves requests for its province but does not make organisers.
 */
export async function grantRole(deps: Deps, caller: Caller, input: z.infer<typeof RoleGrantCreate>): Promise<RoleRequest> {
  if (caller.provinces !== undefined) throw new ForbiddenError('forbidden-national-only');
  const now = deps.clock.now();
  const grant: RoleRequest = {
    ...newEntityMeta(deps.ids.next(), now),
    sub: input.sub,
    role: input.role,
    lang: 'vi',
    note: input.note,
    status: 'approved',
    origin: 'grant',
    decidedBy: caller.sub,
    decidedAt: now.toISOString(),
  };
  await deps.roleRequests.create(grant, [roleRequestDecided(deps, grant)]);
  return grant;
}

/** The event recorded with a decision (or a grant); its audience is the person. */
const roleRequestDecided = (deps: Deps, r: RoleRequest): Envelope =>
  envelope(deps, RoleRequestDecided, r.id, { subs: [r.sub] }, {
    requestId: r.id,
    sub: r.sub,
    role: r.role,
    decision: r.status === 'rejected' ? 'rejected' : 'approved',
    reason: r.reason,
    organisationName: r.organisation?.name,
    province: r.organisation?.province,
    decidedBy: r.decidedBy ?? '',
    lang: r.lang,
  });
