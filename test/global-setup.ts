/**
 * Starts one DynamoDB Local for the whole test run and hands its endpoint to the test files,
 * which each create their own table in a database of their own (see test/support/own-database.ts).
 */
import type { TestProject } from 'vitest/node';
import { startDynamoLocal, type LocalDynamo } from '#infra/local/dynamo.ts';

let dynamo: LocalDynamo | undefined;

export async function setup(project: TestProject) {
  dynamo = await startDynamoLocal({ sharedDb: false });
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
