/**
 * The alert settings' API schemas (the preferences, their changes, address confirmation, the
 * deliveries list), in their own module: most functions import domain/alerts.ts (the inbox's
 * channel consumers, the quotas' day boundary), and a zod schema is built when its module loads,
 * so only the functions that serve these routes (and the portal's settings page) build them.
 */
import * as z from 'zod/mini';
import { ALERT_CHANNELS, ALERT_STATUSES, ALERTABLE_TYPES } from '#domain/alerts.ts';
import type { NotificationType } from '#domain/notifications.ts';
import { contact, meta } from '#domain/schemas.ts';

const typeList = z.array(z.enum(ALERTABLE_TYPES as unknown as [NotificationType, ...NotificationType[]])).check(z.maxLength(20));

export const AlertPreferencesOut = z.object({
  sub: z.string(),
  lang: z.enum(['vi', 'en']),
  email: z.optional(z.string()),
  phone: z.optional(z.string()),
  role: z.optional(z.string()),
  /** Notice types sent per channel; the role's defaults until the person changes them. */
  channels: z.object({ email: z.array(z.string()), sms: z.array(z.string()) }),
  /** One message a day per channel (07:00 Vietnam time) instead of one per notice. */
  digest: z.boolean(),
  quietHours: z.object({ sms: z.string() }),
  /**
   * Whether the person confirmed the address with the code sent to it. Nothing but the code goes
   * to an unconfirmed address, so no one can have alerts (or SMS costs) sent to someone else.
   */
  emailVerified: z.boolean(),
  phoneVerified: z.boolean(),
  ...meta,
});

export const AddressConfirmation = z.strictObject({
  channel: z.enum(ALERT_CHANNELS).register(z.globalRegistry, { description: 'Which address: `email` or `sms` (the phone)', examples: ['sms'] }),
  code: z.string().check(z.regex(/^\d{6}$/, 'code-format')).register(z.globalRegistry, { description: 'The 6-digit code sent to that address', examples: ['042917'] }),
});
export const CodeRequest = z.strictObject({ channel: z.enum(ALERT_CHANNELS).register(z.globalRegistry, { description: 'Which address gets a new code', examples: ['email'] }) });

export const AlertPreferencesPatch = z.strictObject({
  lang: z.optional(z.enum(['vi', 'en'])),
  email: z.optional(z.nullable(contact.shape.email)),
  phone: z.optional(z.nullable(contact.shape.phone)),
  channels: z.optional(z.strictObject({ email: typeList, sms: typeList })),
  digest: z.optional(z.boolean()),
  version: z.optional(z.int()),
});

export const AlertDeliveryOut = z.object({
  id: z.string(),
  channel: z.enum(ALERT_CHANNELS),
  to: z.string(),
  type: z.string(),
  status: z.enum(ALERT_STATUSES),
  attempts: z.number(),
  digest: z.boolean(),
  nextAttemptAt: z.optional(z.string()),
  lastError: z.optional(z.string()),
  sentAt: z.optional(z.string()),
  createdAt: z.string(),
});
