/** Lambda entry for the fairs routes (see `functions/routes/fairs.ts`). */
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { fairRoutes } from '#functions/routes/fairs.ts';

export const handler = httpHandler(fairRoutes, deps());
