/**
 * Routes for webhooks: a seller's or buyer's endpoints, their secrets and their deliveries.
 * Endpoints are private to their owner: anyone else gets 404 on `/v1/webhooks/*`.
 *
 * Every delivery is a POST of `{type, timestamp, data}` signed per the Standard Webhooks spec:
 * `webhook-id` (the same on every retry: deduplicate on it), `webhook-timestamp` and
 * `webhook-signature` (`v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, two of them
 * during a secret rotation). A receiver answers 2xx within 15 s; anything else is retried for
 * about three days; 410 disables the endpoint. The secret is in the create and rotate responses
 * only: an Idempotency-Key replay of them answers without it (`replay`).
 */
import * as z from 'zod/mini';
import { id, page } from '#domain/schemas.ts';
import { DeliveryOut } from '#domain/webhook-delivery.ts';
import {
  createWebhook,
  deleteWebhook,
  DeliveryListQuery,
  listDeliveries,
  listWebhooks,
  retryDelivery,
  rotateWebhookSecret,
  WebhookCreate,
  WebhookCreatedOut,
  WebhookListQuery,
  WebhookOut,
  webhookView,
  withoutSecret,
  type Webhook,
  type WebhookProfile,
} from '#domain/webhooks.ts';
import { route } from '#functions/http/route.ts';
import { buyerParams, pageOf, sellerParams } from '#functions/routes/params.ts';

const webhookParams = z.strictObject({ webhookId: id });

const deliveryParams = z.strictObject({ webhookId: id, deliveryId: id });

const OPS = {
  seller: { create: 'createSellerWebhook', list: 'listSellerWebhooks', params: sellerParams, id: (p: { sellerId?: string; buyerId?: string }) => p.sellerId! },
  buyer: { create: 'createBuyerWebhook', list: 'listBuyerWebhooks', params: buyerParams, id: (p: { sellerId?: string; buyerId?: string }) => p.buyerId! },
} as const;

const profileRoutes = (kind: WebhookProfile['kind']) => {
  const ops = OPS[kind];
  const base = `/v1/${kind}s/{${kind}Id}/webhooks`;
  const profileOf = (params: { sellerId?: string; buyerId?: string }): WebhookProfile => ({ kind, id: ops.id(params) });
  return [
    route({
      operationId: ops.create,
      method: 'POST',
      path: base,
      tag: 'Webhooks',
      summary: `Register a webhook endpoint for a ${kind} you own (Standard Webhooks signatures); the signing secret is in this response only`,
      params: ops.params as z.ZodMiniType<{ sellerId?: string; buyerId?: string }>,
      body: WebhookCreate,
      success: { status: 201, description: 'The endpoint, with its secret (shown only now; a replay under Idempotency-Key omits it)', schema: WebhookCreatedOut },
      errors: [400, 401, 403, 404, 409, 413, 415, 422],
      answer: { resource: 'webhook', schema: WebhookOut, result: (webhook: Webhook) => ({ body: webhookView(webhook) }) },
      replay: withoutSecret,
      handle: async ({ caller, params, body }, deps) => ({ body: await createWebhook(deps, caller, profileOf(params), body) }),
    }),
    route({
      operationId: ops.list,
      method: 'GET',
      path: base,
      tag: 'Webhooks',
      summary: `The webhook endpoints of a ${kind} you own (without secrets)`,
      params: ops.params as z.ZodMiniType<{ sellerId?: string; buyerId?: string }>,
      query: WebhookListQuery,
      success: { status: 200, description: 'One page of endpoints', schema: page(WebhookOut) },
      errors: [400, 401, 403, 404],
      handle: async ({ caller, params, query }, deps) => ({ body: await listWebhooks(deps, caller, profileOf(params), pageOf(query)) }),
    }),
  ];
};

export const webhookRoutes = [
  ...profileRoutes('seller'),
  ...profileRoutes('buyer'),
  route({
    operationId: 'deleteWebhook',
    method: 'DELETE',
    path: '/v1/webhooks/{webhookId}',
    tag: 'Webhooks',
    summary: 'Delete a webhook endpoint (send the version you read); its pending deliveries stop',
    params: webhookParams,
    success: { status: 204, description: 'Deleted' },
    errors: [400, 401, 403, 404, 412],
    versionRequired: true,
    handle: async ({ caller, params, ifMatch }, deps) => {
      await deleteWebhook(deps, caller, params.webhookId, ifMatch);
      return {};
    },
  }),
  route({
    operationId: 'rotateWebhookSecret',
    method: 'POST',
    path: '/v1/webhooks/{webhookId}/rotate-secret',
    tag: 'Webhooks',
    summary: 'Make a new signing secret (shown once); the previous one also signs for 24 h, so deliveries carry both signatures meanwhile',
    params: webhookParams,
    success: { status: 200, description: 'The endpoint with its new secret (shown only now; a replay under Idempotency-Key omits it)', schema: WebhookCreatedOut },
    errors: [400, 401, 403, 404, 412, 422],
    versionRequired: true,
    answer: { resource: 'webhook', schema: WebhookOut, result: (webhook: Webhook) => ({ body: webhookView(webhook) }) },
    replay: withoutSecret,
    handle: async ({ caller, params, ifMatch }, deps) => ({ body: await rotateWebhookSecret(deps, caller, params.webhookId, ifMatch) }),
  }),
  route({
    operationId: 'listWebhookDeliveries',
    method: 'GET',
    path: '/v1/webhooks/{webhookId}/deliveries',
    tag: 'Webhooks',
    summary: "An endpoint's deliveries, newest event first: status, every attempt (time, status code or error, duration) and the next retry",
    params: webhookParams,
    query: DeliveryListQuery,
    success: { status: 200, description: 'One page of deliveries', schema: page(DeliveryOut) },
    errors: [400, 401, 403, 404],
    handle: async ({ caller, params, query }, deps) => ({ body: await listDeliveries(deps, caller, params.webhookId, pageOf(query), query.status) }),
  }),
  route({
    operationId: 'retryWebhookDelivery',
    method: 'POST',
    path: '/v1/webhooks/{webhookId}/deliveries/{deliveryId}/retry',
    tag: 'Webhooks',
    summary: 'Send a failed, dead or pending delivery again now (same webhook-id and body); the attempt is made in the background and its outcome appears in the deliveries list; a success re-enables a disabled endpoint',
    params: deliveryParams,
    success: { status: 202, description: 'Accepted: the delivery, due now', schema: DeliveryOut },
    errors: [400, 401, 403, 404, 409, 422, 503],
    // An attempt to send, not an edit of the delivery: concurrent ones are serialised by the delivery's claim.
    versionRequired: false,
    handle: async ({ caller, params }, deps) => ({ body: await retryDelivery(deps, caller, params.webhookId, params.deliveryId) }),
  }),
];
