/** What every HTTP Lambda entry does at cold start (`functions/handlers/<group>.ts`). */
import { resolveSecrets } from '#functions/config.ts';
import { deps, type AwsWiring } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import type { Route } from '#functions/http/route.ts';
import { observedHttp } from '#functions/observability.ts';

/**
 * Reads the secrets, builds the dependencies with the AWS adapters the group uses (`wiring`;
 * none for most) and returns the observed handler of the group's routes.
 */
export async function httpEntry(routes: Route[], wiring?: AwsWiring) {
  await resolveSecrets();
  return observedHttp(httpHandler(routes, deps(wiring)));
}
