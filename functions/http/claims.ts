/**
 * The token claims the API reads beyond `sub`, named once for the code that reads them
 * (`callerFrom` in functions/http/handler.ts), the Cognito trigger that writes them into access
 * tokens (functions/handlers/pre-token.ts) and the local runtime's dev tokens (infra/local/auth.ts).
 */
import { MFA_ROLES } from '#domain/access.ts';

export const CLAIM = {
  /** The roles: Cognito puts the groups in ID and access tokens alike. */
  groups: 'cognito:groups',
  /**
   * An admin's province scope: the user attribute of that name. Cognito puts custom attributes
   * in ID tokens only; the pre token generation trigger copies it into access tokens.
   */
  provinces: 'custom:provinces',
  /** OpenID authentication methods; lists `mfa` after a second factor (in Cognito ID tokens, not access tokens). */
  amr: 'amr',
  /**
   * Ours: `'true'` when the access token's holder passed a second factor. Written by the pre
   * token generation trigger, because Cognito will not let a trigger set `amr` and does not put
   * it in access tokens.
   */
  mfa: 'ketnoi:mfa',
} as const;

/** The value of {@link CLAIM.mfa} that proves a second factor (any other value proves nothing). */
export const MFA_CLAIM_TRUE = 'true';

/**
 * The claims the pre token generation trigger adds to an access token: the user's
 * `custom:provinces` attribute when it has one (absent: a national admin, as before), and
 * {@link CLAIM.mfa} when the user has TOTP MFA enabled (see the trigger for why that means this
 * sign-in passed a second factor).
 */
export function accessTokenClaims(userAttributes: Readonly<Record<string, string | undefined>>, mfaEnabled: boolean): Record<string, string> {
  const provinces = userAttributes[CLAIM.provinces];
  return {
    ...(provinces ? { [CLAIM.provinces]: provinces } : {}),
    ...(mfaEnabled ? { [CLAIM.mfa]: MFA_CLAIM_TRUE } : {}),
  };
}

/**
 * True when a member of these groups holds a role that needs proof of MFA; for anyone else
 * the trigger need not ask Cognito about their MFA settings (the API would not look).
 */
export function holdsMfaRole(groups: readonly string[] | undefined): boolean {
  return (groups ?? []).some((g) => (MFA_ROLES as readonly string[]).includes(g));
}
