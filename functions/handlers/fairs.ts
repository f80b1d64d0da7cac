/** Lambda entry for the fairs routes (see `functions/routes/fairs.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { fairRoutes } from '#functions/routes/fairs.ts';
import { bookings, fairs, listings, mine, sellers } from '#functions/repositories.ts';

export const handler = await httpEntry(fairRoutes, { repositories: { bookings, fairs, listings, mine, sellers } });
