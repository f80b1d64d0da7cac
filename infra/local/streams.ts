/**
 * Local stand-in for the Lambda event source mapping on the table's stream: reads DynamoDB
 * Local's stream with the DynamoDB Streams API and invokes the same handler AWS invokes, with
 * the same event shape, batch by batch, retrying a failed batch like Lambda does.
 */
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record,
} from '@aws-sdk/client-dynamodb-streams';
import { DescribeTableCommand } from '@aws-sdk/client-dynamodb';
import type { DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { localClient } from '#infra/local/dynamo.ts';

export type StreamHandler = (event: DynamoDBStreamEvent) => Promise<unknown>;

/** Last sequence number handled per shard, like the event source mapping's checkpoint. */
export type Checkpoints = Map<string, string>;

export interface StreamPoller {
  /** Where a new poller should resume, as a restarted Lambda event source mapping would. */
  checkpoints(): Checkpoints;
  /** Resolves once every record written so far has been handled. */
  settle(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

const MAX_ATTEMPTS = 10;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

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
      NewImage: d.NewImage as never,
      OldImage: d.OldImage as never,
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType as never,
    },
  };
}

/** Polls the table's stream and feeds `handler` until stopped. */
export async function startStreamPoller(opts: { endpoint: string; tableName: string; handler: StreamHandler; batchSize?: number; idleMs?: number; checkpoints?: Checkpoints }): Promise<StreamPoller> {
  const ddb = localClient(opts.endpoint);
  const table = await ddb.send(new DescribeTableCommand({ TableName: opts.tableName }));
  ddb.destroy();
  const streamArn = table.Table?.LatestStreamArn;
  if (!streamArn) throw new Error(`table ${opts.tableName} has no stream`);
  const client = new DynamoDBStreamsClient({ endpoint: opts.endpoint, region: 'ap-southeast-1', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  const iterators = new Map<string, string | undefined>();
  const finished = new Set<string>();
  const checkpoints: Checkpoints = new Map(opts.checkpoints);
  let running = true;
  let idlePasses = 0;
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

  /** Hands a batch to the handler until it succeeds; false if stopped first (the batch stays unhandled). */
  async function deliver(records: DynamoDBRecord[]): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      if (!running) return false;
      try {
        await opts.handler({ Records: records });
        return true;
      } catch (err) {
        lastError = err;
        console.error(`stream batch attempt ${attempt} failed: ${(err as Error)?.message ?? err}`);
        if (attempt >= MAX_ATTEMPTS) {
          console.error(`stream batch of ${records.length} failed ${attempt} times; skipping it (in AWS it would go to the on-failure queue)`, err);
          return true;
        }
        await sleep(Math.min(2000, 100 * 2 ** attempt));
      }
    }
  }

  let lastRefresh = 0;
  async function pass(): Promise<number> {
    // New shards appear rarely (DynamoDB rolls them over every few hours); looking once a
    // second keeps the emulator free for the tests' own requests.
    if (Date.now() - lastRefresh > 1000 || iterators.size === 0) {
      await refreshShards();
      lastRefresh = Date.now();
    }
    let seen = 0;
    for (const [shardId, iterator] of iterators) {
      if (!iterator) {
        iterators.delete(shardId);
        finished.add(shardId);
        lastRefresh = 0;
        continue;
      }
      const out = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: opts.batchSize ?? 100 }));
      const records = out.Records ?? [];
      if (records.length) {
        seen += records.length;
        if (!(await deliver(records.map((r) => toLambdaRecord(r, streamArn!))))) return seen;
        checkpoints.set(shardId, records[records.length - 1].dynamodb!.SequenceNumber!);
      }
      iterators.set(shardId, out.NextShardIterator);
    }
    return seen;
  }

  const loop = (async () => {
    while (running) {
      try {
        const seen = await pass();
        idlePasses = seen === 0 ? idlePasses + 1 : 0;
        if (seen === 0) await sleep(opts.idleMs ?? 100);
      } catch (err) {
        lastError = err;
        if (running) await sleep(500);
      }
    }
  })();

  return {
    checkpoints: () => new Map(checkpoints),
    async settle(timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      idlePasses = 0;
      // Two empty passes in a row: everything written before the call has been handled,
      // including records the handler's own writes produced.
      while (idlePasses < 2) {
        if (Date.now() > deadline) throw new Error(`stream did not settle within ${timeoutMs} ms: ${String(lastError ?? '')}`);
        await sleep(20);
      }
    },
    async stop() {
      running = false;
      await loop;
      client.destroy();
    },
  };
}
