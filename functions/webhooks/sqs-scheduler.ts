/**
 * The AWS delivery scheduler (see `scheduler.ts`), in its own module so that only the functions
 * that wake the worker bundle the SQS client.
 */
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { DeliveryScheduler } from '#domain/ports.ts';
import { deliveryMessage } from '#functions/webhooks/scheduler.ts';

/** Wakes the queue consumer through SQS (AWS). A failed send is logged: the sweep still finds the delivery. */
export function sqsScheduler(queueUrl: string, region: string, now: () => Date = () => new Date()): DeliveryScheduler {
  const client = new SQSClient({ region });
  return {
    async wake(d) {
      const { body, delaySeconds } = deliveryMessage(d, now());
      try {
        await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body, DelaySeconds: delaySeconds }));
      } catch (err) {
        console.error(JSON.stringify({ level: 'error', msg: 'delivery message not sent; the sweep will pick it up', deliveryId: d.id, error: String(err) }));
      }
    },
  };
}
