/** Lambda entry for the listings routes (see `functions/routes/listings.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { listingRoutes } from '#functions/routes/listings.ts';
import { listings, sellers } from '#functions/repositories.ts';

export const handler = await httpEntry(listingRoutes, { repositories: { listings, sellers } });
