/**
 * What a webhook endpoint is registered with: its own module, free of the delivery machinery
 * (node:crypto), so the portal validates its form with the very schema the API uses.
 */
import * as z from 'zod/mini';
import { EVENT_NAMES, type EventName } from '#events/index.ts';
import { optionalText } from '#domain/schemas.ts';

const eventType = z.enum(['*', ...EVENT_NAMES] as ['*', ...EventName[]]);

export const WebhookCreate = z.strictObject({
  /** https URL (http to localhost only when running locally). */
  url: z.string().check(z.trim(), z.minLength(1), z.maxLength(2048)),
  /** Event names, or `["*"]` for all of them. */
  eventTypes: z.array(eventType).check(z.minLength(1), z.maxLength(EVENT_NAMES.length + 1)),
  description: optionalText(500),
});
export type WebhookCreateInput = z.infer<typeof WebhookCreate>;
