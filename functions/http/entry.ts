/** What every HTTP Lambda entry does at cold start (`functions/handlers/<group>.ts`). */
import { loadConfig, resolveSecrets } from '#functions/config.ts';
import { makeDeps, type AwsWiring } from '#functions/deps.ts';
import { httpHandler } from '#functions/http/handler.ts';
import type { Route } from '#functions/http/route.ts';
import { observedHttp } from '#functions/observability.ts';

/**
 * Reads the secrets, builds the dependencies with what the group's routes use (`wiring`: its
 * repositories, and the AWS adapters of the few that call another service) and returns the
 * observed handler of the group's routes. The dependencies are the entry's own, also in the
 * local runtime, where every entry runs in one process: the tests run each group as wired.
 */
export async function httpEntry(routes: Route[], wiring: AwsWiring) {
  await resolveSecrets();
  return observedHttp(httpHandler(routes, makeDeps(loadConfig(), wiring)));
}
