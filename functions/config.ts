/**
 * Runtime configuration, read from the environment and validated once at module load so a
 * misconfigured function fails at cold start, not on a user's request.
 */
import * as z from 'zod/mini';

/** The log levels Powertools Logger knows, in either case (the local runtime sets `warn`). */
export const LogLevel = z.pipe(
  z.string().check(z.regex(/^(trace|debug|info|warn|error|critical|silent)$/i, 'must be DEBUG, INFO, WARN or ERROR')),
  z.transform((s) => s.toUpperCase() as 'TRACE' | 'DEBUG' | 'INFO' | 'WARN' | 'ERROR' | 'CRITICAL' | 'SILENT'),
);

/** A whole number of at least 1, from its decimal string. */
const Count = z.pipe(z.string().check(z.regex(/^[1-9]\d{0,8}$/, 'must be a whole number from 1')), z.transform(Number));

// Shared parts: each schema object costs a little at every cold start.
const Text = z.string().check(z.minLength(1));
const Url = z.url();

const Env = z.object({
  TABLE_NAME: Text,
  /** Set locally to DynamoDB Local's URL; unset in AWS. */
  DYNAMODB_ENDPOINT: z.optional(Url),
  /**
   * DynamoDB Local's access key. Started without -sharedDb it keeps one database per key, and
   * the tests give each file a key of its own (test/support/own-database.ts).
   */
  DYNAMODB_LOCAL_ACCESS_KEY: z._default(Text, 'local'),
  AWS_REGION: z._default(z.string(), 'ap-southeast-1'),
  /**
   * 32 random bytes, base64: seals pagination cursors. Set directly locally; in AWS it is read
   * at start-up from the secret named by CURSOR_KEY_SECRET_ID ({@link resolveSecrets}).
   */
  CURSOR_KEY: z.string().check(z.regex(/^[A-Za-z0-9+/]{43}=$/, 'must be 32 bytes in base64')),
  /** AWS: the Secrets Manager secret holding the cursor key (43 base64 characters, no padding). */
  CURSOR_KEY_SECRET_ID: z.optional(Text),
  /** Functions' log level (Powertools Logger); debug logs are sampled by POWERTOOLS_LOGGER_SAMPLE_RATE. */
  LOG_LEVEL: z.optional(LogLevel),
  /** dev or prod: a dimension of every metric. */
  KETNOI_STAGE: z.optional(z.string()),
  /** "local" relaxes what only makes sense on a laptop (http webhooks to localhost). */
  KETNOI_MODE: z._default(z.enum(['aws', 'local']), 'aws'),
  /** Webhooks: multiplies every retry delay; unset means 1 (tests compress the ~3-day schedule, e.g. 0.001). */
  WEBHOOK_TIME_SCALE: z.optional(z.pipe(z.string().check(z.regex(/^\d+(\.\d+)?(e-?\d+)?$/i, 'must be a positive number')), z.transform(Number)).check(z.refine((n) => n > 0, 'must be above 0'))),
  /** The EventBridge bus the outbox relay publishes to; unset locally (in-process bus). */
  EVENT_BUS_NAME: z.optional(Text),
  /** The SQS webhook delivery queue; unset locally (the in-process worker polls instead). */
  WEBHOOK_QUEUE_URL: z.optional(Url),
  /** The KMS key that seals webhook signing secrets at rest; required outside local mode. */
  WEBHOOK_KMS_KEY_ID: z.optional(Text),
  /** Local mode without KMS: the key file that seals webhook secrets, created at first start (default `.local/webhook-secret.key`). */
  WEBHOOK_SECRET_KEY_FILE: z.optional(Text),
  /** Alerts: the portal's base URL, for links in e-mail and SMS (default https://ketnoi.vn). */
  PORTAL_URL: z.optional(Url),
  /** Alerts: the API's public base URL, for unsubscribe links (the worker's; unset elsewhere). */
  API_URL: z.optional(Url),
  /** Alerts: the SES verified sender identity (default no-reply@ketnoi.vn). */
  ALERT_FROM_EMAIL: z.optional(z.string().check(z.minLength(3))),
  /** Alerts: set locally to the SES v2 emulator's URL; unset in AWS. */
  SES_ENDPOINT: z.optional(Url),
  SES_CONFIGURATION_SET: z.optional(Text),
  /** Alerts: End User Messaging SMS origination identity (phone number, sender id or pool). */
  SMS_ORIGINATION_IDENTITY: z.optional(Text),
  /** Per-user daily quotas on creates (Vietnam days); defaults in functions/data/quotas.ts. */
  QUOTA_LISTINGS_PER_DAY: z.optional(Count),
  QUOTA_DEMANDS_PER_DAY: z.optional(Count),
  QUOTA_WEBHOOKS_PER_DAY: z.optional(Count),
});
export type Config = z.infer<typeof Env>;

/** How long a function keeps the cursor key before reading the secret again (rotation, docs/operations.md). */
export const SECRET_MAX_AGE_SECONDS = 300;

/**
 * AWS: puts the cursor key read from Secrets Manager (cached by Powertools Parameters for
 * {@link SECRET_MAX_AGE_SECONDS}) into CURSOR_KEY, where {@link loadConfig} expects it. Called by
 * each Lambda entry before its dependencies are built; does nothing when CURSOR_KEY is set
 * (local mode) or no secret is named.
 */
export async function resolveSecrets(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  if (env.CURSOR_KEY || !env.CURSOR_KEY_SECRET_ID) return;
  const { getSecret } = await import('@aws-lambda-powertools/parameters/secrets');
  const value = await getSecret(env.CURSOR_KEY_SECRET_ID, { maxAge: SECRET_MAX_AGE_SECONDS });
  if (typeof value !== 'string') throw new Error('Invalid configuration: CURSOR_KEY_SECRET_ID: the secret has no string value');
  env.CURSOR_KEY = value.endsWith('=') ? value : `${value}=`;
}

/** Parses the environment; throws a readable error naming each bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid configuration: ${problems}`);
  }
  return parsed.data;
}
