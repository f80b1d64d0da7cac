import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { startDynamoLocal, localClient } from '#infra/local/dynamo.ts';
import { demandCodec } from '#functions/data/demands.ts';
import { demandIndexItems } from '#functions/data/match-index.ts';
import { makeDemand, productProfiles, Rng } from '#test/bench/matching-data.ts';
const dyn = await startDynamoLocal();
try {
  const client = localClient(dyn.endpoint);
  const doc = DynamoDBDocumentClient.from(client);
  const T = 'probe-scan';
  await client.send(new CreateTableCommand({ TableName: T, BillingMode: 'PAY_PER_REQUEST', AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }, { AttributeName: 'sk', AttributeType: 'S' }], KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }, { AttributeName: 'sk', KeyType: 'RANGE' }] }));
  const profiles = productProfiles(1); const rng = new Rng(5);
  const items = Array.from({ length: Number(process.argv[2] ?? 30000) }, () => makeDemand(rng, profiles)).flatMap((d) => [demandCodec.toItem(d), ...demandIndexItems(d)]);
  let next = 0; const t0 = performance.now();
  await Promise.all(Array.from({ length: 4 }, async () => { for (;;) { const s = next; next += 25; if (s >= items.length) return; let req: any = { [T]: items.slice(s, s + 25).map((Item) => ({ PutRequest: { Item } })) }; while (req && Object.keys(req).length) { const r = await doc.send(new BatchWriteCommand({ RequestItems: req })); req = r.UnprocessedItems; } } }));
  console.log('loaded', items.length, ((performance.now() - t0) / 1000).toFixed(1), 's');
  for (const segs of (process.argv[3] ?? '4,16,64').split(',').map(Number)) {
    const t = performance.now(); let n = 0; let pages = 0; const pageMs: number[] = [];
    await Promise.all(Array.from({ length: segs }, async (_, s) => { let k: any; do { const tp = performance.now(); const r = await doc.send(new ScanCommand({ TableName: T, ExclusiveStartKey: k, Segment: s, TotalSegments: segs, FilterExpression: 'entity = :e', ExpressionAttributeValues: { ':e': 'demand' } })); if (s === 0) pageMs.push(performance.now() - tp); n += r.ScannedCount!; pages++; k = r.LastEvaluatedKey; } while (k); }));
    console.log(`segs ${segs}: ${n} scanned, ${pages} pages, ${((performance.now() - t) / 1000).toFixed(2)} s; segment 0 page ms: ${pageMs.map((x) => x.toFixed(0)).join(' ')}`);
  }
  client.destroy();
} finally { await dyn.stop(); }
