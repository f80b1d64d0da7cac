/**
 * The group directory in AWS: Cognito user pool groups. The Lambda that uses it has only
 * `cognito-idp:AdminAddUserToGroup` on the pool (infra/joining.ts). With e-mail or phone as
 * sign-in aliases, Cognito's user name is the user's `sub`, which is what we store.
 */
import { AdminAddUserToGroupCommand, CognitoIdentityProviderClient } from '@aws-sdk/client-cognito-identity-provider';
import type { GroupDirectory } from '#domain/ports.ts';

export function cognitoGroupDirectory(userPoolId: string, region: string): GroupDirectory {
  const client = new CognitoIdentityProviderClient({ region });
  return {
    async addToGroup(sub, role) {
      await client.send(new AdminAddUserToGroupCommand({ UserPoolId: userPoolId, Username: sub, GroupName: role }));
    },
    groupsOf() {
      // Tokens carry the groups in AWS; this Lambda has no right to read them and needs not.
      return Promise.reject(new Error('groupsOf is not available with only AdminAddUserToGroup'));
    },
  };
}
