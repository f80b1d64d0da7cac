/**
 * Who may call what: the single role x operation table. The HTTP layer enforces the roles
 * before a use case runs; use cases enforce ownership with {@link assertOwner}. The
 * authorization test suite is generated from this table, so an operation without a rule
 * fails CI.
 */
import { fieldIssue, ForbiddenError, NotFoundError, ValidationError } from '#domain/errors.ts';

export const ROLES = ['cooperative', 'retailer', 'organiser', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** The signed-in user as the API gateway's JWT authorizer (or the local runtime) saw it. */
export interface Caller {
  sub: string;
  roles: Role[];
  /**
   * The provinces (codes) an admin acts for, from the token's `custom:provinces` claim; absent
   * for a national admin (and for everyone else). See domain/role-requests.ts.
   */
  provinces?: string[];
  /**
   * Roles the person holds but may not use in this request: the token does not prove a second
   * factor, which {@link MFA_ROLES} need. Absent when nothing was withheld.
   */
  withheldRoles?: Role[];
}

/** Roles that act only after signing in with a second factor (MFA); optional for the others. */
export const MFA_ROLES: readonly Role[] = ['organiser', 'admin'];

/** The roles a token may use: without proof of MFA, {@link MFA_ROLES} are withheld. */
export function usableRoles(roles: Role[], mfa: boolean): Pick<Caller, 'roles' | 'withheldRoles'> {
  if (mfa) return { roles };
  const withheld = roles.filter((r) => MFA_ROLES.includes(r));
  return withheld.length ? { roles: roles.filter((r) => !MFA_ROLES.includes(r)), withheldRoles: withheld } : { roles };
}

/**
 * - `public`: no token needed.
 * - `roles`: the roles that may call it. Admin is listed explicitly where it may.
 * - `owner`: the resource kind whose owner alone (plus admin when listed) may act; a signed-in
 *   user of an allowed role who is not the owner gets 403, or 404 when `hideFromOthers`.
 * - `withoutRole`: a signed-in person with no approved role yet (self sign-up, request pending)
 *   may call it too: the marketplace reads, their own role requests, inbox and alert settings.
 */
export type AccessRule =
  | { public: true }
  | { roles: readonly Role[]; owner?: OwnedKind; hideFromOthers?: boolean; withoutRole?: boolean };

export type OwnedKind = 'seller' | 'buyer' | 'listing' | 'demand' | 'fair' | 'booking' | 'match' | 'webhook' | 'notification' | 'role-request';

const PUBLIC = { public: true } as const;
const SIGNED_IN: readonly Role[] = ROLES;
/** Marketplace reads and one's own account: also open to a person whose role request is pending. */
const ANYONE_SIGNED_IN = { roles: SIGNED_IN, withoutRole: true } as const;

export const ACCESS = {
  getHealth: PUBLIC,
  getOpenApi: PUBLIC,
  getDocs: PUBLIC,
  listProvinces: PUBLIC,
  listProducts: PUBLIC,

  createSeller: { roles: ['cooperative'] },
  getSeller: ANYONE_SIGNED_IN,
  updateSeller: { roles: ['cooperative'], owner: 'seller' },

  createListing: { roles: ['cooperative'], owner: 'seller' },
  getListing: ANYONE_SIGNED_IN,
  updateListing: { roles: ['cooperative'], owner: 'listing' },
  withdrawListing: { roles: ['cooperative'], owner: 'listing' },
  searchListings: ANYONE_SIGNED_IN,

  createBuyer: { roles: ['retailer'] },
  getBuyer: ANYONE_SIGNED_IN,
  updateBuyer: { roles: ['retailer'], owner: 'buyer' },

  createDemand: { roles: ['retailer'], owner: 'buyer' },
  getDemand: ANYONE_SIGNED_IN,
  updateDemand: { roles: ['retailer'], owner: 'demand' },
  withdrawDemand: { roles: ['retailer'], owner: 'demand' },
  searchDemands: ANYONE_SIGNED_IN,

  createFair: { roles: ['organiser'] },
  // Drafts are hidden (404) from everyone but their organiser and admins; see getFair.
  getFair: ANYONE_SIGNED_IN,
  updateFair: { roles: ['organiser'], owner: 'fair' },
  publishFair: { roles: ['organiser'], owner: 'fair' },
  cancelFair: { roles: ['organiser'], owner: 'fair' },
  searchFairs: ANYONE_SIGNED_IN,

  bookBooth: { roles: ['cooperative'], owner: 'seller' },
  listBookings: { roles: ['organiser', 'admin'], owner: 'fair' },
  cancelBooking: { roles: ['cooperative', 'organiser'], owner: 'booking' },
  updateBooking: { roles: ['organiser'], owner: 'fair' },
  approveBooking: { roles: ['organiser'], owner: 'fair' },
  rejectBooking: { roles: ['organiser'], owner: 'fair' },

  listingMatches: { roles: ['cooperative', 'admin'], owner: 'listing' },
  demandMatches: { roles: ['retailer', 'admin'], owner: 'demand' },
  listingNearMisses: { roles: ['cooperative', 'admin'], owner: 'listing' },
  demandNearMisses: { roles: ['retailer', 'admin'], owner: 'demand' },
  getMatch: { roles: ['cooperative', 'retailer', 'admin'], owner: 'match', hideFromOthers: true },
  acceptMatch: { roles: ['cooperative', 'retailer'], owner: 'match', hideFromOthers: true },
  declineMatch: { roles: ['cooperative', 'retailer'], owner: 'match', hideFromOthers: true },
  fairSuggestions: { roles: ['cooperative', 'admin'], owner: 'seller' },
  getStats: { roles: ['organiser', 'admin'] },

  listNotifications: ANYONE_SIGNED_IN,
  markNotificationRead: { roles: SIGNED_IN, owner: 'notification', hideFromOthers: true, withoutRole: true },

  // webhooks: a profile's owner manages its endpoints; an endpoint is invisible (404) to others.
  createSellerWebhook: { roles: ['cooperative'], owner: 'seller' },
  listSellerWebhooks: { roles: ['cooperative'], owner: 'seller' },
  createBuyerWebhook: { roles: ['retailer'], owner: 'buyer' },
  listBuyerWebhooks: { roles: ['retailer'], owner: 'buyer' },
  deleteWebhook: { roles: ['cooperative', 'retailer'], owner: 'webhook', hideFromOthers: true },
  rotateWebhookSecret: { roles: ['cooperative', 'retailer'], owner: 'webhook', hideFromOthers: true },
  listWebhookDeliveries: { roles: ['cooperative', 'retailer'], owner: 'webhook', hideFromOthers: true },
  retryWebhookDelivery: { roles: ['cooperative', 'retailer'], owner: 'webhook', hideFromOthers: true },

  // operations: stream records that failed every attempt, parked for inspection and replay.
  listParkedRecords: { roles: ['admin'] },
  replayParkedRecord: { roles: ['admin'] },
  // joining (domain/role-requests.ts): anyone signed in asks; admins decide, within their provinces.
  createRoleRequest: ANYONE_SIGNED_IN,
  listMyRoleRequests: ANYONE_SIGNED_IN,
  listRoleRequests: { roles: ['admin'] },
  approveRoleRequest: { roles: ['admin'] },
  rejectRoleRequest: { roles: ['admin'] },
  grantRole: { roles: ['admin'] },
  // alerts (domain/alerts.ts): one's own channels; unsubscribe links work without signing in.
  getAlertPreferences: ANYONE_SIGNED_IN,
  updateAlertPreferences: ANYONE_SIGNED_IN,
  listAlertDeliveries: ANYONE_SIGNED_IN,
  confirmAlertAddress: ANYONE_SIGNED_IN,
  sendAlertCode: ANYONE_SIGNED_IN,
  unsubscribePage: PUBLIC,
  unsubscribe: PUBLIC,
  // my things: each lists only the caller's own, so there is no one else's to hide.
  getMe: { roles: SIGNED_IN },
  listSellers: { roles: ['cooperative'] },
  listBuyers: { roles: ['retailer'] },
  myMatches: { roles: ['cooperative', 'retailer'] },
  myBookings: { roles: ['cooperative'] },
  // The department (admin) alone vouches for a certificate.
  verifyCertification: { roles: ['admin'] },
  listPendingCertifications: { roles: ['admin'] },
} as const satisfies Record<string, AccessRule>;

export type OperationId = keyof typeof ACCESS;

/** True when the caller is an admin (who reads everything). */
export const isAdmin = (caller: Caller) => caller.roles.includes('admin');

/** An `ownerId` is a Cognito user id, personal data: only that user and admins see it. */
export const ownerIdVisibleTo = (caller: Caller, ownerId: string) => caller.sub === ownerId || isAdmin(caller);

/**
 * Throws unless the caller owns the resource. Admin passes for reads. With `hide`, a
 * non-owner gets 404 so that the resource's existence does not leak.
 */
export function assertOwner(
  caller: Caller,
  ownerIds: string | readonly string[],
  resource: OwnedKind,
  opts: { id: string; adminMay?: boolean; hide?: boolean },
): void {
  const owners = typeof ownerIds === 'string' ? [ownerIds] : ownerIds;
  if (owners.includes(caller.sub)) return;
  if (opts.adminMay && isAdmin(caller)) return;
  if (opts.hide) throw new NotFoundError('not-found', { resource, id: opts.id });
  throw new ForbiddenError('forbidden-owner', { resource });
}

/** Whether a role may call an operation at all (ownership aside). */
export function roleMayCall(operationId: OperationId, roles: readonly Role[]): boolean {
  const rule: AccessRule = ACCESS[operationId];
  if ('public' in rule) return true;
  if (roles.length === 0) return rule.withoutRole === true;
  return roles.some((r) => rule.roles.includes(r));
}

/**
 * The province an admin's queue is read for: the one asked for, if the admin covers it; a
 * scoped admin's only province when none is asked for (one covering several must name one);
 * undefined — every province — for a national admin who names none.
 */
export function adminQueueProvince(caller: Caller, asked: string | undefined): string | undefined {
  if (caller.provinces === undefined) return asked;
  if (asked === undefined) {
    if (caller.provinces.length !== 1) throw new ValidationError([fieldIssue('province', 'province-scope-required')]);
    return caller.provinces[0];
  }
  if (!caller.provinces.includes(asked)) throw new ForbiddenError('forbidden-province', { province: asked });
  return asked;
}
