/**
 * Webhook delivery, per the Standard Webhooks spec (https://www.standardwebhooks.com):
 * signing, the retry schedule, what a receiver's answer means, what a subscriber may see of an
 * event, and the delivery state machine on top of the ports (`Deps` in domain/ports.ts).
 * The SSRF address policy is an adapter (`functions/webhooks/address-policy.ts`).
 *
 * A delivery is one event for one endpoint. Its id is the `webhook-id` header, the same on
 * every attempt, and its body is fixed when it is created, so every attempt sends the same
 * bytes and a receiver can deduplicate on `webhook-id`. Delivery is at least once.
 *
 * Scheduling: the delivery's `nextAttemptAt` alone says when its next attempt is due; it is
 * set here (at creation, by {@link afterAttempt}, and by a manual re-send). The scheduler port
 * only wakes a worker at that time (an SQS delay in AWS, a timer locally) and the sweep of the
 * due index catches any wake-up that was lost.
 *
 * Concurrency: every write of a delivery is conditional on the attempt count, status and claim
 * it was read with. A worker first *claims* the next attempt (attempt count + 1, a claim token,
 * and `nextAttemptAt` pushed out by a lease), then sends, then records the outcome under its
 * claim. Two workers that read the same due delivery cannot both claim the same attempt.
 */
import { createHash, createHmac, randomBytes, randomUUID } from 'node:crypto';
import * as z from 'zod/mini';
import type { Envelope } from '#events/envelope.ts';
import { EVENTS, type EventName } from '#events/index.ts';
import { NotFoundError, PreconditionFailedError } from '#domain/errors.ts';
import type { Deps, WebhookTransportResult } from '#domain/ports.ts';
import type { Webhook, WebhookProfile } from '#domain/webhooks.ts';
import { CROCKFORD, crockfordBase32 } from '#domain/base32.ts';

/** Whether an endpoint subscribed to `eventTypes` gets `name`. */
export const subscribes = (eventTypes: readonly string[], name: string) => eventTypes.includes('*') || eventTypes.includes(name);

// ---------------------------------------------------------------------------------------------
// Retry schedule
// ---------------------------------------------------------------------------------------------

/**
 * The delay before each attempt, counted from the previous attempt (the first is immediate):
 * 0, 5 s, 1 min, 5 min, 30 min, 2 h, 6 h, 12 h, 24 h, 24 h, i.e. 10 attempts over
 * 68 h 36 min 5 s ≈ 2.9 days. Each delay gets ±{@link RETRY_JITTER} random jitter so that a
 * burst of failures does not come back as a burst. All delays (and a receiver's Retry-After)
 * are multiplied by the configured time scale (`WEBHOOK_TIME_SCALE`, 1 in production) so tests
 * can compress three days into seconds. After the last attempt fails the delivery is `dead`.
 */
export const WEBHOOK_RETRY_SCHEDULE_MS = [
  0,
  5_000,
  60_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  6 * 3600_000,
  12 * 3600_000,
  24 * 3600_000,
  24 * 3600_000,
] as const;
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_SCHEDULE_MS.length;
/** ±10 % on every delay. */
export const RETRY_JITTER = 0.1;
/** A receiver gets this long to answer (headers), then the attempt counts as failed. */
export const WEBHOOK_TIMEOUT_MS = 15_000;
/** How long a claimed attempt is reserved for its worker (real time, longer than the timeout). */
export const CLAIM_LEASE_MS = 60_000;
/** A rotated-out secret keeps signing (next to the new one) this long. */
export const SECRET_OVERLAP_MS = 24 * 3600_000;
/** Retry-After beyond this is capped. */
const MAX_RETRY_AFTER_MS = 24 * 3600_000;
/** Attempts kept on a delivery (manual retries can add more than the schedule's ten). */
const MAX_ATTEMPTS_KEPT = 25;

/**
 * The delay before attempt number `attempt` (1-based; attempt 1 is immediate), with jitter, in
 * unscaled milliseconds. `random` is in [0, 1).
 */
export function retryDelayMs(attempt: number, random: () => number = Math.random): number {
  const base = WEBHOOK_RETRY_SCHEDULE_MS[Math.min(Math.max(attempt, 1), WEBHOOK_MAX_ATTEMPTS) - 1];
  return Math.round(base * (1 + RETRY_JITTER * (2 * random() - 1)));
}

/**
 * A Retry-After header (RFC 9110 §10.2.3: delay-seconds or an HTTP date) as milliseconds from
 * `now`, capped at 24 h; undefined when absent or unreadable. A date in the past gives 0.
 */
export function parseRetryAfter(value: string | undefined, now: Date): number | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Math.min(Number(v) * 1000, MAX_RETRY_AFTER_MS);
  if (!/[a-z]/i.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.min(Math.max(0, at - now.getTime()), MAX_RETRY_AFTER_MS);
}

// ---------------------------------------------------------------------------------------------
// Secrets and signatures
// ---------------------------------------------------------------------------------------------

export const SECRET_PREFIX = 'whsec_';

/** A new signing secret: `whsec_` + base64 of 32 random bytes. */
export const generateSecret = () => SECRET_PREFIX + randomBytes(32).toString('base64');

/** The key bytes of a `whsec_…` secret. */
export const secretKey = (secret: string) => Buffer.from(secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret, 'base64');

/** `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">` with the secret's key. */
export function sign(secret: string, id: string, timestampSeconds: number, body: string): string {
  return 'v1,' + createHmac('sha256', secretKey(secret)).update(`${id}.${timestampSeconds}.${body}`).digest('base64');
}

/** A signing secret as stored: sealed by the deployment's {@link SecretBox} (never plaintext at rest). */
export interface WebhookSecret {
  /** The `whsec_…` secret, encrypted with the endpoint id as context (`SecretBox.seal`). */
  sealed: string;
  createdAt: string;
  /** Set on a rotated-out secret: it signs too until then. */
  expiresAt?: string;
}

/** The secrets that sign at `now`: the current one first, then rotated-out ones still in their overlap. */
export const signingSecrets = (secrets: readonly WebhookSecret[], now: Date) => secrets.filter((s) => !s.expiresAt || Date.parse(s.expiresAt) > now.getTime());

/** The request headers of one attempt; several valid secrets give a space-separated signature list. */
export function webhookHeaders(secrets: readonly string[], id: string, timestampSeconds: number, body: string): Record<string, string> {
  return {
    'content-type': 'application/json',
    'webhook-id': id,
    'webhook-timestamp': String(timestampSeconds),
    'webhook-signature': secrets.map((s) => sign(s, id, timestampSeconds, body)).join(' '),
    'user-agent': 'KetNoi-Webhooks/1',
  };
}

// ---------------------------------------------------------------------------------------------
// Deliveries
// ---------------------------------------------------------------------------------------------

/**
 * - `pending`: waiting for its next attempt (`nextAttemptAt`);
 * - `delivered`: a 2xx answer;
 * - `failed`: stopped before the schedule ran out: the endpoint answered 410 Gone, or was
 *   disabled or deleted meanwhile;
 * - `dead`: every attempt of the schedule failed.
 * `failed` and `dead` deliveries can be sent again with the retry route.
 */
export const DELIVERY_STATUSES = ['pending', 'delivered', 'failed', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const DeliveryAttemptOut = z.object({
  at: z.string(),
  statusCode: z.optional(z.int()),
  error: z.optional(z.string()),
  durationMs: z.number(),
  /** Sent with the retry route rather than by the schedule. */
  manual: z.optional(z.boolean()),
});
export type DeliveryAttempt = z.infer<typeof DeliveryAttemptOut>;

export const DeliveryOut = z.object({
  /** Also the `webhook-id` header: the same on every attempt. */
  id: z.string(),
  webhookId: z.string(),
  eventId: z.string(),
  eventName: z.string(),
  status: z.enum(DELIVERY_STATUSES),
  attemptCount: z.int(),
  attempts: z.array(DeliveryAttemptOut),
  /** When the next attempt is due (pending deliveries only). */
  nextAttemptAt: z.optional(z.string()),
  /** Why it stopped without an attempt (endpoint disabled or deleted). */
  lastError: z.optional(z.string()),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export type Delivery = z.infer<typeof DeliveryOut> & {
  /** The exact body of every attempt, fixed at creation. */
  payload: string;
  /**
   * Set when the owner asked for a re-send (the retry route): the status the delivery had then.
   * The next attempt goes out even to a disabled endpoint; if it fails, a `failed` or `dead`
   * delivery goes back to that status instead of following the schedule.
   */
  manualFrom?: DeliveryStatus;
  /** The token of the worker that holds the current attempt, while it sends, and until when. */
  claim?: string;
  claimUntil?: string;
};

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/**
 * The delivery id for an event and an endpoint: a ULID whose time part is the event's (from its
 * ULID id, else its time) and whose other 80 bits hash (endpoint, event). Deterministic, so
 * writing it with a "must not exist" condition creates one delivery per (endpoint, event) however
 * often the event is processed.
 */
export function deliveryIdFor(webhookId: string, envelope: Pick<Envelope, 'id' | 'time'>): string {
  let time = ULID.test(envelope.id) ? envelope.id.slice(0, 10) : undefined;
  if (!time) {
    let ms = Math.max(0, Date.parse(envelope.time) || 0);
    time = '';
    for (let i = 0; i < 10; i++) (time = CROCKFORD[ms % 32] + time), (ms = Math.floor(ms / 32));
  }
  const hash = createHash('sha256').update(`${webhookId}\n${envelope.id}`).digest();
  return time + crockfordBase32(hash.subarray(0, 10), 16);
}

/**
 * The event as one subscriber sees it: what that profile's owner may read through the API and
 * nothing more. The envelope's `audience` (other users' ids, every booked seller of a cancelled
 * fair) stays inside; `recipient` names the profile the delivery is for; `data` keeps only the
 * fields the event's schema declares (events/), which every audience member may read.
 */
export function subscriberView(envelope: Envelope, recipient: WebhookProfile) {
  const def = EVENTS[envelope.name as EventName];
  const declared = def ? Object.keys(def.data.shape) : [];
  const data = Object.fromEntries(Object.entries(envelope.data).filter(([k]) => declared.includes(k)));
  const { id, name, source, version, time, subject } = envelope;
  return { id, name, source, version, time, subject, recipient: { kind: recipient.kind, id: recipient.id }, data };
}

/** The body every attempt to one subscriber sends: `{type, timestamp, data}`, `data` being its {@link subscriberView}. */
export const deliveryPayload = (envelope: Envelope, recipient: WebhookProfile) =>
  JSON.stringify({ type: envelope.name, timestamp: envelope.time, data: subscriberView(envelope, recipient) });

/**
 * Creates a delivery for each active endpoint of the event's audience that subscribed to it
 * (never twice for one event), and has the scheduler wake the worker for them.
 */
export async function enqueueDeliveries(deps: Deps, envelope: Envelope): Promise<{ created: Delivery[]; duplicates: number }> {
  if (!(envelope.name in EVENTS)) return { created: [], duplicates: 0 };
  const profiles: WebhookProfile[] = [
    ...[...new Set(envelope.audience.sellerIds)].map((id) => ({ kind: 'seller' as const, id })),
    ...[...new Set(envelope.audience.buyerIds)].map((id) => ({ kind: 'buyer' as const, id })),
  ];
  const endpoints = (await Promise.all(profiles.map((p) => deps.webhooks.allOfProfile(p)))).flat();
  const now = deps.clock.now().toISOString();
  const created: Delivery[] = [];
  let duplicates = 0;
  const seen = new Set<string>();
  await Promise.all(
    endpoints
      .filter((w) => w.status === 'active' && subscribes(w.eventTypes, envelope.name))
      .filter((w) => !seen.has(w.id) && seen.add(w.id))
      .map(async (w) => {
        const delivery: Delivery = {
          id: deliveryIdFor(w.id, envelope),
          webhookId: w.id,
          eventId: envelope.id,
          eventName: envelope.name,
          payload: deliveryPayload(envelope, w.profile),
          status: 'pending',
          attemptCount: 0,
          attempts: [],
          nextAttemptAt: now,
          createdAt: now,
          updatedAt: now,
        };
        if (await deps.deliveries.create(delivery)) created.push(delivery);
        else duplicates++;
      }),
  );
  await Promise.all(created.map((d) => deps.scheduler.wake(d)));
  return { created, duplicates };
}

export type AttemptOutcome =
  | { kind: 'delivered' }
  | { kind: 'retry'; nextAttemptAt: string }
  | { kind: 'dead' }
  | { kind: 'gone' }
  | { kind: 'kept' } // a manual re-send of a failed or dead delivery failed again
  | { kind: 'skipped'; reason: 'claimed-elsewhere' | 'webhook-deleted' | 'webhook-disabled' };

const isSuccess = (status: number | undefined) => status !== undefined && status >= 200 && status < 300;

/**
 * What a finished attempt makes of a claimed delivery (pure). `delivery.attemptCount` already
 * counts this attempt.
 */
export function afterAttempt(
  delivery: Delivery,
  attempt: DeliveryAttempt,
  result: WebhookTransportResult,
  ctx: { now: Date; timeScale: number; random?: () => number; manual: boolean; wasStatus: DeliveryStatus },
): { next: Delivery; outcome: AttemptOutcome } {
  const attempts = [...delivery.attempts, attempt].slice(-MAX_ATTEMPTS_KEPT);
  const base = { ...delivery, attempts, claim: undefined, claimUntil: undefined, nextAttemptAt: undefined, manualFrom: undefined, updatedAt: ctx.now.toISOString() };
  const statusCode = 'statusCode' in result ? result.statusCode : undefined;
  if (isSuccess(statusCode)) return { next: { ...base, status: 'delivered' }, outcome: { kind: 'delivered' } };
  if (statusCode === 410) return { next: { ...base, status: 'failed' }, outcome: { kind: 'gone' } };
  if (ctx.manual && ctx.wasStatus !== 'pending') return { next: { ...base, status: ctx.wasStatus }, outcome: { kind: 'kept' } };
  if (delivery.attemptCount >= WEBHOOK_MAX_ATTEMPTS) return { next: { ...base, status: 'dead' }, outcome: { kind: 'dead' } };
  let delay = retryDelayMs(delivery.attemptCount + 1, ctx.random);
  if (statusCode === 429 && 'retryAfter' in result) delay = Math.max(delay, parseRetryAfter(result.retryAfter, ctx.now) ?? 0);
  const nextAttemptAt = new Date(ctx.now.getTime() + Math.round(delay * ctx.timeScale)).toISOString();
  return { next: { ...base, status: 'pending', nextAttemptAt }, outcome: { kind: 'retry', nextAttemptAt } };
}

export interface AttemptOptions {
  /** The endpoint, if the caller already read it (a worker caches them per run). */
  webhook?: Webhook | null;
}

/**
 * Makes the next attempt of a delivery: claim it, check the URL again, send, record the outcome,
 * and act on it (disable the endpoint on 410 or when the schedule runs out, and tell its owner;
 * a manual re-send that succeeds re-enables it). A retry is handed to the scheduler.
 */
export async function attemptDelivery(deps: Deps, delivery: Delivery, opts: AttemptOptions = {}): Promise<{ delivery: Delivery; outcome: AttemptOutcome }> {
  const manual = delivery.manualFrom !== undefined;
  const webhook = opts.webhook === undefined ? await deps.webhooks.get(delivery.webhookId) : (opts.webhook ?? undefined);
  const stopWithout = async (reason: 'webhook-deleted' | 'webhook-disabled') => {
    const next: Delivery = { ...delivery, status: 'failed', nextAttemptAt: undefined, claim: undefined, claimUntil: undefined, manualFrom: undefined, lastError: reason === 'webhook-deleted' ? 'endpoint deleted' : 'endpoint disabled', updatedAt: deps.clock.now().toISOString() };
    const ok = await deps.deliveries.replaceIf(next, delivery);
    return { delivery: ok ? next : delivery, outcome: { kind: 'skipped', reason: ok ? reason : 'claimed-elsewhere' } as const };
  };
  if (!webhook) return stopWithout('webhook-deleted');
  if (webhook.status !== 'active' && !manual) return stopWithout('webhook-disabled');

  // Claim the attempt: only one worker can move the attempt count from n to n + 1.
  const claimedAt = deps.clock.now();
  const claimUntil = new Date(claimedAt.getTime() + CLAIM_LEASE_MS).toISOString();
  const claimed: Delivery = {
    ...delivery,
    attemptCount: delivery.attemptCount + 1,
    claim: randomUUID(),
    claimUntil,
    // A pending delivery comes due again when the lease ends, should this worker die mid-send.
    nextAttemptAt: delivery.status === 'pending' ? claimUntil : undefined,
    lastError: undefined,
    updatedAt: claimedAt.toISOString(),
  };
  if (!(await deps.deliveries.replaceIf(claimed, delivery))) return { delivery, outcome: { kind: 'skipped', reason: 'claimed-elsewhere' } };

  const result = await send(deps, webhook, delivery);
  const now = deps.clock.now();
  const attempt: DeliveryAttempt = {
    at: new Date(result.startedAt).toISOString(),
    statusCode: 'statusCode' in result.result ? result.result.statusCode : undefined,
    error: 'error' in result.result ? result.result.error : undefined,
    durationMs: result.durationMs,
    manual: manual || undefined,
  };
  const wasStatus = delivery.manualFrom ?? delivery.status;
  const { next, outcome } = afterAttempt(claimed, attempt, result.result, { now, timeScale: deps.webhookSettings.timeScale, manual, wasStatus });
  if (!(await deps.deliveries.replaceIf(next, claimed))) return { delivery: claimed, outcome: { kind: 'skipped', reason: 'claimed-elsewhere' } };

  if (outcome.kind === 'retry') await deps.scheduler.wake(next);
  if (outcome.kind === 'gone') await disableWebhook(deps, webhook.id, 'endpoint-gone');
  else if (outcome.kind === 'dead') await disableWebhook(deps, webhook.id, 'deliveries-failing');
  else if (outcome.kind === 'delivered' && manual && webhook.status !== 'active') await enableWebhook(deps, webhook.id);
  return { delivery: next, outcome };
}

async function send(deps: Deps, webhook: Webhook, delivery: Delivery) {
  const startedAt = deps.clock.now().getTime();
  const done = (result: WebhookTransportResult) => ({ result, startedAt, durationMs: Math.max(0, deps.clock.now().getTime() - startedAt) });
  const check = await deps.endpointPolicy.check(webhook.url);
  if (!check.ok) return done({ error: check.code === 'webhook-url-blocked' ? `refused: ${webhook.url} resolves to a non-public address (${check.params?.address})` : `refused: ${check.code}` });
  const now = deps.clock.now();
  const timestamp = Math.floor(now.getTime() / 1000);
  const secrets = await Promise.all(signingSecrets(webhook.secrets, now).map((s) => deps.secretBox.open(s.sealed, webhook.id)));
  const headers = webhookHeaders(secrets, delivery.id, timestamp, delivery.payload);
  try {
    return done(await deps.transport.post({ url: check.url.href, address: check.addresses[0], headers, body: delivery.payload, timeoutMs: WEBHOOK_TIMEOUT_MS }));
  } catch (err) {
    return done({ error: String((err as Error)?.message ?? err) });
  }
}

const DISABLE_TEXT = {
  'endpoint-gone': {
    title: { en: 'Webhook endpoint disabled', vi: 'Đã tắt địa chỉ webhook' },
    body: (url: string) => ({
      en: `${url} answered 410 Gone, so we stopped sending events to it. Register it again or send failed deliveries once it is back.`,
      vi: `${url} trả lời 410 Gone nên hệ thống đã ngừng gửi sự kiện tới địa chỉ này. Hãy đăng ký lại hoặc gửi lại các lần gửi lỗi khi địa chỉ hoạt động trở lại.`,
    }),
  },
  'deliveries-failing': {
    title: { en: 'Webhook endpoint disabled', vi: 'Đã tắt địa chỉ webhook' },
    body: (url: string) => ({
      en: `Deliveries to ${url} kept failing for about three days (${WEBHOOK_MAX_ATTEMPTS} attempts), so we disabled it. Fix the endpoint, then re-send the failed deliveries.`,
      vi: `Gửi sự kiện tới ${url} liên tục thất bại trong khoảng ba ngày (${WEBHOOK_MAX_ATTEMPTS} lần thử) nên hệ thống đã tắt địa chỉ này. Hãy khắc phục rồi gửi lại các lần gửi lỗi.`,
    }),
  },
} as const;

/** Disables an endpoint (once: concurrent callers race on its version) and tells its owner. */
export async function disableWebhook(deps: Deps, webhookId: string, reason: 'endpoint-gone' | 'deliveries-failing'): Promise<boolean> {
  for (let round = 0; round < 5; round++) {
    const current = await deps.webhooks.get(webhookId);
    if (!current || current.status !== 'active') return false;
    const now = deps.clock.now().toISOString();
    const next: Webhook = { ...current, status: 'disabled', disabledReason: reason, disabledAt: now, version: current.version + 1, updatedAt: now };
    try {
      await deps.webhooks.update(next);
    } catch (err) {
      // Changed meanwhile (another worker disabled it, a rotation) or deleted: read again.
      if (err instanceof PreconditionFailedError || err instanceof NotFoundError) continue;
      throw err;
    }
    const text = DISABLE_TEXT[reason];
    try {
      await deps.notifications.notify({
        sub: next.ownerId,
        type: 'webhook-failed',
        title: text.title,
        body: text.body(next.url),
        link: `/v1/webhooks/${next.id}/deliveries`,
        dedupeKey: `webhook-disabled:${next.id}:${next.version}`,
        at: now,
      });
    } catch (err) {
      console.error(JSON.stringify({ level: 'error', msg: 'webhook-failed notification not sent', webhookId, error: String(err) }));
    }
    return true;
  }
  return false;
}

/** Re-enables an endpoint after a manual re-send succeeded. */
async function enableWebhook(deps: Deps, webhookId: string): Promise<void> {
  for (let round = 0; round < 5; round++) {
    const current = await deps.webhooks.get(webhookId);
    if (!current || current.status === 'active') return;
    const { disabledReason: _r, disabledAt: _a, ...rest } = current;
    try {
      await deps.webhooks.update({ ...rest, status: 'active', version: current.version + 1, updatedAt: deps.clock.now().toISOString() });
      return;
    } catch (err) {
      if (err instanceof PreconditionFailedError || err instanceof NotFoundError) continue;
      throw err;
    }
  }
}
