/**
 * The local runtime's robustness: bad requests get problem+json at once from the gateway, and
 * a stream record that cannot be processed is parked for an admin without holding up or
 * taking down the records around it.
 */
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeTableCommand, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DescribeStreamCommand, DynamoDBStreamsClient, GetRecordsCommand, GetShardIteratorCommand } from '@aws-sdk/client-dynamodb-streams';
import { marshall } from '@aws-sdk/util-dynamodb';
import { ulid } from 'ulid';
import type { InProcessBus } from '#functions/bus/bus.ts';
import { listingKeys } from '#functions/data/listings.ts';
import { localClient, localCredentials } from '#infra/local/dynamo.ts';
import { withEmptyMaps } from '#infra/local/streams.ts';
import { startTestApp, type TestApp } from '#test/support/app.ts';
import { created, listingBody, sellerBody } from '#test/support/fixtures.ts';

let app: TestApp;
beforeAll(async () => {
  app = await startTestApp('runtime');
});
afterAll(async () => {
  await app?.stop();
});

/** Sends raw bytes on one connection and collects everything until the server closes it. */
function rawExchange(port: number, chunks: Buffer[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let received = '';
    socket.on('data', (d) => (received += d.toString('latin1')));
    socket.on('error', (err: NodeJS.ErrnoException) => (err.code === 'ECONNRESET' || err.code === 'EPIPE' ? resolve(received) : reject(err)));
    socket.on('close', () => resolve(received));
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
    });
  });
}

describe('the local gateway', () => {
  it('answers 400 problem+json for a path with a broken percent-escape', async () => {
    const token = await app.token('cooperative', app.sub('coop'));
    const res = await app.call('GET', '/v1/listings/%E0%A4%A', { token, headers: { 'accept-language': 'vi' } });
    expect(res.status).toBe(400);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'malformed-path', status: 400, title: 'Đường dẫn không hợp lệ' });
  });

  it('answers 431 problem+json for a very long query string', async () => {
    const token = await app.token('cooperative', app.sub('coop'));
    const res = await app.call('GET', `/v1/listings?q=${'a'.repeat(20_000)}`, { token });
    expect(res.status).toBe(431);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    expect(res.body).toMatchObject({ code: 'headers-too-large', status: 431 });
  });

  it('answers 413 problem+json for a body over 10 MiB and closes that connection instead of reusing it', async () => {
    const port = Number(new URL(app.url).port);
    const size = 11 * 1024 * 1024;
    const head = Buffer.from(`POST /v1/listings HTTP/1.1\r\nhost: localhost\r\ncontent-type: application/json\r\ncontent-length: ${size}\r\nconnection: keep-alive\r\n\r\n`);
    const next = Buffer.from('GET /v1/health HTTP/1.1\r\nhost: localhost\r\n\r\n');
    const received = await rawExchange(port, [head, Buffer.alloc(size, 0x20), next]);
    const [first] = received.split(/(?=HTTP\/1\.1 )/);
    expect(first).toMatch(/^HTTP\/1\.1 413 /);
    expect(first.toLowerCase()).toContain('content-type: application/problem+json');
    expect(first.toLowerCase()).toContain('connection: close');
    expect(first).toContain('"code":"payload-too-large"');
  });
});

describe('the local stream relay', () => {
  it('parks a malformed item for admins and still relays the events written around it', async () => {
    const coop = await app.token('cooperative', app.sub('stream-coop'));
    const admin = await app.token('admin', app.sub('stream-admin'));
    const sellerId = await created(app, coop, '/v1/sellers', sellerBody());
    await app.runtime.stream.settle();
    // Hold the relay so that the bad item and the good ones arrive in one batch.
    await app.runtime.stream.stop();
    const badId = ulid();
    const ddb = localClient(app.runtime.dynamoEndpoint);
    await ddb.send(new PutItemCommand({ TableName: app.runtime.tableName, Item: { ...marshall(listingKeys.item(badId)), entity: { S: 'listing' }, id: { S: badId }, status: { S: 'active' }, quantityKg: { S: 'lots' } } }));
    ddb.destroy();
    const good = [
      await created(app, coop, '/v1/listings', listingBody(sellerId, { product: 'mit' })),
      await created(app, coop, '/v1/listings', listingBody(sellerId, { product: 'mit', variety: 'Mít Thái' })),
    ];
    await app.runtime.restartStream();
    await app.runtime.stream.settle();

    const { deps } = await import('#functions/deps.ts');
    const published = (deps().bus as InProcessBus).published.filter((e) => e.name === 'ListingPublished').map((e) => e.subject);
    expect(published).toEqual(expect.arrayContaining(good));

    const parked = await app.call('GET', '/v1/admin/parked-records', { token: admin });
    expect(parked.status, parked.text).toBe(200);
    const mine = parked.body.items.filter((p: { record: string }) => p.record.includes(badId));
    expect(mine).toHaveLength(1);
    expect(mine[0].error).not.toBe('');
    expect(mine[0].error, 'the record\'s own error, not the relay\'s').not.toMatch(/reported the record as failed/);
    expect(mine[0].attempts).toBeGreaterThanOrEqual(1);

    // Replaying it while the item is still malformed fails again and keeps it parked.
    const replay = await app.call('POST', `/v1/admin/parked-records/${mine[0].id}/replay`, { token: admin });
    expect(replay.status, replay.text).toBe(409);
    expect(replay.body.code).toBe('replay-failed');
    const after = await app.call('GET', '/v1/admin/parked-records', { token: admin });
    expect(after.body.items.find((p: { id: string }) => p.id === mine[0].id)?.attempts).toBe(mine[0].attempts + 1);
  });

  it('can read a write from the stream as soon as DynamoDB Local has answered it, which settle() counts on', async () => {
    // settle() resolves on the first empty read begun after its call (infra/local/streams.ts).
    const ddb = localClient(app.runtime.dynamoEndpoint);
    const streams = new DynamoDBStreamsClient({ endpoint: app.runtime.dynamoEndpoint, region: 'ap-southeast-1', credentials: localCredentials() });
    try {
      const arn = (await ddb.send(new DescribeTableCommand({ TableName: app.runtime.tableName }))).Table!.LatestStreamArn!;
      const shard = (await streams.send(new DescribeStreamCommand({ StreamArn: arn }))).StreamDescription!.Shards!.at(-1)!.ShardId!;
      let iterator = (await streams.send(new GetShardIteratorCommand({ StreamArn: arn, ShardId: shard, ShardIteratorType: 'LATEST' }))).ShardIterator!;
      const notYetReadable: number[] = [];
      for (let i = 0; i < 50; i++) {
        const pk = `PROBE#${ulid()}`;
        await ddb.send(new PutItemCommand({ TableName: app.runtime.tableName, Item: { pk: { S: pk }, sk: { S: 'PROBE' } } }));
        const read = await streams.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }));
        iterator = read.NextShardIterator!;
        if (!read.Records?.some((r) => r.dynamodb?.Keys?.pk?.S === pk)) notYetReadable.push(i);
      }
      expect(notYetReadable).toEqual([]);
    } finally {
      ddb.destroy();
      streams.destroy();
    }
  });

  it('processes a seller saved with an empty contact, which DynamoDB Local streams as {} instead of an empty map', async () => {
    const coop = await app.token('cooperative', app.sub('empty-contact'));
    const admin = await app.token('admin', app.sub('empty-contact-admin'));
    const sellerId = await created(app, coop, '/v1/sellers', sellerBody({ contact: {} }));
    await created(app, coop, '/v1/listings', listingBody(sellerId, { product: 'mit' }));
    await app.runtime.stream.settle();
    const parked = await app.call('GET', '/v1/admin/parked-records', { token: admin });
    expect(parked.body.items.filter((p: { record: string }) => p.record.includes(sellerId))).toEqual([]);
    expect(withEmptyMaps({ contact: {}, nested: { M: { a: {}, b: { L: [{}] } } } })).toEqual({ contact: { M: {} }, nested: { M: { a: { M: {} }, b: { L: [{ M: {} }] } } } });
  });
});
