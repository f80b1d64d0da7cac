/** Lambda entry for the meta routes (see `functions/routes/meta.ts`). */
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import { observedHttp } from '#functions/observability.ts';
import { API } from '#functions/routes/index.ts';

await resolveSecrets();
export const handler = observedHttp(httpHandler(API.find((g) => g.name === 'meta')!.routes, deps()));
