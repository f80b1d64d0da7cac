/** Lambda entry for the fairs routes (see `functions/routes/fairs.ts`). */
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { observedHttp } from '#functions/observability.ts';
import { fairRoutes } from '#functions/routes/fairs.ts';

await resolveSecrets();
export const handler = observedHttp(httpHandler(fairRoutes, deps()));
