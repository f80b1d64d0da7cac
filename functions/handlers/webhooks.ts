/** Lambda entry for the webhooks routes (see `functions/routes/webhooks.ts`). */
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { webhookRoutes } from '#functions/routes/webhooks.ts';

export const handler = httpHandler(webhookRoutes, deps());
