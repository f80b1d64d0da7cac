/** Lambda entry for the matching routes (see `functions/routes/matching.ts`). */
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { observedHttp } from '#functions/observability.ts';
import { matchingRoutes } from '#functions/routes/matching.ts';

await resolveSecrets();
export const handler = observedHttp(httpHandler(matchingRoutes, deps()));
