/** Lambda entry for the meta routes (see `functions/routes/meta.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { metaRoutes } from '#functions/routes/meta.ts';

// Every route is loaded only for the OpenAPI document, on its first request.
export const handler = await httpEntry(metaRoutes(async () => (await import('#functions/routes/index.ts')).allRoutes()), {});
