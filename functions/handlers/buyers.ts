/** Lambda entry for the buyers routes (see `functions/routes/buyers.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { buyerRoutes } from '#functions/routes/buyers.ts';
import { buyers } from '#functions/repositories.ts';

export const handler = await httpEntry(buyerRoutes, { repositories: { buyers } });
