/** Lambda entry for the operations routes (see `functions/routes/admin.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { adminRoutes } from '#functions/routes/admin.ts';

export const handler = await httpEntry(adminRoutes);
