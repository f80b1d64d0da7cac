/** Lambda entry for the meta routes (see `functions/routes/meta.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { API } from '#functions/routes/index.ts';

export const handler = await httpEntry(API.find((g) => g.name === 'meta')!.routes);
