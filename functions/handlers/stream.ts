/**
 * Lambda entry for the table's DynamoDB Stream: index upkeep, matching, fair suggestions and
 * statistics (see `functions/stream/process.ts`). Locally, infra/local/streams.ts reads DynamoDB
 * Local's stream and calls this same handler with the same event shape.
 */
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { resolveSecrets } from '#functions/config.ts';
import { deps } from '#functions/deps.ts';
import { logger, observed, recordStream, streamFigures } from '#functions/observability.ts';
import { processStreamRecords } from '#functions/stream/process.ts';

await resolveSecrets();
const app = deps();

export const handler = observed(
  middy<DynamoDBStreamEvent, void>().handler(async (event) => {
    const report = await processStreamRecords(app, event.Records);
    recordStream(streamFigures(event.Records), report.matching);
    if (report.matching && report.matching.candidatesPassing > 0) {
      const { itemsRead, candidatesPassing, proposed, created, superseded } = report.matching;
      logger.info('matched', { records: report.records, itemsRead, candidatesPassing, proposed, created, superseded });
    }
  }),
);
