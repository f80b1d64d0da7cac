import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'cdk.out/**', '.fresh-clone/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/support/own-database.ts'],
    // One file at a time: about 5 min here. Two workers put the busiest files (contract
    // fuzzing, 200 concurrent bookings, the browser journeys) on the same two cores, and a suite
    // that can fail because the machine is busy costs more than the minute they save.
    maxWorkers: 1,
    // A file starts in a worker thread rather than a new process (51 s instead of 73 s for six
    // integration files).
    pool: 'threads',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.local/vitest-results.json' },
  },
});
