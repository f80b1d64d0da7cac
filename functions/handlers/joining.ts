/** Lambda entry for the joining routes (see `functions/routes/joining.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { joiningRoutes } from '#functions/routes/joining.ts';
import { alertDeliveries, alertPreferences, roleRequests } from '#functions/repositories.ts';

export const handler = await httpEntry(joiningRoutes, { repositories: { alertDeliveries, alertPreferences, roleRequests } });
