/** Lambda entry for the inbox routes (see `functions/routes/notifications.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { notificationRoutes } from '#functions/routes/notifications.ts';
import { alerting } from '#functions/repositories.ts';

export const handler = await httpEntry(notificationRoutes, { repositories: alerting });
