/** Lambda entry for the "my things" routes (see `functions/routes/me.ts`). */
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { meRoutes } from '#functions/routes/me.ts';

export const handler = httpHandler(meRoutes, deps());
