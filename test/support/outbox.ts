/**
 * Reads the outbox straight from the test table: the events a state change recorded in its
 * own transaction, before any relay, grouping or delivery can hide or multiply them.
 */
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { localClient } from '#infra/local/dynamo.ts';
import type { TestApp } from '#test/support/app.ts';
import type { Envelope } from '#events/envelope.ts';

const clients = new WeakMap<TestApp, DynamoDBDocumentClient>();

/** Every outbox event whose subject is one of `subjects` (a Scan: test tables are small). */
export async function outboxEvents(app: TestApp, subjects: Iterable<string>): Promise<Envelope[]> {
  let doc = clients.get(app);
  if (!doc) clients.set(app, (doc = DynamoDBDocumentClient.from(localClient(app.runtime.dynamoEndpoint))));
  const wanted = new Set(subjects);
  const events: Envelope[] = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const out = await doc.send(
      new ScanCommand({ TableName: app.runtime.tableName, FilterExpression: 'entity = :outbox', ExpressionAttributeValues: { ':outbox': 'outbox' }, ExclusiveStartKey: startKey, ConsistentRead: true }),
    );
    for (const item of out.Items ?? []) {
      const e = item.envelope as Envelope;
      if (wanted.has(e.subject)) events.push(e);
    }
    startKey = out.LastEvaluatedKey;
  } while (startKey);
  return events;
}

/** How many outbox events of each name there are per subject: `{ [subject]: { MatchAccepted: 1 } }`. */
export async function outboxCounts(app: TestApp, subjects: Iterable<string>, names: readonly string[]): Promise<Record<string, Record<string, number>>> {
  const counts: Record<string, Record<string, number>> = {};
  for (const s of subjects) counts[s] = Object.fromEntries(names.map((n) => [n, 0]));
  for (const e of await outboxEvents(app, subjects)) if (names.includes(e.name)) counts[e.subject][e.name]++;
  return counts;
}
