/**
 * Puts this process in local mode before any Lambda module loads. Powertools reads
 * `POWERTOOLS_DEV` when `functions/observability.ts` builds its Logger and Metrics, at module
 * load: the local runtime's own imports (the webhook worker, the routes) load that module before
 * `startLocal` runs, so setting the mode there came too late, and the tests printed EMF metrics
 * on stdout. `infra/local/runtime.ts` imports it first, so ES module order runs it before the
 * runtime's other imports (and the tests' app, test/support/app.ts, loads no function module
 * before the runtime).
 */
process.env.KETNOI_MODE = 'local';
process.env.POWERTOOLS_DEV ??= 'true';
