/**
 * Lambda entry on the EventBridge rule for `RoleRequestDecided`: puts an approved person in the
 * Cognito group. Its role may only call AdminAddUserToGroup; it reads no table.
 */
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import * as z from 'zod/mini';
import { applyRoleDecision } from '#domain/role-decisions.ts';
import type { Envelope } from '#events/envelope.ts';
import { cognitoGroupDirectory } from '#functions/joining/cognito-groups.ts';

const env = z.object({ USER_POOL_ID: z.string().check(z.minLength(1)), AWS_REGION: z._default(z.string(), 'ap-southeast-1') }).parse(process.env);
const groups = cognitoGroupDirectory(env.USER_POOL_ID, env.AWS_REGION);

export const handler = middy<EventBridgeEvent<string, Envelope>, void>().handler(async (event) => {
  await applyRoleDecision(groups, event.detail);
});
