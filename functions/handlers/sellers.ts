/** Lambda entry for the sellers routes (see `functions/routes/sellers.ts`). */
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { sellerRoutes } from '#functions/routes/sellers.ts';

export const handler = httpHandler(sellerRoutes, deps());
