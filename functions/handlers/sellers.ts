/** Lambda entry for the sellers routes (see `functions/routes/sellers.ts`). */
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { observedHttp } from '#functions/observability.ts';
import { sellerRoutes } from '#functions/routes/sellers.ts';

await resolveSecrets();
export const handler = observedHttp(httpHandler(sellerRoutes, deps()));
