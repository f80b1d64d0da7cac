/**
 * Wires the use cases' dependencies to DynamoDB. `makeDeps` is pure wiring; `deps` is built
 * once per Lambda container, at module load, from the validated environment.
 *
 * Every function bundles this file, so it imports no repository and no AWS client but
 * DynamoDB's. Each function's entry passes in what it uses ({@link AwsWiring}): its
 * repositories (`repositories`; `functions/repositories.ts` has them all, for the local runtime
 * and the background functions) and the clients only some functions call (EventBridge, SQS,
 * KMS, X-Ray tracing). What an API function does not use stays out of its bundle and its cold
 * start, as its IAM role keeps it from calling what it does not use. Locally no AWS client is
 * needed: the in-process bus, scheduler and key file stand in for them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { DeliveryScheduler, Deps as DomainDeps, EventBus } from '#domain/ports.ts';
import { loadConfig, type Config } from '#functions/config.ts';
import { CursorCodec } from '#functions/data/cursor.ts';
import { Store } from '#functions/data/store.ts';
import { DEFAULT_QUOTAS, quotas, type Quotas } from '#functions/data/quotas.ts';
import { IdempotencyStore } from '#functions/data/idempotency.ts';
import type { KeyWrapper } from '#functions/webhooks/secret-box.ts';
import { LocalScheduler } from '#functions/webhooks/scheduler.ts';
import { InProcessBus } from '#functions/bus/bus.ts';
import type { ParkedRecordRepository } from '#functions/data/parked-records.ts';

/**
 * The domain's {@link DomainDeps | Deps} (every port, the clock, the ids) plus what the runtime
 * adds: the table store, idempotency records, configuration, parked stream records and the
 * portal's address.
 */
export interface Deps extends DomainDeps {
  store: Store;
  idempotency: IdempotencyStore;
  config: Config;
  /** Stream records that failed every attempt, kept for an admin to replay. */
  parkedRecords: ParkedRecordRepository;
  /** Alerts link to the portal's page of the thing. */
  portalUrl: string;
}

/**
 * The AWS adapters a function's entry wires in, each used when its configuration is set; a
 * function that is configured for one but was not given it fails on first use, as it would on
 * its IAM role.
 */
export interface AwsWiring {
  /** Publishes to EventBridge when EVENT_BUS_NAME is set (the stream function's relay). */
  bus?: (busName: string, region: string) => EventBus;
  /** Wakes the webhook worker through SQS when WEBHOOK_QUEUE_URL is set. */
  scheduler?: (queueUrl: string, region: string) => DeliveryScheduler;
  /** Wraps webhook secrets' data keys under KMS when WEBHOOK_KMS_KEY_ID is set. */
  keyWrapper?: (keyId: string, region: string) => KeyWrapper;
  /** Instruments the DynamoDB client (X-Ray tracing in the background functions). */
  instrument?: <C>(client: C) => C;
  /** The repositories and adapters the function uses; any other fails on first use. */
  repositories?: Repositories;
}

/** The parts of {@link Deps} a function's entry wires in, each built from the table store. */
const WIRED = ['parkedRecords', 'sellers', 'buyers', 'listings', 'demands', 'fairs', 'bookings', 'matchIndex', 'matches', 'marketParts', 'stats', 'fairSuggestions', 'webhooks', 'deliveries', 'endpointPolicy', 'transport', 'secretBox', 'notifications', 'mine', 'roleRequests', 'alertPreferences', 'alertDeliveries'] as const;
export type Wired = (typeof WIRED)[number];

/** What a repository is built from. */
export interface WiringContext {
  store: Store;
  config: Config;
  /** Per-user daily quotas on creates. */
  quotas: Quotas;
  now: () => Date;
  aws: AwsWiring;
  /** The finished dependencies (for repositories that call others, e.g. the inbox offering notices to alerts). */
  deps: () => Deps;
}

/** Builders of the {@link Wired} parts a function uses. */
export type Repositories = { [K in Wired]?: (ctx: WiringContext) => Deps[K] };

/** An adapter this function was configured for but not wired with: says so when used. */
function notWired(what: string): never {
  throw new Error(`${what} is not wired into this function (functions/deps.ts, AwsWiring)`);
}

/**
 * DynamoDB Local picks the database by access key (DYNAMODB_LOCAL_ACCESS_KEY). The key is read
 * at each request rather than once, so the local runtime can start again in the same process on
 * another database with its modules loaded: the integration tests give each file a database of
 * its own in workers that keep their modules (vitest.config.ts). An identity that is already
 * expired makes the SDK ask again every time.
 */
function localDatabaseCredentials(config: Config) {
  return async () => ({ accessKeyId: process.env.DYNAMODB_LOCAL_ACCESS_KEY || config.DYNAMODB_LOCAL_ACCESS_KEY, secretAccessKey: 'local', expiration: new Date(0) });
}

/** Builds the DynamoDB-backed dependencies for a configuration, with the AWS adapters `wiring` gives. */
export function makeDeps(config: Config, wiring: AwsWiring = {}): Deps {
  const client = new DynamoDBClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: localDatabaseCredentials(config) } : {}),
    maxAttempts: 5,
  });
  wiring.instrument?.(client);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const store = new Store(doc, config.TABLE_NAME, new CursorCodec(Buffer.from(config.CURSOR_KEY, 'base64')));
  const clock = processClock;
  const quotasOf = quotas(
    store,
    {
      listing: config.QUOTA_LISTINGS_PER_DAY ?? DEFAULT_QUOTAS.listing,
      demand: config.QUOTA_DEMANDS_PER_DAY ?? DEFAULT_QUOTAS.demand,
      webhook: config.QUOTA_WEBHOOKS_PER_DAY ?? DEFAULT_QUOTAS.webhook,
    },
    () => clock.now(),
  );
  // Locally the relay hands events straight to this service's consumers; in AWS EventBridge does.
  const busName = config.EVENT_BUS_NAME;
  const bus: EventBus = busName ? (wiring.bus?.(busName, config.AWS_REGION) ?? { publish: async () => notWired('EventBridge') }) : new InProcessBus();
  const queueUrl = config.WEBHOOK_QUEUE_URL;
  // Locally one scheduler for the process, so the local worker hears a wake from any function.
  const scheduler: DeliveryScheduler = queueUrl ? (wiring.scheduler?.(queueUrl, config.AWS_REGION) ?? { wake: async () => notWired('SQS') }) : (localScheduler ??= new LocalScheduler());
  const ctx: WiringContext = { store, config, quotas: quotasOf, now: () => clock.now(), aws: wiring, deps: () => deps };
  const deps = {
    store,
    config,
    idempotency: new IdempotencyStore(store),
    scheduler,
    webhookSettings: { timeScale: config.WEBHOOK_TIME_SCALE ?? 1 },
    portalUrl: config.PORTAL_URL ?? 'https://ketnoi.vn',
    bus,
    clock,
    ids: { next: () => ulid() },
  } as Deps; // the wired parts are added next
  const built = wiring.repositories ?? {};
  for (const name of Object.keys(built) as Wired[]) (deps as unknown as Record<Wired, unknown>)[name] = built[name]!(ctx);
  // A part the entry did not wire says so when used (the integration tests run every entry as
  // wired, so a route that needs one it lacks fails there, not in AWS).
  for (const name of WIRED) if (!(name in deps)) Object.defineProperty(deps, name, { get: () => notWired(`the ${name} repository`), enumerable: false });
  // Local only: in AWS every function has EVENT_BUS_NAME and the events and grant functions
  // do this. The Lambda bundles leave it out: esbuild replaces KETNOI_LAMBDA_BUNDLE with `true`
  // (BUNDLING in infra/functions.ts; it is no setting). Kept in a bundle, an import() makes
  // esbuild wrap the module and all it imports for lazy evaluation, and wrapped modules lose
  // tree shaking (every function carried and ran all of zod and the DynamoDB client's every
  // command, waiter and schema at cold start); imported statically, the consumers' schemas
  // would be built at every cold start.
  if (!process.env.KETNOI_LAMBDA_BUNDLE && bus instanceof InProcessBus) {
    bus.subscribe(async (event) => (await import('#functions/consumers/inbox-and-webhooks.ts')).handleEvent(deps, event));
    // Locally the group directory is a table item; in AWS a Lambda with only AdminAddUserToGroup does this.
    bus.subscribe(async (event) => {
      const [{ applyRoleDecision }, { dynamoGroupDirectory }] = await Promise.all([import('#domain/role-decisions.ts'), import('#functions/data/role-requests.ts')]);
      await applyRoleDecision(dynamoGroupDirectory(store), event);
    });
  }
  return deps;
}

/**
 * One clock for every function of the process, as they share the machine's time: a local test
 * that moves it (`deps().clock.now = …`) moves it for all of them.
 */
const processClock = { now: () => new Date() };

let cached: Deps | undefined;
let localScheduler: LocalScheduler | undefined;
/**
 * The container's dependencies, created on first use from the environment, with the AWS
 * adapters the function's entry wires (the first call's `wiring` is kept).
 */
export function deps(wiring?: AwsWiring): Deps {
  return (cached ??= makeDeps(loadConfig(), wiring));
}
