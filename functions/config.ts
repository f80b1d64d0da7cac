/**
 * Runtime configuration, read from the environment and validated once at module load so a
 * misconfigured function fails at cold start, not on a user's request.
 */
import * as z from 'zod/mini';

const Env = z.object({
  TABLE_NAME: z.string().check(z.minLength(1)),
  /** Set locally to DynamoDB Local's URL; unset in AWS. */
  DYNAMODB_ENDPOINT: z.optional(z.url()),
  AWS_REGION: z._default(z.string(), 'ap-southeast-1'),
  /** 32 random bytes, base64: seals pagination cursors. */
  CURSOR_KEY: z.string().check(z.regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64')),
  /** "local" relaxes what only makes sense on a laptop (http webhooks to localhost). */
  KETNOI_MODE: z._default(z.enum(['aws', 'local']), 'aws'),
  /** Webhooks: multiplies every retry delay; unset means 1 (tests compress the ~3-day schedule, e.g. 0.001). */
  WEBHOOK_TIME_SCALE: z.optional(z.pipe(z.string().check(z.regex(/^\d+(\.\d+)?(e-?\d+)?$/i, 'must be a positive number')), z.transform(Number)).check(z.refine((n) => n > 0, 'must be above 0'))),
  /** The EventBridge bus the outbox relay publishes to; unset locally (in-process bus). */
  EVENT_BUS_NAME: z.optional(z.string().check(z.minLength(1))),
  /** The SQS webhook delivery queue; unset locally (the in-process worker polls instead). */
  WEBHOOK_QUEUE_URL: z.optional(z.url()),
  /** Alerts: the portal's base URL, for links in e-mail and SMS (default https://ketnoi.vn). */
  PORTAL_URL: z.optional(z.url()),
  /** Alerts: the API's public base URL, for unsubscribe links (the worker's; unset elsewhere). */
  API_URL: z.optional(z.url()),
  /** Alerts: the SES verified sender identity (default no-reply@ketnoi.vn). */
  ALERT_FROM_EMAIL: z.optional(z.string().check(z.minLength(3))),
  /** Alerts: set locally to the SES v2 emulator's URL; unset in AWS. */
  SES_ENDPOINT: z.optional(z.url()),
  SES_CONFIGURATION_SET: z.optional(z.string().check(z.minLength(1))),
  /** Alerts: End User Messaging SMS origination identity (phone number, sender id or pool). */
  SMS_ORIGINATION_IDENTITY: z.optional(z.string().check(z.minLength(1))),
});
export type Config = z.infer<typeof Env>;

/** Parses the environment; throws a readable error naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
