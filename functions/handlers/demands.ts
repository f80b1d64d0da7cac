/** Lambda entry for the demands routes (see `functions/routes/demands.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { demandRoutes } from '#functions/routes/demands.ts';
import { buyers, demands } from '#functions/repositories.ts';

export const handler = await httpEntry(demandRoutes, { repositories: { buyers, demands } });
