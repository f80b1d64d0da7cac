/**
 * Lambda entry subscribed (EventBridge rule) to this service's own events on the bus: inbox
 * notifications and webhook deliveries (see `functions/events/consumers.ts`).
 */
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { handleEvent } from '#functions/events/consumers.ts';
import { observed } from '#functions/observability.ts';
import type { Envelope } from '#events/envelope.ts';

await resolveSecrets();
const app = deps();

export const handler = observed(
  middy<EventBridgeEvent<string, Envelope>, void>().handler(async (event) => {
    await handleEvent(app, event.detail);
  }),
);
