/** Lambda entry for the matching routes (see `functions/routes/matching.ts`). */
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { matchingRoutes } from '#functions/routes/matching.ts';

export const handler = httpHandler(matchingRoutes, deps());
