/**
 * Wires the use cases' dependencies to DynamoDB. `makeDeps` is pure wiring; `deps` is built
 * once per Lambda container, at module load, from the validated environment.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ulid } from 'ulid';
import type { Deps, WebhookDeps } from '#domain/ports.ts';
import { loadConfig, type Config } from '#functions/config.ts';
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
import { statsRepository } from '#functions/data/stats.ts';
import { fairSuggestionRepository } from '#functions/data/fair-suggestions.ts';
import { deliveryRepository, webhookRepository } from '#functions/data/webhooks.ts'; // webhooks
import { dnsResolver, httpTransport } from '#functions/webhooks/sender.ts'; // webhooks
import { notificationRepository } from '#functions/data/notifications.ts';
import { mineRepository } from '#functions/data/mine.ts';
import { EventBridgeBus, EventBridgeClient, InProcessBus } from '#functions/events/bus.ts';
import { handleEvent } from '#functions/events/consumers.ts';
import type { Envelope } from '#events/envelope.ts';
import { deliveryQueue, type DeliveryQueue } from '#functions/webhooks/queue.ts';

export interface AppDeps extends Deps, WebhookDeps {
  store: Store;
  idempotency: IdempotencyStore;
  config: Config;
  /** Extra event consumers (webhook deliveries) wired by the runtime. */
  onEvent?: (event: Envelope) => Promise<void>;
  /** The SQS delivery queue in AWS; undefined locally. */
  deliveryQueue?: DeliveryQueue;
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
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const store = new Store(doc, config.TABLE_NAME, new CursorCodec(Buffer.from(config.CURSOR_KEY, 'base64')));
  const clock = { now: () => new Date() };
  // Locally the relay hands events straight to this service's consumers; in AWS EventBridge does.
  const bus = config.EVENT_BUS_NAME ? new EventBridgeBus(new EventBridgeClient({ region: config.AWS_REGION }), config.EVENT_BUS_NAME) : new InProcessBus();
  const deps: AppDeps = {
    store,
    config,
    deliveryQueue: deliveryQueue(config.WEBHOOK_QUEUE_URL, config.AWS_REGION),
    idempotency: new IdempotencyStore(store),
    sellers: sellerRepository(store),
    buyers: buyerRepository(store),
    listings: listingRepository(store),
    demands: demandRepository(store),
    fairs: fairRepository(store),
    bookings: bookingRepository(store),
    matchIndex: matchIndex(store),
    matches: matchRepository(store),
    stats: statsRepository(store),
    fairSuggestions: fairSuggestionRepository(store),
    // webhooks
    webhooks: webhookRepository(store),
    deliveries: deliveryRepository(store),
    resolver: dnsResolver(),
    transport: httpTransport(),
    webhookSettings: { localMode: config.KETNOI_MODE === 'local', timeScale: config.WEBHOOK_TIME_SCALE ?? 1 },
    notifications: notificationRepository(store, clock.now),
    mine: mineRepository(store),
    bus,
    clock,
    ids: { next: () => ulid() },
  };
  if (bus instanceof InProcessBus) bus.subscribe((event) => handleEvent(deps, event));
  return deps;
}

let cached: AppDeps | undefined;
/** The container's dependencies, created on first use from the environment. */
export function deps(): AppDeps {
  return (cached ??= makeDeps(loadConfig()));
}
