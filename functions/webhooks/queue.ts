/**
 * The webhook delivery queue in AWS: SQS messages `{ webhookId, deliveryId }` delayed until the
 * attempt is due (at most 15 minutes at a time; an early message is sent again with the rest of
 * the delay). The due index stays the source of truth: the scheduled sweep catches anything
 * whose message was lost or dead-lettered. Locally there is no queue; the in-process worker polls.
 */
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';

export interface QueueMessage {
  body: string;
  delaySeconds: number;
}

export interface DeliveryQueue {
  send(message: QueueMessage): Promise<void>;
}

/** An SQS queue, or undefined when no queue URL is configured (local mode). */
export function deliveryQueue(queueUrl: string | undefined, region: string): DeliveryQueue | undefined {
  if (!queueUrl) return undefined;
  const client = new SQSClient({ region });
  return {
    async send(message) {
      await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: message.body, DelaySeconds: message.delaySeconds }));
    },
  };
}
