/** Lambda entry for the webhooks routes (see `functions/routes/webhooks.ts`). */
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { observedHttp } from '#functions/observability.ts';
import { webhookRoutes } from '#functions/routes/webhooks.ts';

await resolveSecrets();
export const handler = observedHttp(httpHandler(webhookRoutes, deps()));
