/**
 * Functions as deployed: entries bundled exactly as the CDK builds them (`BUNDLE_ALIASES`
 * included: the SDK's credential chain reduced to the environment link, semver to one function;
 * see functions/aws/), each run in a fresh Node process with the environment Lambda gives a
 * function, on DynamoDB Local: the sellers function behind the local gateway, the stream
 * function with X-Ray tracing loaded. The rest of the suite runs the handlers from source; this
 * file checks that what ships works too.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { API } from '#functions/routes/index.ts';
import { sellerKeys } from '#functions/data/sellers.ts';
import { answering, createTable, localClient } from '#infra/local/dynamo.ts';
import { loadDevSecrets, signDevToken, type DevSecrets } from '#infra/local/auth.ts';
import { createDispatcher, type LambdaHandler } from '#infra/local/server.ts';
import type { Metafile } from 'esbuild';
import { bundleEntry } from '#test/support/bundle.ts';
import { sellerBody } from '#test/support/fixtures.ts';

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), 'ketnoi-bundle-'));
const tableName = `bundle-${Date.now().toString(36)}`;
const endpoint = inject('dynamoEndpoint');
const client = localClient(endpoint);
let secrets: DevSecrets;
let inputs: string[];

/**
 * What Lambda sets for a function (its role's credentials among it), with the endpoint pointed
 * at DynamoDB Local (an SDK setting, not ours) and the access key naming this file's database.
 */
function lambdaEnvironment(functionName: string, { cursorKey = true } = {}): Record<string, string> {
  return {
    PATH: process.env.PATH ?? '',
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: process.env.DYNAMODB_LOCAL_ACCESS_KEY!,
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_SESSION_TOKEN: 'session',
    AWS_LAMBDA_FUNCTION_NAME: functionName,
    // Set by Lambda: Powertools Tracer traces only where it finds them, the X-Ray SDK sets up its Lambda mode.
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x',
    LAMBDA_TASK_ROOT: '/var/task',
    AWS_ENDPOINT_URL_DYNAMODB: endpoint,
    TABLE_NAME: tableName,
    ...(cursorKey ? { CURSOR_KEY: Buffer.alloc(32, 3).toString('base64') } : {}),
    KETNOI_MODE: 'aws',
    LOG_LEVEL: 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

/** The files a bundle carries code from (esbuild lists tree-shaken ones too, with 0 bytes). */
function carried(metafile: Metafile): string[] {
  return Object.values(metafile.outputs).flatMap((out) => Object.entries(out.inputs).filter(([, i]) => i.bytesInOutput > 0).map(([file]) => file));
}

/** Runs one invocation of the bundle in a new process, as a cold Lambda instance would. */
function coldInvoke(bundle: string, env: Record<string, string>): LambdaHandler {
  const script = `const { handler } = await import(${JSON.stringify(`file://${bundle}`)});
const result = await handler(JSON.parse(process.argv[1]), { awsRequestId: 'bundle-test', functionName: 'sellers', getRemainingTimeInMillis: () => 10000 });
process.stdout.write(JSON.stringify(result));`;
  return async (event) => {
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script, JSON.stringify(event)], { env });
    return JSON.parse(stdout);
  };
}

beforeAll(async () => {
  await answering(endpoint);
  await createTable(client, tableName);
  secrets = await loadDevSecrets(path.join(dir, 'secrets'));
  const { code, metafile } = await bundleEntry('functions/handlers/sellers.ts');
  inputs = carried(metafile);
  writeFileSync(path.join(dir, 'index.mjs'), code);
}, 120_000);
afterAll(() => client.destroy());

describe('the sellers function as deployed', () => {
  it('creates a cooperative with the credentials Lambda puts in the environment', async () => {
    const env = lambdaEnvironment('sellers');
    const sellers = API.find((g) => g.name === 'sellers')!;
    const dispatch = createDispatcher([{ name: 'sellers', routes: sellers.routes, handler: coldInvoke(path.join(dir, 'index.mjs'), env) }], secrets);
    const token = await signDevToken(secrets, 'bundle-coop', ['cooperative']);
    const res = await dispatch({
      method: 'POST',
      url: '/v1/sellers',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'accept-language': 'vi' },
      body: Buffer.from(JSON.stringify(sellerBody())),
    });
    expect(res.statusCode, String(res.body)).toBe(201);
    const id = JSON.parse(String(res.body)).id as string;
    const stored = await client.send(new GetItemCommand({ TableName: tableName, Key: { pk: { S: sellerKeys.item(id).pk }, sk: { S: sellerKeys.item(id).sk } } }));
    expect(stored.Item?.name?.S).toBe(sellerBody().name);
  }, 60_000);

  it('carries none of the SDK credential providers Lambda does not use', () => {
    expect(inputs.some((i) => i.includes('node_modules/@aws-sdk/credential-provider-env/'))).toBe(true);
    expect(inputs.filter((i) => /node_modules\/@aws-sdk\/(credential-provider-(node|ini|sso|process|web-identity|login|http)|nested-clients|token-providers)\//.test(i))).toEqual([]);
  });
});

describe('the stream function as deployed', () => {
  it('loads with X-Ray tracing on (the semver and node:http stand-ins in place), capturing HTTP without loading fetch, makes its own cursor key and answers an empty batch', async () => {
    const { code, metafile } = await bundleEntry('functions/handlers/stream.ts');
    const streamInputs = carried(metafile);
    expect(streamInputs.filter((i) => /node_modules\/(semver|@aws-sdk\/client-secrets-manager)\//.test(i))).toEqual([]);
    expect(streamInputs.some((i) => i.includes('node_modules/aws-xray-sdk-core/'))).toBe(true);
    const bundle = path.join(dir, 'stream.mjs');
    writeFileSync(bundle, code);
    const script = `const { handler } = await import(${JSON.stringify(`file://${bundle}`)});
const loaded = { undici: process.moduleLoadList.some((m) => m.includes('undici')), httpCaptured: typeof process.getBuiltinModule('node:http').__request === 'function' };
process.stdout.write(JSON.stringify({ answer: await handler({ Records: [] }, { awsRequestId: 'r', functionName: 'stream', getRemainingTimeInMillis: () => 10000 }), ...loaded }));`;
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], {
      // No cursor key: this function makes its own (functions/instance-cursor-key.ts).
      env: { ...lambdaEnvironment('stream', { cursorKey: false }), AWS_XRAY_CONTEXT_MISSING: 'IGNORE_ERROR', EVENT_BUS_NAME: 'bundle-test' },
    });
    // Tracer captured the one \`node:http\` every caller uses (X-Ray keeps the original as
    // \`__request\`), and loading the bundle did not load Node's fetch (functions/aws/node-http.ts).
    expect(JSON.parse(stdout)).toEqual({ answer: { batchItemFailures: [] }, undici: false, httpCaptured: true });
    expect(Buffer.from(code).toString()).not.toMatch(/from\s*"node:http"/);
  }, 60_000);
});
