/** Replaying a parked stream record: the same processing the stream function does, for one record. */
import type { DynamoDBRecord } from 'aws-lambda';
import { ConflictError, NotFoundError } from '#domain/errors.ts';
import type { Deps } from '#functions/deps.ts';
import { errorText } from '#functions/data/parked-records.ts';
import { processStreamRecords } from '#functions/stream/process.ts';

/**
 * Processes a parked record again; on success it leaves the parking, on failure it stays with
 * the new error and the caller gets 409 with that error.
 */
export async function replayParkedRecord(deps: Deps, id: string): Promise<{ id: string; replayed: true; eventID?: string }> {
  const parked = await deps.parkedRecords.get(id);
  if (!parked) throw new NotFoundError('not-found', { resource: 'parked-record', id });
  const record = JSON.parse(parked.record) as DynamoDBRecord;
  const report = await processStreamRecords(deps, [record]).catch((error: unknown) => ({ failures: [{ record, error }] }));
  const failure = report.failures[0];
  if (failure) {
    await deps.parkedRecords.replayFailed(id, failure.error);
    throw new ConflictError('replay-failed', { error: errorText(failure.error) });
  }
  await deps.parkedRecords.remove(id);
  return { id, replayed: true, eventID: parked.eventID };
}
