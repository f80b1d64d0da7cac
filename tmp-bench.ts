import { startDynamoLocal, createTable, localClient } from '#infra/local/dynamo.ts';
import { makeDeps } from '#functions/deps.ts';
import { randomBytes } from 'node:crypto';
const d = await startDynamoLocal();
const c = localClient(d.endpoint); await createTable(c, 'tbl1');
const deps = makeDeps({ TABLE_NAME: 'tbl1', DYNAMODB_ENDPOINT: d.endpoint, AWS_REGION: 'ap-southeast-1', CURSOR_KEY: randomBytes(32).toString('base64'), KETNOI_MODE: 'local' });
const { PutCommand, GetCommand } = await import('@aws-sdk/lib-dynamodb');
async function run(n: number, conc: number, f: (i: number) => Promise<unknown>) {
  const t = Date.now(); let next = 0;
  await Promise.all(Array.from({ length: conc }, async () => { while (next < n) { const i = next++; await f(i); } }));
  return Date.now() - t;
}
for (const conc of [1, 4, 16, 64]) {
  const ms = await run(500, conc, (i) => deps.store.doc.send(new PutCommand({ TableName: 'tbl1', Item: { pk: `X#${conc}#${i}`, sk: 'A', gsi3pk: 'DUE', gsi3sk: `${i}`, data: 'x'.repeat(500) } })));
  console.log('put conc', conc, ms, 'ms for 500');
}
const ms = await run(500, 16, (i) => deps.store.doc.send(new GetCommand({ TableName: 'tbl1', Key: { pk: `X#16#${i}`, sk: 'A' }, ConsistentRead: true })));
console.log('get conc 16', ms);
await d.stop(); process.exit(0);
