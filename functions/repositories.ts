/**
 * How each wired part of `Deps` is built (functions/deps.ts, `repositories`). An API function's
 * entry names the ones its routes use (e.g. `{ sellers }`), so its bundle carries those and no
 * other; {@link ALL_REPOSITORIES} is for the local runtime and the background functions, which
 * use nearly all of them.
 */
import type { SecretBox } from '#domain/ports.ts';
import { withAlerts } from '#functions/alerts/consumers.ts';
import { announcingQueued } from '#functions/alerts/queued.ts';
import { alertDeliveryRepository, alertPreferenceRepository } from '#functions/data/alert-preferences.ts';
import { buyerRepository } from '#functions/data/buyers.ts';
import { demandRepository } from '#functions/data/demands.ts';
import { fairSuggestionRepository } from '#functions/data/fair-suggestions.ts';
import { bookingRepository, fairRepository } from '#functions/data/fairs.ts';
import { listingRepository } from '#functions/data/listings.ts';
import { marketParts as marketPartsRepository } from '#functions/data/market-parts.ts';
import { matchIndex as matchIndexRepository } from '#functions/data/match-index.ts';
import { matchRepository } from '#functions/data/matches.ts';
import { mineRepository } from '#functions/data/mine.ts';
import { notificationRepository } from '#functions/data/notifications.ts';
import { parkedRecordRepository } from '#functions/data/parked-records.ts';
import { roleRequestRepository } from '#functions/data/role-requests.ts';
import { sellerRepository } from '#functions/data/sellers.ts';
import { statsRepository } from '#functions/data/stats.ts';
import { deliveryRepository, webhookRepository } from '#functions/data/webhooks.ts';
import type { Repositories, WiringContext } from '#functions/deps.ts';
import { endpointPolicy as addressPolicy } from '#functions/webhooks/address-policy.ts';
import { fileKeyWrapper, secretBox as sealedBox } from '#functions/webhooks/secret-box.ts';
import { dnsResolver, httpTransport } from '#functions/webhooks/sender.ts';

export const parkedRecords = ({ store }: WiringContext) => parkedRecordRepository(store);
export const sellers = ({ store }: WiringContext) => sellerRepository(store);
export const buyers = ({ store }: WiringContext) => buyerRepository(store);
export const listings = ({ store, quotas }: WiringContext) => listingRepository(store, quotas);
export const demands = ({ store, quotas }: WiringContext) => demandRepository(store, quotas);
export const fairs = ({ store }: WiringContext) => fairRepository(store);
export const bookings = ({ store }: WiringContext) => bookingRepository(store);
export const matchIndex = ({ store }: WiringContext) => matchIndexRepository(store);
export const matches = ({ store }: WiringContext) => matchRepository(store);
export const marketParts = ({ store }: WiringContext) => marketPartsRepository(store);
export const stats = ({ store }: WiringContext) => statsRepository(store);
export const fairSuggestions = ({ store }: WiringContext) => fairSuggestionRepository(store);
export const webhooks = ({ store, quotas }: WiringContext) => webhookRepository(store, quotas);
export const deliveries = ({ store }: WiringContext) => deliveryRepository(store);
export const mine = ({ store }: WiringContext) => mineRepository(store);
export const roleRequests = ({ store }: WiringContext) => roleRequestRepository(store);
export const alertPreferences = ({ store }: WiringContext) => alertPreferenceRepository(store);
export const alertDeliveries = ({ store }: WiringContext) => announcingQueued(alertDeliveryRepository(store));
/** Every inbox notice is also offered to the e-mail and SMS channels (functions/alerts/): wire {@link alerting} with it. */
export const notifications = ({ store, now, deps }: WiringContext) => withAlerts(notificationRepository(store, now), deps);
/** The inbox with what it offers notices to. */
export const alerting = { notifications, alertPreferences, alertDeliveries } satisfies Repositories;

export const endpointPolicy = ({ config }: WiringContext) => addressPolicy(dnsResolver(), config.KETNOI_MODE === 'local');
export const transport = () => httpTransport();
/**
 * Webhook secrets at rest: sealed under KMS in AWS, under the local key file locally. Built on
 * first use, so only the functions that handle secrets need the key (and its configuration).
 */
export const secretBox = ({ config, aws }: WiringContext): SecretBox => {
  let box: SecretBox | undefined;
  const open = () => {
    if (box) return box;
    if (config.WEBHOOK_KMS_KEY_ID) {
      if (!aws.keyWrapper) throw new Error('KMS is not wired into this function (functions/deps.ts, AwsWiring)');
      return (box = sealedBox(aws.keyWrapper(config.WEBHOOK_KMS_KEY_ID, config.AWS_REGION)));
    }
    if (config.KETNOI_MODE !== 'local') throw new Error('Invalid configuration: WEBHOOK_KMS_KEY_ID is required to handle webhook secrets outside local mode');
    return (box = sealedBox(fileKeyWrapper(config.WEBHOOK_SECRET_KEY_FILE ?? '.local/webhook-secret.key')));
  };
  return { seal: (plaintext, context) => open().seal(plaintext, context), open: (sealed, context) => open().open(sealed, context) };
};
/** Webhook endpoints and their deliveries, with what sending them takes. */
export const webhookDelivery = { webhooks, deliveries, endpointPolicy, transport, secretBox } satisfies Repositories;

/** Every wired part: the local runtime (one process for all functions) and the background functions. */
export const ALL_REPOSITORIES = {
  parkedRecords,
  sellers,
  buyers,
  listings,
  demands,
  fairs,
  bookings,
  matchIndex,
  matches,
  marketParts,
  stats,
  fairSuggestions,
  mine,
  roleRequests,
  notifications,
  alertPreferences,
  alertDeliveries,
  webhooks,
  deliveries,
  endpointPolicy,
  transport,
  secretBox,
} satisfies Required<Repositories>;
