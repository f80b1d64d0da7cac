/** Lambda entry for the alerts routes (see `functions/routes/alerts.ts`). */
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { alertRoutes } from '#functions/routes/alerts.ts';

export const handler = httpHandler(alertRoutes, deps());
