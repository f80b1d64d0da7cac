/**
 * Lambda entry for the daily schedule (EventBridge in AWS, a timer locally): expires listings,
 * demands and matches whose windows have passed. The stream then updates index and stats.
 */
import middy from '@middy/core';
import { useInstanceCursorKey } from '#functions/instance-cursor-key.ts';
import { deps } from '#functions/deps.ts';
import { ALL_REPOSITORIES } from '#functions/repositories.ts';
import { logger, observed } from '#functions/observability.ts';
import { traceClient, traced } from '#functions/tracing.ts';
import { expirePast } from '#domain/matching/expiry.ts';

useInstanceCursorKey();
const app = deps({ instrument: traceClient, repositories: ALL_REPOSITORIES });

export const handler = observed(
  traced(middy<unknown, { listings: number; demands: number; matches: number }>()).handler(async () => {
    const result = await expirePast(app);
    logger.info('expired', { ...result });
    return result;
  }),
);
