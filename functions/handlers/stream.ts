/**
 * Lambda entry for the table's DynamoDB Stream: index upkeep, matching, fair suggestions and
 * statistics (see `functions/stream/process.ts`). Locally, infra/local/streams.ts reads DynamoDB
 * Local's stream and calls this same handler with the same event shape.
 */
import middy from '@middy/core';
import type { DynamoDBStreamEvent } from 'aws-lambda';
import { deps } from '#functions/deps.ts';
import { processStreamRecords } from '#functions/stream/process.ts';

const app = deps();

export const handler = middy<DynamoDBStreamEvent, void>().handler(async (event) => {
  const report = await processStreamRecords(app, event.Records);
  if (process.env.LOG_LEVEL !== 'warn' && report.matching && report.matching.candidatesPassing > 0) {
    const { itemsRead, candidatesPassing, proposed, created, superseded } = report.matching;
    console.log(JSON.stringify({ level: 'info', msg: 'matched', records: report.records, itemsRead, candidatesPassing, proposed, created, superseded }));
  }
});
