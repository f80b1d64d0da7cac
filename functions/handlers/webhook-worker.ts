/**
 * Lambda entry for webhook delivery in AWS: SQS delivery-queue batches (the scheduler: each
 * message is delayed until its attempt is due) and the sweep of the due index, which only
 * reconciles deliveries whose message was lost (see `functions/webhooks/scheduler.ts`).
 * Locally `startWebhookWorker` does the same in-process.
 */
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { useInstanceCursorKey } from '#functions/instance-cursor-key.ts';
import { deps } from '#functions/deps.ts';
import { ALL_REPOSITORIES } from '#functions/repositories.ts';
import { logger, observed, recordDelivery } from '#functions/observability.ts';
import type { DeliveryMessage } from '#functions/webhooks/scheduler.ts';
import { traceClient, traced } from '#functions/tracing.ts';
import { kmsKeyWrapper } from '#functions/webhooks/kms-key-wrapper.ts';
import { sqsScheduler } from '#functions/webhooks/sqs-scheduler.ts';
import { handleDeliveryMessage, runDueDeliveries } from '#functions/webhooks/worker.ts';
import { mapLimit } from '#domain/concurrency.ts';

useInstanceCursorKey();
// Retries are rescheduled through SQS; secrets are opened to sign.
const app = deps({ scheduler: sqsScheduler, keyWrapper: kmsKeyWrapper, instrument: traceClient, repositories: ALL_REPOSITORIES });

/**
 * Messages of a batch handled at once, at most this many: with a 15 s send timeout a full
 * batch of 10 ends within one attempt's time, well inside the 60 s function timeout.
 */
export const WORKER_CONCURRENCY = 10;

async function handleRecord(record: SQSRecord): Promise<boolean> {
  try {
    const msg = JSON.parse(record.body) as DeliveryMessage;
    await handleDeliveryMessage(app, msg);
    const after = await app.deliveries.get(msg.webhookId, msg.deliveryId);
    if (after && after.status !== 'pending') recordDelivery(after.status);
    return true;
  } catch (err) {
    logger.error('webhook delivery message failed', { messageId: record.messageId, error: err as Error });
    return false;
  }
}

export const handler = observed(
  traced(middy<SQSEvent | { source?: string }, SQSBatchResponse | void>()).handler(async (event) => {
    if ('Records' in event && Array.isArray(event.Records)) {
      const ok = await mapLimit(event.Records, WORKER_CONCURRENCY, handleRecord);
      return { batchItemFailures: event.Records.filter((_, i) => !ok[i]).map((r) => ({ itemIdentifier: r.messageId })) };
    }
    const report = await runDueDeliveries(app, new Date());
    logger.info('webhook sweep', { ...report });
  }),
);
