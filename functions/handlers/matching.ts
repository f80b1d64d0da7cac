/** Lambda entry for the matching routes (see `functions/routes/matching.ts` and `near-misses.ts`). */
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { matchingRoutes } from '#functions/routes/matching.ts';
import { nearMissRoutes } from '#functions/routes/near-misses.ts';

export const handler = httpHandler([...matchingRoutes, ...nearMissRoutes], deps());
