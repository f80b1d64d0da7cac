/**
 * Starts the whole service locally: DynamoDB Local, the table, and the HTTP API serving the
 * real Lambda handlers. Used by `npm start` and by the integration tests.
 */
import '#infra/local/mode.ts';
import type { Server } from 'node:http';
import { API } from '#functions/routes/index.ts';
import { createTable, localClient, startDynamoLocal, type LocalDynamo } from '#infra/local/dynamo.ts';
import { loadDevSecrets, type DevSecrets } from '#infra/local/auth.ts';
import { startHttpServer, type LambdaHandler, type MountedGroup } from '#infra/local/server.ts';
import { portalHook } from '#infra/local/portal.ts';
import { startStreamPoller, type PoisonHandler, type StreamHandler, type StreamPoller } from '#infra/local/streams.ts';
import { startWebhookWorker, type WebhookWorker } from '#functions/webhooks/worker.ts';
import { startLocalAlerts, type LocalAlerts } from '#infra/local/alerts.ts';

export interface LocalOptions {
  port: number;
  host?: string;
  /** Persist DynamoDB Local's data here; in memory when absent. */
  dataDir?: string;
  /** Use an already running DynamoDB (Local) instead of starting one. */
  dynamoEndpoint?: string;
  tableName?: string;
  secretsDir?: string;
  /** How often the local stand-in for the EventBridge schedule runs the expiry job. */
  expiryIntervalMs?: number;
  /** How often the local alert worker looks for due e-mail and SMS besides when one is queued (default 5 s). */
  alertIntervalMs?: number;
}

export interface LocalRuntime {
  url: string;
  dynamoEndpoint: string;
  tableName: string;
  secrets: DevSecrets;
  server: Server;
  stream: StreamPoller;
  /** Sends due webhook deliveries every second (the schedule + queue in AWS). */
  webhookWorker: WebhookWorker;
  /** Stops the stream relay and starts a new one from its checkpoint, as after a crash. */
  restartStream(): Promise<void>;
  /** Runs the daily expiry job now (a timer runs it every `expiryIntervalMs` too). */
  expireNow(): Promise<unknown>;
  /** The SES v2 emulator, the alert worker and local sign-up (infra/local/alerts.ts). */
  alerts: LocalAlerts;
  stop(): Promise<void>;
}

/**
 * Sets the environment the Lambda functions read at module load, exactly as the CDK stack
 * sets it in AWS, plus the local endpoint (the mode is set by `infra/local/mode.ts`, this
 * module's first import).
 */
export function setFunctionEnvironment(env: { tableName: string; dynamoEndpoint: string; cursorKey: string }) {
  process.env.TABLE_NAME = env.tableName;
  process.env.DYNAMODB_ENDPOINT = env.dynamoEndpoint;
  process.env.CURSOR_KEY = env.cursorKey;
  process.env.AWS_REGION ??= 'ap-southeast-1';
}

/** Imports each group's Lambda entry (`functions/handlers/<name>.ts`) as AWS would. */
export async function loadHandlers(): Promise<MountedGroup[]> {
  return Promise.all(
    API.map(async (group) => {
      const mod = (await import(`../../functions/handlers/${group.name}.ts`)) as { handler: LambdaHandler };
      return { name: group.name, routes: group.routes, handler: mod.handler };
    }),
  );
}

/** How often the local workers look for due deliveries that nothing woke them for. */
const SWEEP_MS = 5000;

export async function startLocal(opts: LocalOptions): Promise<LocalRuntime> {
  const secrets = await loadDevSecrets(opts.secretsDir);
  const tableName = opts.tableName ?? 'ketnoi-local';
  let dynamo: LocalDynamo | undefined;
  const dynamoEndpoint = opts.dynamoEndpoint ?? (dynamo = await startDynamoLocal({ dataDir: opts.dataDir })).endpoint;
  const client = localClient(dynamoEndpoint);
  await createTable(client, tableName);
  client.destroy();
  setFunctionEnvironment({ tableName, dynamoEndpoint, cursorKey: secrets.cursorKey });
  const alerts = await startLocalAlerts(secrets, { intervalMs: opts.alertIntervalMs ?? SWEEP_MS });
  // The process's shared dependencies (the background functions', the workers' and the local
  // routes') have every repository; each API entry builds its own with what it wires.
  const { deps } = await import('#functions/deps.ts');
  const { ALL_REPOSITORIES } = await import('#functions/repositories.ts');
  deps({ repositories: ALL_REPOSITORIES });
  const groups = await loadHandlers();
  const host = opts.host ?? '127.0.0.1';
  const portal = portalHook(secrets);
  // The relay is woken after each response to a write rather than polling the stream fast all the time.
  let stream: StreamPoller;
  const server = await startHttpServer(groups, secrets, opts.port, {
    host,
    localRoutes: async (req, res, url) => (await alerts.localRoutes(req, res, url)) || portal(req, res, url),
    afterWrite: () => stream?.nudge(),
  });
  const { port } = server.address() as { port: number };
  alerts.serving(`http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`);
  const streamEntry = (await import('../../functions/handlers/stream.ts')) as unknown as { handler: (e: unknown, c: unknown) => ReturnType<StreamHandler> };
  const streamOptions = {
    endpoint: dynamoEndpoint,
    tableName,
    handler: ((event) => streamEntry.handler(event, {})) satisfies StreamHandler,
    // Where the on-failure destination would keep it in AWS: readable and replayable by admins.
    // The function reports only which record failed; one last run alone gives the error to keep.
    onPoison: (async (record, reported, attempts) => {
      const { processStreamRecords } = await import('#functions/stream/process.ts');
      const last = await processStreamRecords(deps(), [record]).then((r) => r.failures[0], (error: unknown) => ({ error }));
      if (last) await deps().parkedRecords.park(record, last.error ?? reported, attempts + 1);
    }) satisfies PoisonHandler,
  };
  stream = await startStreamPoller(streamOptions);
  const expireEntry = (await import('../../functions/handlers/expire.ts')) as { handler: (e: unknown, c: unknown) => Promise<unknown> };
  const expireNow = () => expireEntry.handler({ source: 'local.schedule' }, {});
  // Both workers run when there is something to send, as SQS and the schedule make them in AWS:
  // the webhook worker when the local scheduler says a delivery is due, the alert worker when a
  // delivery is queued. Their sweeps, a safety net for what a restart missed, need not be fast.
  const webhookWorker = startWebhookWorker(deps(), { intervalMs: SWEEP_MS });
  const { onAlertQueued } = await import('#functions/alerts/queued.ts');
  const stopAlertKicks = onAlertQueued(() => void alerts.worker?.kick());
  const timer = setInterval(() => void expireNow().catch((err) => console.error('expiry run failed', err)), opts.expiryIntervalMs ?? 3600_000);
  timer.unref();
  return {
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${port}`,
    dynamoEndpoint,
    tableName,
    secrets,
    server,
    get stream() {
      return stream;
    },
    async restartStream() {
      await stream.stop();
      stream = await startStreamPoller({ ...streamOptions, checkpoints: stream.checkpoints() });
    },
    expireNow,
    webhookWorker,
    alerts,
    async stop() {
      clearInterval(timer);
      stopAlertKicks();
      await webhookWorker.stop();
      await alerts.stop();
      await stream.stop();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
      await dynamo?.stop();
    },
  };
}
