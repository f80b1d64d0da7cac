/** Lambda entry for the buyers routes (see `functions/routes/buyers.ts`). */
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { observedHttp } from '#functions/observability.ts';
import { buyerRoutes } from '#functions/routes/buyers.ts';

await resolveSecrets();
export const handler = observedHttp(httpHandler(buyerRoutes, deps()));
