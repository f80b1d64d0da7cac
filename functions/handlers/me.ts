/** Lambda entry for the "my things" routes (see `functions/routes/me.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { meRoutes } from '#functions/routes/me.ts';
import { buyers, listings, mine, sellers } from '#functions/repositories.ts';

export const handler = await httpEntry(meRoutes, { repositories: { buyers, listings, mine, sellers } });
