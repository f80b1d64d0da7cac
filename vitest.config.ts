import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'cdk.out/**', '.fresh-clone/**'],
    globalSetup: ['test/global-setup.ts'],
    // Integration files spend most of their time waiting on DynamoDB Local and the stream, so
    // more files than cores run at once; each has its own table, users and runtime.
    maxWorkers: 3,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.local/vitest-results.json' },
  },
});
