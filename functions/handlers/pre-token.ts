/**
 * Lambda entry for the user pool's pre token generation trigger (event version V2_0, which may
 * change access tokens; it needs the Essentials or Plus feature plan, infra/data-stack.ts).
 *
 * The portal sends the access token to the API. Cognito puts `cognito:groups` in it but neither
 * custom attributes nor `amr`, which are what `callerFrom` needs for an admin's province scope
 * and for the second factor that organisers and admins must prove (domain/access.ts,
 * MFA_ROLES). This trigger adds them to the access token ({@link accessTokenClaims}):
 *
 * - `custom:provinces`, copied from the user's attribute (users cannot write it: the app client
 *   does not allow it);
 * - `ketnoi:mfa` = `'true'` when the user has TOTP MFA enabled. The event does not say how the
 *   user signed in, and Cognito refuses to set `amr` from a trigger. But the pool's MFA is
 *   OPTIONAL with TOTP only and no device remembering, and with optional MFA Cognito challenges
 *   every user who has enabled it at every sign-in, so "TOTP enabled" means "this sign-in passed
 *   a second factor". On a refresh the trigger runs again: someone who enabled TOTP after a
 *   password-only sign-in then gets the claim, but enabling it took a code from the
 *   authenticator (VerifySoftwareToken) in that same session, so the second factor was shown.
 *   The setting comes from AdminGetUser (`UserMFASettingList` lists `SOFTWARE_TOKEN_MFA`), the
 *   only permission this function has (infra/data-stack.ts).
 *
 * AdminGetUser is called only for members of an organiser or admin group: for everyone else the
 * API never looks at the claim, and sign-in stays one Cognito call shorter. If it fails, the
 * token goes out without the claim: organisers and admins then get 403 `mfa-required` until
 * they sign in again, and no one is locked out of signing in because of it.
 */
import { AdminGetUserCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import middy from '@middy/core';
import type { PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { accessTokenClaims, holdsMfaRole } from '#functions/http/claims.ts';
import { logger, observed } from '#functions/observability.ts';

const cognito = new CognitoIdentityProviderClient({ region: process.env.AWS_REGION });

/** True when the user has TOTP MFA enabled; false (and a warning) when Cognito cannot say. */
async function totpEnabled(userPoolId: string, userName: string): Promise<boolean> {
  try {
    const user = await cognito.send(new AdminGetUserCommand({ UserPoolId: userPoolId, Username: userName }));
    return user.UserMFASettingList?.includes('SOFTWARE_TOKEN_MFA') ?? false;
  } catch (error) {
    logger.warn('AdminGetUser failed: the access token goes out without the MFA claim', { error: error as Error });
    return false;
  }
}

export const handler = observed(
  middy<PreTokenGenerationV2TriggerEvent, PreTokenGenerationV2TriggerEvent>().handler(async (event) => {
    const mfa = holdsMfaRole(event.request.groupConfiguration.groupsToOverride) && (await totpEnabled(event.userPoolId, event.userName));
    event.response = {
      claimsAndScopeOverrideDetails: { accessTokenGeneration: { claimsToAddOrOverride: accessTokenClaims(event.request.userAttributes, mfa) } },
    };
    return event;
  }),
);
