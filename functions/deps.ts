/**
 * Wires the use cases' dependencies to DynamoDB. `makeDeps` is pure wiring; `deps` is built
 * once per Lambda container, at module load, from the validated environment.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Deps, JoiningDeps, SecretBox, WebhookDeps } from '#domain/ports.ts';
import { loadConfig, type Config } from '#functions/config.ts';
import { tracer } from '#functions/observability.ts';
import { CursorCodec } from '#functions/data/cursor.ts';
import { Store } from '#functions/data/store.ts';
import { sellerRepository } from '#functions/data/sellers.ts';
import { buyerRepository } from '#functions/data/buyers.ts';
import { listingRepository } from '#functions/data/listings.ts';
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
import { fileKeyWrapper, kmsKeyWrapper, secretBox } from '#functions/webhooks/secret-box.ts';
import { LocalScheduler, sqsScheduler } from '#functions/webhooks/scheduler.ts';
import { notificationRepository } from '#functions/data/notifications.ts';
import { EventBridgeBus, EventBridgeClient, InProcessBus } from '#functions/events/bus.ts';
import { handleEvent } from '#functions/events/consumers.ts';
import type { Envelope } from '#events/envelope.ts';
import { parkedRecordRepository, type ParkedRecordRepository } from '#functions/data/parked-records.ts';
import { dynamoGroupDirectory, roleRequestRepository } from '#functions/data/role-requests.ts';
import { alertDeliveryRepository, alertPreferenceRepository } from '#functions/data/alert-preferences.ts';
import { withAlerts } from '#functions/alerts/consumers.ts';
import { applyRoleDecision } from '#domain/role-requests.ts';

export interface AppDeps extends Deps, WebhookDeps, JoiningDeps {
  store: Store;
  idempotency: IdempotencyStore;
  config: Config;
  /** Stream records that failed every attempt, kept for an admin to replay. */
  parkedRecords: ParkedRecordRepository;
  /** Extra event consumers (webhook deliveries) wired by the runtime. */
  onEvent?: (event: Envelope) => Promise<void>;
  /** Alerts link to the portal's page of the thing. */
  portalUrl: string;
}

/**
 * Webhook secrets at rest: sealed under KMS in AWS, under the local key file locally. Built on
 * first use, so only the functions that handle secrets need the key (and its configuration).
 */
function webhookSecretBox(config: Config): SecretBox {
  let box: SecretBox | undefined;
  const open = () => {
    if (box) return box;
    if (config.WEBHOOK_KMS_KEY_ID) return (box = secretBox(kmsKeyWrapper(config.WEBHOOK_KMS_KEY_ID, config.AWS_REGION)));
    if (config.KETNOI_MODE !== 'local') throw new Error('Invalid configuration: WEBHOOK_KMS_KEY_ID is required to handle webhook secrets outside local mode');
    return (box = secretBox(fileKeyWrapper(config.WEBHOOK_SECRET_KEY_FILE ?? '.local/webhook-secret.key')));
  };
  return { seal: (plaintext, context) => open().seal(plaintext, context), open: (sealed, context) => open().open(sealed, context) };
}

/** Builds the DynamoDB-backed dependencies for a configuration. */
export function makeDeps(config: Config): AppDeps {
  const client = new DynamoDBClient({
    region: config.AWS_REGION,
    ...(config.DYNAMODB_ENDPOINT
      ? { endpoint: config.DYNAMODB_ENDPOINT, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } }
      : {}),
    maxAttempts: 5,
  });
  tracer.captureAWSv3Client(client);
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const store = new Store(doc, config.TABLE_NAME, new CursorCodec(Buffer.from(config.CURSOR_KEY, 'base64')));
  const clock = { now: () => new Date() };
  // Locally the relay hands events straight to this service's consumers; in AWS EventBridge does.
  const bus = config.EVENT_BUS_NAME ? new EventBridgeBus(new EventBridgeClient({ region: config.AWS_REGION }), config.EVENT_BUS_NAME) : new InProcessBus();
  const deps: AppDeps = {
    store,
    config,
    idempotency: new IdempotencyStore(store),
    parkedRecords: parkedRecordRepository(store),
    sellers: sellerRepository(store),
    buyers: buyerRepository(store),
    listings: listingRepository(store),
    demands: demandRepository(store),
    fairs: fairRepository(store),
    bookings: bookingRepository(store),
    matchIndex: matchIndex(store),
    matches: matchRepository(store),
    marketParts: marketParts(store),
    stats: statsRepository(store),
    fairSuggestions: fairSuggestionRepository(store),
    webhooks: webhookRepository(store),
    deliveries: deliveryRepository(store),
    endpointPolicy: endpointPolicy(dnsResolver(), config.KETNOI_MODE === 'local'),
    transport: httpTransport(),
    secretBox: webhookSecretBox(config),
    scheduler: config.WEBHOOK_QUEUE_URL ? sqsScheduler(config.WEBHOOK_QUEUE_URL, config.AWS_REGION) : new LocalScheduler(),
    webhookSettings: { timeScale: config.WEBHOOK_TIME_SCALE ?? 1 },
    // Every inbox notice is also offered to the e-mail and SMS channels (functions/alerts/).
    notifications: withAlerts(notificationRepository(store, clock.now), () => deps),
    roleRequests: roleRequestRepository(store),
    alertPreferences: alertPreferenceRepository(store),
    alertDeliveries: alertDeliveryRepository(store),
    portalUrl: config.PORTAL_URL ?? 'https://ketnoi.vn',
    bus,
    clock,
    ids: { next: () => ulid() },
  };
  if (bus instanceof InProcessBus) bus.subscribe((event) => handleEvent(deps, event));
  // Locally the group directory is a table item; in AWS a Lambda with only AdminAddUserToGroup does this.
  if (bus instanceof InProcessBus) bus.subscribe((event) => applyRoleDecision(dynamoGroupDirectory(store), event));
  return deps;
}

let cached: AppDeps | undefined;
/** The container's dependencies, created on first use from the environment. */
export function deps(): AppDeps {
  return (cached ??= makeDeps(loadConfig()));
}
