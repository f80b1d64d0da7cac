/**
 * The names of the service's own CloudWatch metrics: emitted by `functions/observability.ts`,
 * read by the alarms and dashboard of `infra/operations.ts`.
 */
export const METRICS_NAMESPACE = 'KetNoi';

export const METRIC = {
  matchesProposed: 'MatchesProposed',
  matchesConfirmed: 'MatchesConfirmed',
  tonnageConfirmed: 'TonnageConfirmed',
  matchRunMs: 'MatchRunMs',
  candidatesRead: 'CandidatesRead',
  eventsRelayed: 'EventsRelayed',
  webhookDelivered: 'WebhookDeliveriesOk',
  webhookFailed: 'WebhookDeliveriesFailed',
  webhookDead: 'WebhookDeliveriesDead',
  bookings: 'Bookings',
  /** Notices that reached a person, with a `channel` dimension: inbox, email, sms. */
  notificationsSent: 'NotificationsSent',
  responses4xx: 'Responses4xx',
  responses5xx: 'Responses5xx',
} as const;
