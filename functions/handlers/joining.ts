/** Lambda entry for the joining routes (see `functions/routes/joining.ts`). */
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { joiningRoutes } from '#functions/routes/joining.ts';

export const handler = httpHandler(joiningRoutes, deps());
