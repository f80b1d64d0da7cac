/**
 * Parked stream records: `PARKED` / `<id>`. A stream record that failed every attempt is kept
 * here with its error (locally the stream relay parks it; in AWS the on-failure destination
 * plays this part), so an admin can see it and replay it once the cause is fixed. One
 * partition: parked records are rare, and the list is read newest first by Query.
 */
import { DeleteCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { ulid } from 'ulid';
import type { PageRequest } from '#domain/ports.ts';
import { stripKeys, type Item, type Store } from '#functions/data/store.ts';

export interface ParkedRecord {
  id: string;
  parkedAt: string;
  /** Attempts before it was parked, plus replays that failed. */
  attempts: number;
  /** The last error's message (no stack). */
  error: string;
  eventID?: string;
  eventName?: string;
  sequenceNumber?: string;
  /** The stream record exactly as the function received it, as JSON. */
  record: string;
  lastReplayAt?: string;
}

const PARTITION = 'PARKED';
export const parkedRecordKey = (id: string) => ({ pk: PARTITION, sk: id });
const MAX_ERROR_CHARS = 1000;
export const errorText = (err: unknown) => String((err as Error)?.message ?? err).slice(0, MAX_ERROR_CHARS);

export function parkedRecordRepository(store: Store) {
  return {
    async park(record: DynamoDBRecord, error: unknown, attempts: number, now = new Date()): Promise<ParkedRecord> {
      const parked: ParkedRecord = {
        id: ulid(now.getTime()),
        parkedAt: now.toISOString(),
        attempts,
        error: errorText(error),
        eventID: record.eventID,
        eventName: record.eventName,
        sequenceNumber: record.dynamodb?.SequenceNumber,
        record: JSON.stringify(record),
      };
      await store.doc.send(new PutCommand({ TableName: store.tableName, Item: { ...parkedRecordKey(parked.id), entity: 'parked-record', ...parked } }));
      return parked;
    },
    async get(id: string): Promise<ParkedRecord | undefined> {
      const item = await store.get(parkedRecordKey(id));
      return item && stripKeys<ParkedRecord>(item);
    },
    list: (page: PageRequest) =>
      store.queryPage({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': PARTITION }, ScanIndexForward: false }, page, (item: Item) => stripKeys<ParkedRecord>(item)),
    async replayFailed(id: string, error: unknown, now = new Date()): Promise<void> {
      await store.doc.send(
        new UpdateCommand({
          TableName: store.tableName,
          Key: parkedRecordKey(id),
          UpdateExpression: 'SET attempts = attempts + :one, #e = :error, lastReplayAt = :now',
          ExpressionAttributeNames: { '#e': 'error' },
          ExpressionAttributeValues: { ':one': 1, ':error': errorText(error), ':now': now.toISOString() },
        }),
      );
    },
    async remove(id: string): Promise<void> {
      await store.doc.send(new DeleteCommand({ TableName: store.tableName, Key: parkedRecordKey(id) }));
    },
  };
}

export type ParkedRecordRepository = ReturnType<typeof parkedRecordRepository>;
