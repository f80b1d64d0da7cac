/** Lambda entry for the sellers routes (see `functions/routes/sellers.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { sellerRoutes } from '#functions/routes/sellers.ts';
import { sellers } from '#functions/repositories.ts';

export const handler = await httpEntry(sellerRoutes, { repositories: { sellers } });
