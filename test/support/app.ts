/**
 * The service running in-process for integration tests: the real Lambda handlers behind the
 * local HTTP runtime, on the DynamoDB Local that globalSetup started, in a table of this
 * test file's own.
 */
import { inject } from 'vitest';
import { DeleteTableCommand } from '@aws-sdk/client-dynamodb';
import type { Role } from '#domain/access.ts';
import { signDevToken } from '#infra/local/auth.ts';
import { startLocal, type LocalRuntime } from '#infra/local/runtime.ts';
import { answering, localClient } from '#infra/local/dynamo.ts';

export interface TestApp {
  runtime: LocalRuntime;
  url: string;
  /** A user id unique to this test file. */
  sub(name: string): string;
  token(role: Role | Role[], sub: string): Promise<string>;
  call(method: string, path: string, opts?: CallOptions): Promise<CallResult>;
  stop(): Promise<void>;
}

export interface CallOptions {
  token?: string;
  body?: unknown;
  /** Sent as is, without JSON encoding. */
  rawBody?: string;
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  text: string;
}

/**
 * Every file's table has this name, in the file's own database (test/support/own-database.ts).
 * One name, because a worker runs several files with its function modules loaded, and those read
 * the table's name once, when they load.
 */
const TABLE_NAME = 'ketnoi-test';

/** Starts the app for one test file; `prefix` keeps its users apart from other files'. */
export async function startTestApp(prefix: string): Promise<TestApp> {
  process.env.LOG_LEVEL = 'warn';
  const unique = `${prefix}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 6)}`;
  await answering(inject('dynamoEndpoint'));
  const runtime = await startLocal({ port: 0, dynamoEndpoint: inject('dynamoEndpoint'), tableName: TABLE_NAME, secretsDir: '.local/test' });
  return {
    runtime,
    url: runtime.url,
    sub: (name) => `${unique}-${name}`,
    token: (role, sub) => signDevToken(runtime.secrets, sub, Array.isArray(role) ? role : [role]),
    async call(method, path, opts = {}) {
      const headers: Record<string, string> = { ...opts.headers };
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
      let body: string | undefined = opts.rawBody;
      if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      const res = await fetch(runtime.url + path, { method, headers, body });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON: keep the text */
      }
      return { status: res.status, headers: res.headers, body: parsed, text };
    },
    // The table goes with the file: DynamoDB Local keeps every table (and its stream) in one
    // JVM for the whole run, and late files slowed down under the weight of earlier ones.
    async stop() {
      await runtime.stop();
      const client = localClient(inject('dynamoEndpoint'));
      await client.send(new DeleteTableCommand({ TableName: TABLE_NAME })).catch(() => undefined);
      client.destroy();
    },
  };
}
