/**
 * Local stand-in for the Lambda event source mapping on the table's stream: reads DynamoDB
 * Local's stream with the DynamoDB Streams API and invokes the same handler AWS invokes, with
 * the same event shape, batch by batch. As with ReportBatchItemFailures, the handler names the
 * records it could not process; the relay resumes at the first of them, and a record that fails
 * every attempt is parked (`onPoison`) instead of holding up or taking down the others, as
 * the on-failure destination does in AWS.
 */
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { localClient, localCredentials } from '#infra/local/dynamo.ts';

/** The stream function: resolves with the records it failed (ReportBatchItemFailures), throws if all failed. */
export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<DynamoDBBatchResponse | void>;
/** Keeps a record that failed every attempt where an admin can see and replay it. */
export type PoisonHandler = (record: DynamoDBRecord, error: unknown, attempts: number) => Promise<void>;

/** Last sequence number handled per shard, like the event source mapping's checkpoint. */
export type Checkpoints = Map<string, string>;

export interface StreamPoller {
  /** Where a new poller should resume, as a restarted Lambda event source mapping would. */
  checkpoints(): Checkpoints;
  /**
   * Resolves once every record written so far has been handled (or parked): on the first read
   * of every shard that began after the call and found nothing. Event-driven; no deadline unless
   * `timeoutMs` is given.
   */
  settle(timeoutMs?: number): Promise<void>;
  /** Reads the stream now: something may have been written (the local server calls it after each response to a write). */
  nudge(): void;
  stop(): Promise<void>;
}

/** Attempts per record before it is parked; failures here are bugs or bad data, not load. */
const MAX_ATTEMPTS = 3;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/**
 * The wait between empty reads grows from the first to the last while nothing happens, and
 * goes back to the first on a nudge or a record. Polling every 100 ms cost an idle runtime a
 * tenth of a core (DynamoDB Local and Node together, 18 requests a second with the workers).
 */
const IDLE_MS = { first: 25, last: 1000 };


type StreamValue = { M?: Record<string, StreamValue>; L?: StreamValue[] } & Record<string, unknown>;

/**
 * DynamoDB Local writes an empty map as `{}` in its stream records (GetItem returns it as
 * `{"M":{}}`, and so does DynamoDB's own stream), which no unmarshaller accepts: the record
 * would fail every time and be parked. An attribute value with no type can only be that map.
 */
export function withEmptyMaps<T extends Record<string, StreamValue> | undefined>(image: T): T {
  if (!image) return image;
  const repair = (v: StreamValue): StreamValue =>
    Object.keys(v).length === 0 ? { M: {} } : v.M ? { M: withEmptyMaps(v.M) } : v.L ? { L: v.L.map(repair) } : v;
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, repair(v)])) as T;
}

/** The Lambda event record for a Streams API record (dates become epoch seconds). */
function toLambdaRecord(r: _Record, streamArn: string): DynamoDBRecord {
  const d = r.dynamodb ?? {};
  return {
    eventID: r.eventID,
    eventName: r.eventName as DynamoDBRecord['eventName'],
    eventVersion: r.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: r.awsRegion ?? 'ap-southeast-1',
    eventSourceARN: streamArn,
    dynamodb: {
      ApproximateCreationDateTime: d.ApproximateCreationDateTime ? Math.floor(new Date(d.ApproximateCreationDateTime).getTime() / 1000) : undefined,
      Keys: d.Keys as never,
      NewImage: withEmptyMaps(d.NewImage as Record<string, StreamValue> | undefined) as never,
      OldImage: withEmptyMaps(d.OldImage as Record<string, StreamValue> | undefined) as never,
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType as never,
    },
  };
}

/** Polls the table's stream and feeds `handler` until stopped. */
export async function startStreamPoller(opts: {
  endpoint: string;
  tableName: string;
  handler: StreamHandler;
  onPoison?: PoisonHandler;
  batchSize?: number;
  checkpoints?: Checkpoints;
}): Promise<StreamPoller> {
  const ddb = localClient(opts.endpoint);
  const table = await ddb.send(new DescribeTableCommand({ TableName: opts.tableName }));
  ddb.destroy();
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${opts.tableName} has no stream`);
  const client = new DynamoDBStreamsClient({ endpoint: opts.endpoint, region: 'ap-southeast-1', credentials: localCredentials() });
  const iterators = new Map<string, string | undefined>();
  const finished = new Set<string>();
  const checkpoints: Checkpoints = new Map(opts.checkpoints);
  let running = true;
  let lastError: unknown;

  async function refreshShards() {
    const desc = await client.send(new DescribeStreamCommand({ StreamArn: streamArn }));
    for (const shard of desc.StreamDescription?.Shards ?? []) {
      const id = shard.ShardId!;
      if (iterators.has(id) || finished.has(id)) continue;
      const after = checkpoints.get(id);
      const it = await client.send(
        new GetShardIteratorCommand({ StreamArn: streamArn, ShardId: id, ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }) }),
      );
      iterators.set(id, it.ShardIterator);
    }
  }

  /**
   * Hands records to the handler until each is processed or parked. Returns how many of them
   * are done, in order: fewer than all only when stopped first (the rest stay unhandled).
   */
  async function deliver(records: DynamoDBRecord[]): Promise<number> {
    let from = 0;
    let attempt = 0;
    while (from < records.length) {
      if (!running) return from;
      const batch = records.slice(from);
      let failedAt: number;
      let error: unknown;
      try {
        const out = await opts.handler({ Records: batch });
        const failed = new Set((out?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
        failedAt = failed.size ? batch.findIndex((r) => failed.has(r.dynamodb?.SequenceNumber ?? '')) : -1;
        if (failed.size && failedAt < 0) failedAt = 0; // an identifier we do not know: retry it all, as Lambda does
        error = new Error('the function reported the record as failed');
      } catch (err) {
        failedAt = 0;
        error = err;
      }
      if (failedAt < 0) return records.length;
      lastError = error;
      // Records before the first failure are done; the failed one is retried, then parked.
      if (failedAt > 0) attempt = 0;
      from += failedAt;
      attempt++;
      const record = records[from];
      if (attempt < MAX_ATTEMPTS) {
        await sleep(50 * 2 ** attempt);
        continue;
      }
      await park(record, error, attempt);
      from++;
      attempt = 0;
    }
    return records.length;
  }

  async function park(record: DynamoDBRecord, error: unknown, attempts: number) {
    const where = `stream record ${record.eventID} (sequence ${record.dynamodb?.SequenceNumber})`;
    try {
      if (!opts.onPoison) throw new Error('no parking configured');
      await opts.onPoison(record, error, attempts);
      console.error(`${where} failed ${attempts} times and was parked: ${(error as Error)?.message ?? error}`);
    } catch (parkError) {
      console.error(`${where} failed ${attempts} times and could not be parked (${(parkError as Error)?.message ?? parkError}); skipping it`, error);
    }
  }

  let lastRefresh = 0;
  /** Set by settle(): look for new shards before counting empty passes, so none is missed. */
  let refreshRequested = false;
  /** Passes begun so far: a settle() waits for an empty one begun after it was called. */
  let passesBegun = 0;
  async function pass(): Promise<number> {
    passesBegun++;
    // New shards appear rarely (DynamoDB rolls them over every few hours), and DynamoDB Local's
    // DescribeStream scans every stream record it holds, of every table: asked once a second by
    // each poller it came to hold the emulator's only SQLite thread late in a test run. So: at
    // start, when a shard ends, when settle() asks, and otherwise every 30 s.
    if (refreshRequested || Date.now() - lastRefresh > 30_000 || iterators.size === 0) {
      refreshRequested = false;
      await refreshShards();
      lastRefresh = Date.now();
    }
    let seen = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) {
        iterators.delete(shardId);
        finished.add(shardId);
        refreshRequested = true;
        continue;
      }
      const out = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: opts.batchSize ?? 100 }));
      const records = out.Records ?? [];
      if (records.length) {
        seen += records.length;
        const done = await deliver(records.map((r) => toLambdaRecord(r, streamArn!)));
        if (done > 0) checkpoints.set(shardId, records[done - 1].dynamodb!.SequenceNumber!);
        if (done < records.length) return seen;
      }
      iterators.set(shardId, out.NextShardIterator);
    }
    return seen;
  }

  /**
   * settle() callers, each with the passes begun before its call. A pass begun after the call
   * that reads nothing proves the point: DynamoDB Local makes a write's stream record readable
   * before it answers the write, so every record written before the call, and every record the
   * handler's writes added in the passes before, would have been read. A pass already under
   * way at the call may have read a shard before the caller's last write, so it does not count.
   */
  const waiters = new Set<{ begunBefore: number; done: () => void }>();
  const afterPass = (seen: number, pass: number) => {
    if (seen > 0) return;
    for (const w of waiters) if (pass > w.begunBefore) (waiters.delete(w), w.done());
  };

  let idleMs = IDLE_MS.first;
  let wake: (() => void) | undefined;
  /** Waits `ms`, or less if nudged. */
  const nap = (ms: number) =>
    new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wake = done;
    });
  const nudge = () => {
    idleMs = IDLE_MS.first;
    wake?.();
  };

  const loop = (async () => {
    while (running) {
      try {
        const seen = await pass();
        afterPass(seen, passesBegun);
        if (seen > 0) idleMs = IDLE_MS.first;
        // A settle() waiting needs an empty read begun after its call: the next one, at once.
        else if (waiters.size === 0) {
          await nap(idleMs);
          idleMs = Math.min(idleMs * 2, IDLE_MS.last);
        }
      } catch (err) {
        lastError = err;
        if (running) await nap(500);
      }
    }
    for (const w of waiters) w.done();
    waiters.clear();
  })();

  return {
    checkpoints: () => new Map(checkpoints),
    settle(timeoutMs?: number) {
      return new Promise<void>((resolve, reject) => {
        if (!running) return resolve();
        const timer = timeoutMs === undefined ? undefined : setTimeout(() => (waiters.delete(waiter), reject(new Error(`stream did not settle within ${timeoutMs} ms: ${String(lastError ?? '')}`))), timeoutMs);
        const waiter = { begunBefore: passesBegun, done: () => (clearTimeout(timer), resolve()) };
        refreshRequested = true;
        waiters.add(waiter);
        nudge();
      });
    },
    nudge,
    async stop() {
      running = false;
      wake?.();
      await loop;
      client.destroy();
    },
  };
}
