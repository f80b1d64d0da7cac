/** Lambda entry for the operations routes (see `functions/routes/admin.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { adminRoutes } from '#functions/routes/admin.ts';
import { ALL_REPOSITORIES } from '#functions/repositories.ts';

// Replaying a parked record is the stream function's processing: it uses what that function does.
export const handler = await httpEntry(adminRoutes, { repositories: ALL_REPOSITORIES });
