/**
 * Lambda entry for the table's DynamoDB Stream: index upkeep, matching, fair suggestions and
 * statistics (see `functions/stream/process.ts`). Locally, infra/local/streams.ts reads DynamoDB
 * Local's stream and calls this same handler with the same event shape.
 *
 * Records are processed one by one and failures reported per record (the event source mapping
 * has ReportBatchItemFailures): the stream resumes at the first failed record, and records
 * before it are never redone nor held up by it.
 */
import middy from '@middy/core';
import type { DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { useInstanceCursorKey } from '#functions/instance-cursor-key.ts';
import { deps } from '#functions/deps.ts';
import { ALL_REPOSITORIES } from '#functions/repositories.ts';
import { eventBridgeBus } from '#functions/bus/eventbridge-bus.ts';
import { logger, observed, recordStream, streamFigures } from '#functions/observability.ts';
import { processStreamRecords } from '#functions/stream/process.ts';
import { traceClient, traced } from '#functions/tracing.ts';

useInstanceCursorKey();
// The outbox relay publishes to EventBridge.
const app = deps({ bus: eventBridgeBus, instrument: traceClient, repositories: ALL_REPOSITORIES });

export const handler = observed(
  traced(middy<DynamoDBStreamEvent, DynamoDBBatchResponse>()).handler(async (event) => {
    const report = await processStreamRecords(app, event.Records);
    recordStream(streamFigures(event.Records), report.matching);
    if (report.matching && report.matching.candidatesPassing > 0) {
      const { itemsRead, candidatesPassing, proposed, created, superseded } = report.matching;
      logger.info('matched', { records: report.records, itemsRead, candidatesPassing, proposed, created, superseded });
    }
    for (const { record, error } of report.failures) {
      logger.error('stream record failed', { eventID: record.eventID, sequenceNumber: record.dynamodb?.SequenceNumber, error: String((error as Error)?.message ?? error) });
    }
    return { batchItemFailures: report.failures.map(({ record }) => ({ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' })) };
  }),
);
