/**
 * The pre token generation trigger as Cognito invokes it (a V2_0 event), with the real AWS SDK
 * talking to a stand-in for Cognito's AdminGetUser on localhost (there is no Cognito emulator
 * here): which claims land in the access token, and when Cognito is asked at all.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Context, PreTokenGenerationV2TriggerEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';

/** AdminGetUser answers by user name; anyone else is not found. */
const USERS: Record<string, { UserMFASettingList?: string[] }> = {
  'admin-totp': { UserMFASettingList: ['SOFTWARE_TOKEN_MFA'] },
  'organiser-sms-only': { UserMFASettingList: ['SMS_MFA'] },
  'admin-no-mfa': {},
};
const calls: { target: string; body: { UserPoolId: string; Username: string } }[] = [];
let server: Server;
let handler: (event: PreTokenGenerationV2TriggerEvent, context: Context) => Promise<PreTokenGenerationV2TriggerEvent>;

const read = async (req: IncomingMessage) => {
  let text = '';
  for await (const chunk of req) text += chunk;
  return JSON.parse(text) as { UserPoolId: string; Username: string };
};

beforeAll(async () => {
  server = createServer((req, res) => {
    void read(req).then((body) => {
      calls.push({ target: String(req.headers['x-amz-target']), body });
      const user = USERS[body.Username];
      res.setHeader('content-type', 'application/x-amz-json-1.1');
      if (!user) {
        res.statusCode = 400;
        res.end(JSON.stringify({ __type: 'UserNotFoundException', message: 'User does not exist.' }));
        return;
      }
      res.end(JSON.stringify({ Username: body.Username, UserAttributes: [], Enabled: true, UserStatus: 'CONFIRMED', ...user }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  process.env.AWS_REGION = 'ap-southeast-1';
  process.env.AWS_ACCESS_KEY_ID = 'test';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  // The failure case logs a warning by design; keep the test output to failures.
  process.env.LOG_LEVEL = 'ERROR';
  ({ handler } = (await import('#functions/handlers/pre-token.ts')) as unknown as { handler: typeof handler });
});

afterAll(async () => {
  await new Promise<void>((resolve, reject) => server.close((e) => (e ? reject(e) : resolve())));
  delete process.env.AWS_ENDPOINT_URL_COGNITO_IDENTITY_PROVIDER;
});

beforeEach(() => {
  calls.length = 0;
});

const context = {
  functionName: 'PreTokenFunction',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:ap-southeast-1:111111111111:function:PreTokenFunction',
  memoryLimitInMB: '512',
  awsRequestId: 'req-1',
  getRemainingTimeInMillis: () => 5000,
} as unknown as Context;

/** A V2_0 event as Cognito sends it at a managed-login sign-in. */
const event = (userName: string, groups: string[], userAttributes: Record<string, string> = {}): PreTokenGenerationV2TriggerEvent => ({
  version: '2',
  triggerSource: 'TokenGeneration_HostedAuth',
  region: 'ap-southeast-1',
  userPoolId: 'ap-southeast-1_pool',
  userName,
  callerContext: { awsSdkVersion: 'aws-sdk-unknown-unknown', clientId: 'client' },
  request: { userAttributes: { sub: userName, ...userAttributes }, groupConfiguration: { groupsToOverride: groups, iamRolesToOverride: [] }, scopes: ['openid'] },
  response: { claimsAndScopeOverrideDetails: {} },
});

const accessClaims = (result: PreTokenGenerationV2TriggerEvent) => result.response.claimsAndScopeOverrideDetails.accessTokenGeneration?.claimsToAddOrOverride;

describe('the pre token generation trigger', () => {
  it('adds ketnoi:mfa and the province scope to a TOTP admin’s access token, asking Cognito about that user in that pool', async () => {
    const result = await handler(event('admin-totp', ['admin'], { 'custom:provinces': 'bac-ninh' }), context);
    expect(accessClaims(result)).toEqual({ 'custom:provinces': 'bac-ninh', 'ketnoi:mfa': 'true' });
    expect(result.response.claimsAndScopeOverrideDetails.idTokenGeneration).toBeUndefined();
    expect(calls).toEqual([{ target: 'AWSCognitoIdentityProviderService.AdminGetUser', body: { UserPoolId: 'ap-southeast-1_pool', Username: 'admin-totp' } }]);
  });

  it('adds no MFA claim for an organiser or admin without TOTP enabled', async () => {
    expect(accessClaims(await handler(event('admin-no-mfa', ['admin']), context))).toEqual({});
    expect(accessClaims(await handler(event('organiser-sms-only', ['organiser']), context))).toEqual({});
    expect(calls).toHaveLength(2);
  });

  it('issues the token without the MFA claim when Cognito cannot say, rather than failing the sign-in', async () => {
    const result = await handler(event('vanished', ['admin'], { 'custom:provinces': 'hai-phong' }), context);
    expect(accessClaims(result)).toEqual({ 'custom:provinces': 'hai-phong' });
    expect(calls).toHaveLength(1);
  });

  it('does not ask Cognito for people without an organiser or admin group', async () => {
    expect(accessClaims(await handler(event('admin-totp', ['cooperative', 'retailer']), context))).toEqual({});
    expect(accessClaims(await handler(event('admin-totp', []), context))).toEqual({});
    expect(calls).toEqual([]);
  });
});
