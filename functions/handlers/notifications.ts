/** Lambda entry for the inbox routes (see `functions/routes/notifications.ts`). */
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { observedHttp } from '#functions/observability.ts';
import { notificationRoutes } from '#functions/routes/notifications.ts';

await resolveSecrets();
export const handler = observedHttp(httpHandler(notificationRoutes, deps()));
