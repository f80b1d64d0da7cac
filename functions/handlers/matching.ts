/** Lambda entry for the matching routes (see `functions/routes/matching.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { matchingRoutes } from '#functions/routes/matching.ts';

export const handler = await httpEntry(matchingRoutes);
