/**
 * Lambda entry subscribed (EventBridge rule) to this service's own events on the bus: inbox
 * notifications and webhook deliveries (see `functions/events/consumers.ts`).
 */
import middy from '@middy/core';
import type { EventBridgeEvent } from 'aws-lambda';
import { deps } from '#functions/deps.ts';
import { handleEvent } from '#functions/events/consumers.ts';
import type { Envelope } from '#events/envelope.ts';

const app = deps();

export const handler = middy<EventBridgeEvent<string, Envelope>, void>().handler(async (event) => {
  await handleEvent(app, event.detail);
});
