/** Lambda entry for the operations routes (see `functions/routes/admin.ts`). */
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { adminRoutes } from '#functions/routes/admin.ts';

export const handler = httpHandler(adminRoutes, deps());
