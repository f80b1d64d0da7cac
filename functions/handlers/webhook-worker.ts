/**
 * Lambda entry for webhook delivery in AWS (wired by the CDK stack; see the comment at the top of
 * `functions/webhooks/worker.ts`): SQS delivery-queue batches, the one scheduler of deliveries
 * in AWS, and an on-demand sweep of the due index (invoke with `{}`, docs/operations.md).
 * Locally `startWebhookWorker` does the same in-process.
 */
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { logger, observed, recordDelivery } from '#functions/observability.ts';
import { handleDeliveryMessage, runDueDeliveries, type DeliveryMessage } from '#functions/webhooks/worker.ts';

await resolveSecrets();
const app = deps();

/**
 * Messages of a batch handled at once, at most this many: with a 15 s send timeout a full
 * batch of 10 ends within one attempt's time, well inside the 60 s function timeout.
 */
export const WORKER_CONCURRENCY = 10;

async function handleRecord(record: SQSRecord): Promise<boolean> {
  try {
    const msg = JSON.parse(record.body) as DeliveryMessage;
    // A delivery still pending (not due yet, or rescheduled after a failure) goes back on the queue.
    const next = await handleDeliveryMessage(app, msg);
    if (next) await app.deliveryQueue?.send(next);
    else {
      const done = await app.deliveries.get(msg.webhookId, msg.deliveryId);
      if (done) recordDelivery(done.status);
    }
    return true;
  } catch (err) {
    logger.error('webhook delivery message failed', { messageId: record.messageId, error: err as Error });
    return false;
  }
}

/** Runs `work` over `items`, at most `limit` at a time, keeping the order of the results. */
async function mapBounded<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  });
  await Promise.all(lanes);
  return results;
}

export const handler = observed(
  middy<SQSEvent | { source?: string }, SQSBatchResponse | void>().handler(async (event) => {
    if ('Records' in event && Array.isArray(event.Records)) {
      const ok = await mapBounded(event.Records, WORKER_CONCURRENCY, handleRecord);
      return { batchItemFailures: event.Records.filter((_, i) => !ok[i]).map((r) => ({ itemIdentifier: r.messageId })) };
    }
    const report = await runDueDeliveries(app, new Date());
    logger.info('webhook sweep', { ...report });
  }),
);
