/** Lambda entry for the listings routes (see `functions/routes/listings.ts`). */
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { observedHttp } from '#functions/observability.ts';
import { listingRoutes } from '#functions/routes/listings.ts';

await resolveSecrets();
export const handler = observedHttp(httpHandler(listingRoutes, deps()));
