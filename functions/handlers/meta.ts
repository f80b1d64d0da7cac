/** Lambda entry for the meta routes (see `functions/routes/meta.ts`). */
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { API } from '#functions/routes/index.ts';

export const handler = httpHandler(API.find((g) => g.name === 'meta')!.routes, deps());
