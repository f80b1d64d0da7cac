/** Lambda entry for the webhooks routes (see `functions/routes/webhooks.ts`). */
import { httpEntry } from '#functions/http/entry.ts';
import { webhookRoutes } from '#functions/routes/webhooks.ts';
import { kmsKeyWrapper } from '#functions/webhooks/kms-key-wrapper.ts';
import { sqsScheduler } from '#functions/webhooks/sqs-scheduler.ts';
import { buyers, sellers, webhookDelivery } from '#functions/repositories.ts';

// Seals new signing secrets and opens them to show or rotate; queues a retry someone asks for.
export const handler = await httpEntry(webhookRoutes, { keyWrapper: kmsKeyWrapper, scheduler: sqsScheduler, repositories: { buyers, sellers, ...webhookDelivery } });
