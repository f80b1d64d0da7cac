/**
 * Lambda entry subscribed (EventBridge rule) to this service's own events on the bus: inbox
 * notifications and webhook deliveries (see `functions/consumers/inbox-and-webhooks.ts`).
 */
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { useInstanceCursorKey } from '#functions/instance-cursor-key.ts';
import { deps } from '#functions/deps.ts';
import { ALL_REPOSITORIES } from '#functions/repositories.ts';
import { handleEvent } from '#functions/consumers/inbox-and-webhooks.ts';
import { observed } from '#functions/observability.ts';
import { traceClient, traced } from '#functions/tracing.ts';
import { kmsKeyWrapper } from '#functions/webhooks/kms-key-wrapper.ts';
import { sqsScheduler } from '#functions/webhooks/sqs-scheduler.ts';
import type { Envelope } from '#events/envelope.ts';

useInstanceCursorKey();
// Webhook deliveries: the worker is woken through SQS; secrets are opened to sign.
const app = deps({ scheduler: sqsScheduler, keyWrapper: kmsKeyWrapper, instrument: traceClient, repositories: ALL_REPOSITORIES });

export const handler = observed(
  traced(middy<EventBridgeEvent<string, Envelope>, void>()).handler(async (event) => {
    await handleEvent(app, event.detail);
  }),
);
