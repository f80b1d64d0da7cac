import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'cdk.out/**', '.fresh-clone/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/support/own-database.ts'],
    // One file at a time: 4 min 21 s here; two workers take 3 min 38 s but put the busiest
    // files (contract fuzzing, 200 concurrent bookings, the browser journeys) on the same two
    // cores, and a suite that can fail because the machine is busy costs more than 43 s.
    maxWorkers: 1,
    pool: 'threads',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.local/vitest-results.json' },
  },
});
