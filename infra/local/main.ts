/**
 * `npm start`: the service at http://localhost:3000 (PORT overrides) on DynamoDB Local.
 *   npm start -- --data .local/db     persist data between runs
 *   npm start -- --seed demo          load demo data first
 *   npm start -- --verbose            print the functions' info logs (matching runs)
 */
import { parseArgs } from 'node:util';
import { startLocal } from '#infra/local/runtime.ts';
import { ensurePortalBuilt } from '#infra/local/portal.ts';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    seed: { type: 'string' },
    'seed-only': { type: 'boolean', default: false },
    port: { type: 'string' },
    host: { type: 'string', default: '127.0.0.1' },
    verbose: { type: 'boolean', default: false },
  },
});

// The functions' info logs (one JSON line per matching run) only with --verbose.
if (!values.verbose) process.env.LOG_LEVEL ??= 'warn';

const port = Number(values.port ?? process.env.PORT ?? 3000);
ensurePortalBuilt();
const runtime = await startLocal({ port, host: values.host, dataDir: values.data });

let stopping = false;
async function stop(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nStopping (DynamoDB Local included)…');
  await runtime.stop();
  process.exit(code);
}
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => void stop());

if (values.seed) {
  if (values.seed !== 'demo') {
    console.error(`Unknown seed "${values.seed}"; the only seed is "demo".`);
    await stop(2);
  }
  const { seedDemo } = await import('#infra/local/seed.ts');
  await seedDemo(runtime, (line) => process.stdout.write(`\r${line}`));
  process.stdout.write('\n');
  if (values['seed-only']) await stop(0);
}

console.log(`
Kết Nối is running
  Portal   ${runtime.url}/   (sign in as a demo user; npm start -- --seed demo for their data)
  API      ${runtime.url}/v1/health
  Docs     ${runtime.url}/docs   (OpenAPI: ${runtime.url}/openapi.json)
  Data     DynamoDB Local at ${runtime.dynamoEndpoint}, table ${runtime.tableName}${values.data ? `, stored in ${values.data}` : ', in memory'}
  Mail     ${runtime.url}/local/mail   (e-mails via the SES v2 emulator, SMS recorded)
  Sign up  curl -XPOST ${runtime.url}/v1/local/sign-up -d '{"phone":"0912345678"}'
  Token    npm run token -- --role cooperative --sub coop-1
           (roles: cooperative, retailer, organiser, admin)
  Try      curl -H "Authorization: Bearer $(npm run -s token -- --role cooperative)" ${runtime.url}/v1/listings
Ctrl-C stops everything.`);
