/**
 * Wires the use cases' dependencies to DynamoDB. `makeDeps` is pure wiring; `deps` is built
 * once per Lambda container, at module load, from the validated environment.
 *
 * Every function bundles this file, so it imports no AWS client but DynamoDB's: the clients
 * only some functions use (EventBridge, SQS, KMS) and X-Ray tracing are {@link AwsWiring}
 * that those functions' entries pass in, which keeps them out of every other bundle (each
 * function wires what its IAM role lets it call, nothing more). Locally none is needed: the
 * in-process bus, scheduler and key file stand in for them.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { DeliveryScheduler, Deps as DomainDeps, EventBus, SecretBox } from '#domain/ports.ts';
import { loadConfig, type Config } from '#functions/config.ts';
import { CursorCodec } from '#functions/data/cursor.ts';
import { Store } from '#functions/data/store.ts';
import { sellerRepository } from '#functions/data/sellers.ts';
import { buyerRepository } from '#functions/data/buyers.ts';
import { listingRepository } from '#functions/data/listings.ts';
import { DEFAULT_QUOTAS, quotas } from '#functions/data/quotas.ts';
import { demandRepository } from '#functions/data/demands.ts';
import { bookingRepository, fairRepository } from '#functions/data/fairs.ts';
import { IdempotencyStore } from '#functions/data/idempotency.ts';
import { matchIndex } from '#functions/data/match-index.ts';
import { matchRepository } from '#functions/data/matches.ts';
import { marketParts } from '#functions/data/market-parts.ts';
import { statsRepository } from '#functions/data/stats.ts';
import { fairSuggestionRepository } from '#functions/data/fair-suggestions.ts';
import { deliveryRepository, webhookRepository } from '#functions/data/webhooks.ts';
import { dnsResolver, httpTransport } from '#functions/webhooks/sender.ts';
import { endpointPolicy } from '#functions/webhooks/address-policy.ts';
import { fileKeyWrapper, secretBox, type KeyWrapper } from '#functions/webhooks/secret-box.ts';
import { LocalScheduler } from '#functions/webhooks/scheduler.ts';
import { notificationRepository } from '#functions/data/notifications.ts';
import { mineRepository } from '#functions/data/mine.ts';
import { InProcessBus } from '#functions/bus/bus.ts';
import { parkedRecordRepository, type ParkedRecordRepository } from '#functions/data/parked-records.ts';
import { roleRequestRepository } from '#functions/data/role-requests.ts';
import { alertDeliveryRepository, alertPreferenceRepository } from '#functions/data/alert-preferences.ts';
import { withAlerts } from '#functions/alerts/consumers.ts';

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
}

/** An adapter this function was configured for but not wired with: says so when used. */
function notWired(what: string): never {
  throw new Error(`${what} is not wired into this function (functions/deps.ts, AwsWiring)`);
}

/**
 * Webhook secrets at rest: sealed under KMS in AWS, under the local key file locally. Built on
 * first use, so only the functions that handle secrets need the key (and its configuration).
 */
function webhookSecretBox(config: Config, wiring: AwsWiring): SecretBox {
  let box: SecretBox | undefined;
  const open = () => {
    if (box) return box;
    if (config.WEBHOOK_KMS_KEY_ID) return (box = secretBox((wiring.keyWrapper ?? (() => notWired('KMS')))(config.WEBHOOK_KMS_KEY_ID, config.AWS_REGION)));
    if (config.KETNOI_MODE !== 'local') throw new Error('Invalid configuration: WEBHOOK_KMS_KEY_ID is required to handle webhook secrets outside local mode');
    return (box = secretBox(fileKeyWrapper(config.WEBHOOK_SECRET_KEY_FILE ?? '.local/webhook-secret.key')));
  };
  return { seal: (plaintext, context) => open().seal(plaintext, context), open: (sealed, context) => open().open(sealed, context) };
}

/** Builds the DynamoDB-backed dependencies for a configuration, with the AWS adapters `wiring` gives. */
export function makeDeps(config: Config, wiring: AwsWiring = {}): Deps {
  const client = new DynamoDBClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT
      ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: { accessKeyId: config.DYNAMODB_LOCAL_ACCESS_KEY, secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 5,
  });
  wiring.instrument?.(client);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const store = new Store(doc, config.TABLE_NAME, new CursorCodec(Buffer.from(config.CURSOR_KEY, 'base64')));
  const clock = { now: () => new Date() };
  const quotasOf = quotas(
    store,
    {
      listing: config.QUOTA_LISTINGS_PER_DAY ?? DEFAULT_QUOTAS.listing,
      demand: config.QUOTA_DEMANDS_PER_DAY ?? DEFAULT_QUOTAS.demand,
      webhook: config.QUOTA_WEBHOOKS_PER_DAY ?? DEFAULT_QUOTAS.webhook,
    },
    clock.now,
  );
  // Locally the relay hands events straight to this service's consumers; in AWS EventBridge does.
  const busName = config.EVENT_BUS_NAME;
  const bus: EventBus = busName ? (wiring.bus?.(busName, config.AWS_REGION) ?? { publish: async () => notWired('EventBridge') }) : new InProcessBus();
  const queueUrl = config.WEBHOOK_QUEUE_URL;
  const scheduler: DeliveryScheduler = queueUrl ? (wiring.scheduler?.(queueUrl, config.AWS_REGION) ?? { wake: async () => notWired('SQS') }) : new LocalScheduler();
  const deps: Deps = {
    store,
    config,
    idempotency: new IdempotencyStore(store),
    parkedRecords: parkedRecordRepository(store),
    sellers: sellerRepository(store),
    buyers: buyerRepository(store),
    listings: listingRepository(store, quotasOf),
    demands: demandRepository(store, quotasOf),
    fairs: fairRepository(store),
    bookings: bookingRepository(store),
    matchIndex: matchIndex(store),
    matches: matchRepository(store),
    marketParts: marketParts(store),
    stats: statsRepository(store),
    fairSuggestions: fairSuggestionRepository(store),
    webhooks: webhookRepository(store, quotasOf),
    deliveries: deliveryRepository(store),
    endpointPolicy: endpointPolicy(dnsResolver(), config.KETNOI_MODE === 'local'),
    transport: httpTransport(),
    secretBox: webhookSecretBox(config, wiring),
    scheduler,
    webhookSettings: { timeScale: config.WEBHOOK_TIME_SCALE ?? 1 },
    // Every inbox notice is also offered to the e-mail and SMS channels (functions/alerts/).
    notifications: withAlerts(notificationRepository(store, clock.now), () => deps),
    mine: mineRepository(store),
    roleRequests: roleRequestRepository(store),
    alertPreferences: alertPreferenceRepository(store),
    alertDeliveries: alertDeliveryRepository(store),
    portalUrl: config.PORTAL_URL ?? 'https://ketnoi.vn',
    bus,
    clock,
    ids: { next: () => ulid() },
  };
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

let cached: Deps | undefined;
/**
 * The container's dependencies, created on first use from the environment, with the AWS
 * adapters the function's entry wires (the first call's `wiring` is kept).
 */
export function deps(wiring?: AwsWiring): Deps {
  return (cached ??= makeDeps(loadConfig(), wiring));
}
