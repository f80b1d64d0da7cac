/** Lambda entry for the matching routes (see `functions/routes/matching.ts` and `near-misses.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { matchingRoutes } from '#functions/routes/matching.ts';
import { nearMissRoutes } from '#functions/routes/near-misses.ts';

export const handler = await httpEntry([...matchingRoutes, ...nearMissRoutes]);
