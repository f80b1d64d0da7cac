/** Lambda entry for the listings routes (see `functions/routes/listings.ts`). */
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { listingRoutes } from '#functions/routes/listings.ts';

export const handler = httpHandler(listingRoutes, deps());
