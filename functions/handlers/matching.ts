/** Lambda entry for the matching routes (see `functions/routes/matching.ts` and `near-misses.ts`). */
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { observedHttp } from '#functions/observability.ts';
import { matchingRoutes } from '#functions/routes/matching.ts';
import { nearMissRoutes } from '#functions/routes/near-misses.ts';

await resolveSecrets();
export const handler = observedHttp(httpHandler([...matchingRoutes, ...nearMissRoutes], deps()));
