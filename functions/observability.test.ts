import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { METRIC } from '#functions/metric-names.ts';
import { outboxKey } from '#functions/data/store.ts';

// Outside local mode, as in AWS: metrics are written as EMF lines on stdout.
vi.stubEnv('KETNOI_MODE', 'aws');
vi.stubEnv('KETNOI_STAGE', 'test');
const { recordHttpStatus, recordNotificationsSent, recordStream, streamFigures, metrics } = await import('#functions/observability.ts');

const outbox = (name: string, data: Record<string, unknown> = {}): DynamoDBRecord => ({
  eventName: 'INSERT',
  dynamodb: { NewImage: marshall({ ...outboxKey('1'), entity: 'outbox', envelope: { id: 'e1', name, data } }) as never },
});

/** The EMF documents written while `run` runs. */
function emitted(run: () => void): Record<string, unknown>[] {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    run();
  } finally {
    spy.mockRestore();
  }
  return lines.flatMap((l) => l.split('\n')).filter((l) => l.includes('"_aws"')).map((l) => JSON.parse(l));
}

afterEach(() => metrics.clearMetrics());

describe('streamFigures', () => {
  it('counts proposals, confirmations with their tonnes, bookings and relayed events from outbox inserts only', () => {
    const figures = streamFigures([
      outbox('MatchProposed'),
      outbox('MatchConfirmed', { confirmedKg: 5000 }),
      outbox('MatchConfirmed', { confirmedKg: 1500 }),
      outbox('BoothBooked'),
      { ...outbox('MatchProposed'), eventName: 'REMOVE' },
      { eventName: 'INSERT', dynamodb: { NewImage: marshall({ pk: 'L#1', entity: 'listing' }) as never } },
    ]);
    expect(figures).toEqual({ proposed: 1, confirmed: 2, tonnesConfirmed: 6.5, bookings: 1, relayed: 4 });
  });
});

describe('metrics', () => {
  it('writes one EMF count per 4xx or 5xx answer, with the route as a dimension, and nothing for a 2xx', () => {
    const docs = emitted(() => {
      recordHttpStatus('POST /v1/listings', 201);
      recordHttpStatus('POST /v1/listings', 422);
      recordHttpStatus('GET /v1/fairs', 503);
    });
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({ route: 'POST /v1/listings', stage: 'test', service: 'ketnoi', [METRIC.responses4xx]: 1 });
    expect(docs[1]).toMatchObject({ route: 'GET /v1/fairs', [METRIC.responses5xx]: 1 });
  });

  it("publishes a stream batch's figures in the namespace and dimensions the dashboard reads", () => {
    const docs = emitted(() => {
      recordStream({ proposed: 3, confirmed: 1, tonnesConfirmed: 5, bookings: 0, relayed: 4 }, { itemsRead: 40, ms: { candidates: 5, scoring: 1, allocation: 2, writes: 4 } });
      metrics.publishStoredMetrics();
    });
    expect(docs).toHaveLength(1);
    const doc = docs[0] as Record<string, any>;
    expect(doc._aws.CloudWatchMetrics[0].Namespace).toBe('KetNoi');
    expect(doc._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'stage']]);
    expect(doc).toMatchObject({ [METRIC.matchesProposed]: 3, [METRIC.matchesConfirmed]: 1, [METRIC.tonnageConfirmed]: 5, [METRIC.eventsRelayed]: 4, [METRIC.candidatesRead]: 40, [METRIC.matchRunMs]: 12 });
    expect(doc[METRIC.bookings]).toBeUndefined();
  });

  it('counts notices sent per channel, with the channel as a dimension, and nothing for none', () => {
    const docs = emitted(() => {
      recordNotificationsSent('inbox');
      recordNotificationsSent('email', 3);
      recordNotificationsSent('sms', 0);
    });
    expect(docs).toHaveLength(2);
    expect(docs[0]).toMatchObject({ channel: 'inbox', stage: 'test', [METRIC.notificationsSent]: 1 });
    expect(docs[1]).toMatchObject({ channel: 'email', [METRIC.notificationsSent]: 3 });
    expect((docs[1] as Record<string, any>)._aws.CloudWatchMetrics[0].Dimensions).toEqual([['service', 'stage', 'channel']]);
  });
});
