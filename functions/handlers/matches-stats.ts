/** Lambda entry for the matches, fair suggestions and statistics routes (see `functions/routes/matches-stats.ts`). */
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { observedHttp } from '#functions/observability.ts';
import { matchesStatsRoutes } from '#functions/routes/matches-stats.ts';

await resolveSecrets();
export const handler = observedHttp(httpHandler(matchesStatsRoutes, deps()));
