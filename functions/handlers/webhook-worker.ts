/**
 * Lambda entry for webhook delivery in AWS: SQS delivery-queue batches, and the scheduled sweep
 * of the due index. Locally `startWebhookWorker` does the same in-process.
 */
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { deps } from '#functions/deps.ts';
import type { DeliveryMessage } from '#functions/webhooks/scheduler.ts';
import { handleDeliveryMessage, runDueDeliveries } from '#functions/webhooks/worker.ts';

const app = deps();

export async function handler(event: SQSEvent | { source?: string }): Promise<SQSBatchResponse | void> {
  if ('Records' in event && Array.isArray(event.Records)) {
    const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
    for (const record of event.Records) {
      try {
        await handleDeliveryMessage(app, JSON.parse(record.body) as DeliveryMessage);
      } catch (err) {
        console.error(JSON.stringify({ level: 'error', msg: 'webhook delivery message failed', messageId: record.messageId, error: String(err) }));
        batchItemFailures.push({ itemIdentifier: record.messageId });
      }
    }
    return { batchItemFailures };
  }
  const report = await runDueDeliveries(app, new Date());
  console.log(JSON.stringify({ level: 'info', msg: 'webhook sweep', ...report }));
}
