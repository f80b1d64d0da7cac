import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'cdk.out/**', '.fresh-clone/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/support/own-database.ts'],
    // One file at a time on two cores: the load-heavy files (contract fuzzing, market allocation,
    // 200 concurrent bookings) time out when they share the machine with each other.
    maxWorkers: 1,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.local/vitest-results.json' },
  },
});
