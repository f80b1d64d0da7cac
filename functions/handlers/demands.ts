/** Lambda entry for the demands routes (see `functions/routes/demands.ts`). */
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { observedHttp } from '#functions/observability.ts';
import { demandRoutes } from '#functions/routes/demands.ts';

await resolveSecrets();
export const handler = observedHttp(httpHandler(demandRoutes, deps()));
