/** Lambda entry for the alerts routes (see `functions/routes/alerts.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { alertRoutes } from '#functions/routes/alerts.ts';
import { alertDeliveries, alertPreferences } from '#functions/repositories.ts';

export const handler = await httpEntry(alertRoutes, { repositories: { alertDeliveries, alertPreferences } });
