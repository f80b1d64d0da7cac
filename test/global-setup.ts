/**
 * Starts one DynamoDB Local for the whole test run and hands its endpoint to the test files,
 * which each create their own table in a database of their own (see test/support/own-database.ts).
 * It does not wait for the JVM to answer: the workers load their modules and run the unit files
 * meanwhile (2–3 s), and a file that needs the database waits for it (`answering`).
 */
import type { TestProject } from 'vitest/node';
import { startDynamoLocal, type LocalDynamo } from '#infra/local/dynamo.ts';

let dynamo: LocalDynamo | undefined;

export async function setup(project: TestProject) {
  dynamo = await startDynamoLocal({ sharedDb: false, waitUntilReady: false });
  dynamo.ready.catch((err: Error) => {
    // Every integration file would otherwise wait for it in vain.
    console.error(`\n${err.message}\n`);
    process.exit(1);
  });
  project.provide('dynamoEndpoint', dynamo.endpoint);
}

export async function teardown() {
  await dynamo?.stop();
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
