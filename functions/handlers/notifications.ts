/** Lambda entry for the inbox routes (see `functions/routes/notifications.ts`). */
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { notificationRoutes } from '#functions/routes/notifications.ts';

export const handler = httpHandler(notificationRoutes, deps());
