import { describe, expect, it } from 'vitest';
import { accessTokenClaims, CLAIM, holdsMfaRole } from '#functions/http/claims.ts';

describe('accessTokenClaims', () => {
  it('copies a scoped admin’s custom:provinces attribute into the access token as it is', () => {
    const claims = accessTokenClaims({ sub: 'u-1', email: 'a@example.vn', 'custom:provinces': 'bac-ninh,hai-phong' }, false);
    expect(claims).toEqual({ 'custom:provinces': 'bac-ninh,hai-phong' });
  });

  it('adds no provinces claim for a user without the attribute (a national admin) or with it empty', () => {
    expect(accessTokenClaims({ sub: 'u-1', email: 'a@example.vn' }, false)).toEqual({});
    expect(accessTokenClaims({ sub: 'u-1', 'custom:provinces': '' }, false)).toEqual({});
  });

  it('adds ketnoi:mfa "true" only when the user has TOTP MFA enabled', () => {
    expect(accessTokenClaims({ sub: 'u-1' }, true)).toEqual({ 'ketnoi:mfa': 'true' });
    expect(accessTokenClaims({ sub: 'u-1' }, false)).not.toHaveProperty(CLAIM.mfa);
  });

  it('carries both claims for a scoped admin with MFA, and never copies other attributes', () => {
    const claims = accessTokenClaims({ sub: 'u-1', phone_number: '+84901234567', 'custom:provinces': 'bac-ninh', 'cognito:user_status': 'CONFIRMED' }, true);
    expect(claims).toEqual({ 'custom:provinces': 'bac-ninh', 'ketnoi:mfa': 'true' });
  });
});

describe('holdsMfaRole', () => {
  it('is true for members of the organiser or admin group and false for everyone else', () => {
    expect(holdsMfaRole(['cooperative', 'admin'])).toBe(true);
    expect(holdsMfaRole(['organiser'])).toBe(true);
    expect(holdsMfaRole(['cooperative', 'retailer'])).toBe(false);
    expect(holdsMfaRole(['Admin', 'admins'])).toBe(false);
    expect(holdsMfaRole([])).toBe(false);
    expect(holdsMfaRole(undefined)).toBe(false);
  });
});
