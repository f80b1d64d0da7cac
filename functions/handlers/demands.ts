/** Lambda entry for the demands routes (see `functions/routes/demands.ts`). */
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { demandRoutes } from '#functions/routes/demands.ts';

export const handler = httpHandler(demandRoutes, deps());
