/**
 * Runs before each test file (vitest `setupFiles`): gives the file an access key of its own, and
 * so a DynamoDB Local database of its own (globalSetup starts it without -sharedDb). A file then
 * never pays for the stream records of the files before it. The functions read the key at each
 * request (functions/deps.ts), so this holds in a worker that ran other files before.
 */
import { randomUUID } from 'node:crypto';

// Letters and digits only: DynamoDB Local refuses other access keys.
process.env.DYNAMODB_LOCAL_ACCESS_KEY = `test${randomUUID().replaceAll('-', '')}`;
