/**
 * Logs, metrics and traces of every Lambda function, through Powertools for AWS Lambda's middy
 * middlewares: JSON logs with the request or event id as correlation id, EMF metrics in the
 * `KetNoi` namespace (the alarms and dashboard of `infra/operations.ts` read them). X-Ray
 * subsegments (handler, DynamoDB calls) are `functions/tracing.ts`, wired by the background
 * functions only: its SDK weighs more at cold start than the rest of this file together.
 *
 * Locally (KETNOI_MODE=local) Powertools runs in dev mode: logs are pretty-printed JSON and no
 * metrics are written; the local runtime shows info logs only with `--verbose` (LOG_LEVEL).
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { MiddlewareObj, MiddyfiedHandler } from '@middy/core';
import type { DynamoDBRecord } from 'aws-lambda';
import * as z from 'zod/mini';
import { LogLevel } from '#functions/config.ts';
import { METRIC, METRICS_NAMESPACE } from '#functions/metric-names.ts';

if (process.env.KETNOI_MODE === 'local') process.env.POWERTOOLS_DEV ??= 'true';

const SERVICE = 'ketnoi';
const level = LogLevel.safeParse(process.env.LOG_LEVEL ?? 'INFO');

export const logger = new Logger({ serviceName: SERVICE, logLevel: level.success ? level.data : 'INFO' });
export const metrics = new Metrics({ serviceName: SERVICE, namespace: METRICS_NAMESPACE, defaultDimensions: { stage: process.env.KETNOI_STAGE ?? 'local' } });

/** Where each kind of event keeps the id that ties its logs together. */
function correlationIdOf(event: unknown): string | undefined {
  const e = event as { requestContext?: { requestId?: string }; id?: string; Records?: { messageId?: string; eventID?: string }[] } | undefined;
  return e?.requestContext?.requestId ?? e?.id ?? e?.Records?.[0]?.messageId ?? e?.Records?.[0]?.eventID;
}

const correlation: MiddlewareObj = {
  before: (request) => {
    const id = correlationIdOf(request.event);
    if (id) logger.setCorrelationId(id);
  },
};

/**
 * Flushes the invocation's metrics, if it recorded any: Powertools' own `logMetrics` warns on
 * every invocation without metrics, which is most API requests.
 */
const publishMetrics: MiddlewareObj = {
  after: () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  },
  onError: () => {
    if (metrics.hasStoredMetrics()) metrics.publishStoredMetrics();
  },
};

/**
 * Adds logging (with the correlation id) and metrics to a middy handler. Metrics recorded
 * during the invocation are flushed at its end.
 */
export function observed<H extends MiddyfiedHandler<any, any, any, any>>(handler: H): H {
  return handler
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(correlation)
    .use(publishMetrics) as H;
}

/**
 * The HTTP entries: {@link observed}, plus one 4xx/5xx count per route. It wraps the pipeline
 * from outside, so it sees the status the error handler chose.
 */
export function observedHttp<E extends { routeKey?: string }, R extends { statusCode?: number }, C>(handler: MiddyfiedHandler<E, R, Error, C>) {
  const inner = observed(handler);
  return async (event: E, context: C): Promise<R> => {
    const result = await inner(event, context);
    recordHttpStatus(event.routeKey ?? 'unknown', result?.statusCode ?? 200);
    return result;
  };
}

/** Counts a 4xx or 5xx answer of a route (`POST /v1/listings`); 2xx are counted by API Gateway. */
export function recordHttpStatus(routeKey: string, status: number): void {
  if (status < 400) return;
  const single = metrics.singleMetric();
  single.addDimension('route', routeKey);
  single.addMetric(status >= 500 ? METRIC.responses5xx : METRIC.responses4xx, MetricUnit.Count, 1);
}

const OutboxImage = z.object({
  entity: z.literal('outbox'),
  envelope: z.object({ name: z.string(), data: z.optional(z.record(z.string(), z.unknown())) }),
});

/** What a batch of stream records says about the mission: proposals, confirmations, tonnes, bookings. */
export interface StreamFigures {
  proposed: number;
  confirmed: number;
  tonnesConfirmed: number;
  bookings: number;
  relayed: number;
}

/**
 * Counts the domain events a stream batch relays (outbox inserts): each event is written once,
 * in the same transaction as its change, so the counts are exact, retries aside.
 */
export function streamFigures(records: DynamoDBRecord[]): StreamFigures {
  const figures: StreamFigures = { proposed: 0, confirmed: 0, tonnesConfirmed: 0, bookings: 0, relayed: 0 };
  for (const record of records) {
    if (record.eventName !== 'INSERT' || !record.dynamodb?.NewImage) continue;
    const parsed = OutboxImage.safeParse(unmarshall(record.dynamodb.NewImage as Parameters<typeof unmarshall>[0]));
    if (!parsed.success) continue;
    const { name, data } = parsed.data.envelope;
    figures.relayed++;
    if (name === 'MatchProposed') figures.proposed++;
    if (name === 'BoothBooked') figures.bookings++;
    if (name === 'MatchConfirmed') {
      figures.confirmed++;
      const kg = Number(data?.confirmedKg ?? 0);
      if (Number.isFinite(kg)) figures.tonnesConfirmed += kg / 1000;
    }
  }
  return figures;
}

/** Adds a stream batch's figures and its matching run to the invocation's metrics. */
export function recordStream(figures: StreamFigures, matching?: { itemsRead: number; ms: Record<string, number> }): void {
  metrics.addMetric(METRIC.eventsRelayed, MetricUnit.Count, figures.relayed);
  if (figures.proposed) metrics.addMetric(METRIC.matchesProposed, MetricUnit.Count, figures.proposed);
  if (figures.confirmed) metrics.addMetric(METRIC.matchesConfirmed, MetricUnit.Count, figures.confirmed);
  if (figures.tonnesConfirmed) metrics.addMetric(METRIC.tonnageConfirmed, MetricUnit.Count, figures.tonnesConfirmed);
  if (figures.bookings) metrics.addMetric(METRIC.bookings, MetricUnit.Count, figures.bookings);
  if (matching) {
    metrics.addMetric(METRIC.candidatesRead, MetricUnit.Count, matching.itemsRead);
    metrics.addMetric(METRIC.matchRunMs, MetricUnit.Milliseconds, Object.values(matching.ms).reduce((a, b) => a + b, 0));
  }
}

/** Where a notice reaches a person: the inbox, or an alert channel (functions/alerts/). */
export type NotificationChannel = 'inbox' | 'email' | 'sms';

/**
 * Counts notices that reached a person on a channel: new inbox notices (a re-delivered event
 * adds none), and alert deliveries sent (a digest's notices each count).
 */
export function recordNotificationsSent(channel: NotificationChannel, count = 1): void {
  if (count <= 0) return;
  const single = metrics.singleMetric();
  single.addDimension('channel', channel);
  single.addMetric(METRIC.notificationsSent, MetricUnit.Count, count);
}

/** Counts a finished webhook delivery by its final status. */
export function recordDelivery(status: string): void {
  const name = status === 'delivered' ? METRIC.webhookDelivered : status === 'dead' ? METRIC.webhookDead : status === 'failed' ? METRIC.webhookFailed : undefined;
  if (name) metrics.addMetric(name, MetricUnit.Count, 1);
}
