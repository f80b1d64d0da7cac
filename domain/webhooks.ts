/**
 * Webhooks: HTTPS endpoints a seller or buyer profile registers to receive its events, signed
 * per the Standard Webhooks spec. The signing secret is shown once, in the create and rotate
 * responses; every other output omits it, an idempotent replay of those responses included,
 * and it is stored only sealed (`SecretBox`). Delivery itself is in `domain/webhook-delivery.ts`.
 */
import * as z from 'zod/mini';
import { assertOwner, type Caller } from '#domain/access.ts';
import { ConflictError, NotFoundError, PreconditionFailedError, UnavailableError, ValidationError, fieldIssue } from '#domain/errors.ts';
import type { Lang } from '#domain/messages.ts';
import { getOwnedBuyer, getOwnedSeller } from '#domain/lookups.ts';
import { newEntityMeta } from '#domain/versioning.ts';
import { id, meta, pageQuery } from '#domain/schemas.ts';
import type { Deps, Page, PageRequest } from '#domain/ports.ts';
import { DELIVERY_STATUSES, SECRET_OVERLAP_MS, generateSecret, type Delivery, type DeliveryStatus, type WebhookSecret } from '#domain/webhook-delivery.ts';

/** Endpoints one profile may have: bounds the fan-out of every event. */
export const MAX_WEBHOOKS_PER_PROFILE = 10;
/** Secrets kept at once (the current one and rotated-out ones still in their overlap). */
const MAX_SECRETS = 5;

export const WEBHOOK_STATUSES = ['active', 'disabled'] as const;
export const DISABLED_REASONS = ['endpoint-gone', 'deliveries-failing'] as const;
export type DisabledReason = (typeof DISABLED_REASONS)[number];

export const PROFILE_KINDS = ['seller', 'buyer'] as const;
export type WebhookProfile = { kind: (typeof PROFILE_KINDS)[number]; id: string };

import type { WebhookCreateInput } from '#domain/webhook-input.ts';
export { WebhookCreate, type WebhookCreateInput } from '#domain/webhook-input.ts';

export const WebhookOut = z.object({
  id,
  ownerId: z.string(),
  profile: z.object({ kind: z.enum(PROFILE_KINDS), id: z.string() }),
  url: z.string(),
  eventTypes: z.array(z.string()),
  description: z.optional(z.string()),
  status: z.enum(WEBHOOK_STATUSES),
  /** `endpoint-gone`: it answered 410; `deliveries-failing`: a delivery failed for the whole retry schedule. */
  disabledReason: z.optional(z.enum(DISABLED_REASONS)),
  disabledAt: z.optional(z.string()),
  /** After a rotation, the previous secret signs too (a second signature) until then. */
  previousSecretExpiresAt: z.optional(z.string()),
  ...meta,
});
export type WebhookView = z.infer<typeof WebhookOut>;

/** The create and rotate responses: the only ones that carry the secret. */
export const WebhookCreatedOut = z.object({
  ...WebhookOut.shape,
  /** `whsec_` + base64: verify the `webhook-signature` header with it. Shown only now: absent when an Idempotency-Key replays this response. */
  secret: z.optional(z.string()),
  /** On a replay: the secret is not kept, and how to get a new one. */
  secretNote: z.optional(z.string()),
});

const SECRET_NOTE = {
  vi: 'Khóa bí mật chỉ hiển thị một lần và không được lưu lại. Để có khóa mới: POST /v1/webhooks/{id}/rotate-secret.',
  en: 'The secret is shown only once and is not kept. To get a new one: POST /v1/webhooks/{id}/rotate-secret.',
} as const;

/**
 * What an idempotent replay of a create or rotate response says instead: the same endpoint,
 * no secret, and how to rotate. The stored response is built with this, so no idempotency
 * record ever holds a secret.
 */
export function withoutSecret(body: Record<string, unknown>, lang: Lang): Record<string, unknown> {
  const { secret: _secret, ...rest } = body;
  return { ...rest, secretNote: SECRET_NOTE[lang].replace('{id}', String(body.id)) };
}

export type Webhook = Omit<WebhookView, 'previousSecretExpiresAt'> & { secrets: WebhookSecret[] };

export const WebhookListQuery = z.strictObject(pageQuery);
export const DeliveryListQuery = z.strictObject({ ...pageQuery, status: z.optional(z.enum(DELIVERY_STATUSES)) });

/** The endpoint as clients see it: never its secrets. */
export function webhookView(w: Webhook, now = new Date()): WebhookView {
  const { secrets, ...rest } = w;
  const overlap = secrets
    .slice(1)
    .map((s) => s.expiresAt)
    .filter((e): e is string => !!e && Date.parse(e) > now.getTime())
    .sort()
    .at(-1);
  return { ...rest, ...(overlap ? { previousSecretExpiresAt: overlap } : {}) };
}

/** The delivery as clients see it (no payload, no claim). */
export function deliveryView(d: Delivery) {
  const { payload: _p, claim: _c, claimUntil: _u, manualFrom: _m, ...rest } = d;
  return rest;
}

async function assertProfileOwner(deps: Deps, caller: Caller, profile: WebhookProfile): Promise<void> {
  if (profile.kind === 'seller') await getOwnedSeller(deps, caller, profile.id);
  else await getOwnedBuyer(deps, caller, profile.id);
}

const normaliseEventTypes = (types: string[]) => (types.includes('*') ? ['*'] : [...new Set(types)]);

/** Checks an endpoint URL under the deployment's policy; a bad one is a 400 on `url`. */
async function assertUrl(deps: Deps, raw: string): Promise<string> {
  const check = await deps.endpointPolicy.check(raw);
  if (!check.ok) throw new ValidationError([fieldIssue('url', check.code, check.params)]);
  return check.url.href;
}

/** Registers an endpoint for a seller or buyer profile; its owner only. Returns the secret, once. */
export async function createWebhook(deps: Deps, caller: Caller, profile: WebhookProfile, input: WebhookCreateInput) {
  await assertProfileOwner(deps, caller, profile);
  const url = await assertUrl(deps, input.url);
  const now = deps.clock.now();
  const secret = generateSecret();
  const id = deps.ids.next();
  const webhook: Webhook = {
    ...newEntityMeta(id, now),
    ownerId: caller.sub,
    profile: { kind: profile.kind, id: profile.id },
    url,
    eventTypes: normaliseEventTypes(input.eventTypes),
    ...(input.description ? { description: input.description } : {}),
    status: 'active',
    secrets: [{ sealed: await deps.secretBox.seal(secret, id), createdAt: now.toISOString() }],
  };
  if (!(await deps.webhooks.createWithinLimit(webhook, MAX_WEBHOOKS_PER_PROFILE))) throw new ConflictError('webhook-limit', { max: MAX_WEBHOOKS_PER_PROFILE });
  return { ...webhookView(webhook, now), secret };
}

/** A profile's endpoints; its owner only. */
export async function listWebhooks(deps: Deps, caller: Caller, profile: WebhookProfile, page: PageRequest): Promise<Page<WebhookView>> {
  await assertProfileOwner(deps, caller, profile);
  const result = await deps.webhooks.listByProfile(profile, page);
  const now = deps.clock.now();
  return { ...result, items: result.items.map((w) => webhookView(w, now)) };
}

/** Loads an endpoint for its owner; anyone else gets 404 (endpoints are private). */
export async function getOwnedWebhook(deps: Deps, caller: Caller, webhookId: string): Promise<Webhook> {
  const webhook = await deps.webhooks.get(webhookId);
  if (!webhook) throw new NotFoundError('not-found', { resource: 'webhook', id: webhookId });
  assertOwner(caller, webhook.ownerId, 'webhook', { id: webhookId, hide: true });
  return webhook;
}

const checkIfMatch = (w: Webhook, ifMatch: number | undefined) => {
  if (ifMatch !== undefined && ifMatch !== w.version) throw new PreconditionFailedError('version-mismatch', { resource: 'webhook', sent: ifMatch });
};

/** Deletes an endpoint (If-Match optional). Its pending deliveries stop when they come due. */
export async function deleteWebhook(deps: Deps, caller: Caller, webhookId: string, ifMatch?: number): Promise<void> {
  const webhook = await getOwnedWebhook(deps, caller, webhookId);
  checkIfMatch(webhook, ifMatch);
  await deps.webhooks.remove(webhook);
}

/**
 * Makes a new current secret. The previous one keeps signing for {@link SECRET_OVERLAP_MS}
 * (24 h): meanwhile every attempt carries both signatures, so receivers can switch at leisure.
 */
export async function rotateWebhookSecret(deps: Deps, caller: Caller, webhookId: string, ifMatch?: number) {
  const current = await getOwnedWebhook(deps, caller, webhookId);
  checkIfMatch(current, ifMatch);
  const now = deps.clock.now();
  const secret = generateSecret();
  const [previous, ...older] = current.secrets;
  const stillValid = (s: WebhookSecret) => !s.expiresAt || Date.parse(s.expiresAt) > now.getTime();
  const secrets: WebhookSecret[] = [
    { sealed: await deps.secretBox.seal(secret, current.id), createdAt: now.toISOString() },
    ...(previous ? [{ ...previous, expiresAt: previous.expiresAt ?? new Date(now.getTime() + SECRET_OVERLAP_MS).toISOString() }] : []),
    ...older,
  ]
    .filter(stillValid)
    .slice(0, MAX_SECRETS);
  const next: Webhook = { ...current, secrets, version: current.version + 1, updatedAt: now.toISOString() };
  await deps.webhooks.update(next);
  return { ...webhookView(next, now), secret };
}

/** An endpoint's deliveries, newest event first, with their attempts; its owner only. */
export async function listDeliveries(deps: Deps, caller: Caller, webhookId: string, page: PageRequest, status?: DeliveryStatus) {
  await getOwnedWebhook(deps, caller, webhookId);
  const result = await deps.deliveries.listByWebhook(webhookId, page, status);
  return { ...result, items: result.items.map(deliveryView) };
}

/**
 * Asks for a delivery to be sent again now and answers at once (202): the worker makes the
 * attempt, and the deliveries list shows its outcome. A `failed` or `dead` delivery gets one
 * more attempt (and goes back to what it was if that fails too); a `pending` one has its next
 * scheduled attempt brought forward. It goes out even if the endpoint is disabled, and a 2xx
 * answer re-enables the endpoint. If a worker is sending it at this moment, that attempt is the
 * re-send (nothing is queued twice). A delivered one is 409.
 */
export async function retryDelivery(deps: Deps, caller: Caller, webhookId: string, deliveryId: string) {
  await getOwnedWebhook(deps, caller, webhookId);
  // The worker may claim, fail or finish the delivery between our read and our write: read it
  // again and decide again, a few times, rather than answer 409 for a state that allows a retry.
  for (let round = 0; round < 5; round++) {
    const delivery = await deps.deliveries.get(webhookId, deliveryId);
    if (!delivery) throw new NotFoundError('not-found', { resource: 'delivery', id: deliveryId });
    if (delivery.status === 'delivered') throw new ConflictError('invalid-state', { resource: 'delivery', state: 'delivered', expected: 'pending, failed or dead' });
    const now = deps.clock.now();
    // Being sent right now: that attempt is the retry.
    if (delivery.claimUntil && Date.parse(delivery.claimUntil) > now.getTime()) return deliveryView(delivery);
    const requested: Delivery = {
      ...delivery,
      status: 'pending',
      manualFrom: delivery.manualFrom ?? delivery.status,
      nextAttemptAt: now.toISOString(),
      claim: undefined,
      claimUntil: undefined,
      updatedAt: now.toISOString(),
    };
    if (await deps.deliveries.replaceIf(requested, delivery)) {
      await deps.scheduler.wake(requested);
      return deliveryView(requested);
    }
  }
  throw new UnavailableError('busy-retry');
}
