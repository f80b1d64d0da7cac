/** Lambda entry for the buyers routes (see `functions/routes/buyers.ts`). */
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { buyerRoutes } from '#functions/routes/buyers.ts';

export const handler = httpHandler(buyerRoutes, deps());
