import { defineConfig } from 'vitest/config';

/** Test files that must import their modules afresh: they set the environment those read at import. */
const NEEDS_FRESH_MODULES = ['functions/observability.test.ts'];

export default defineConfig({
  test: {
    exclude: ['node_modules/**', 'cdk.out/**', '.fresh-clone/**', '.local/**'],
    globalSetup: ['test/global-setup.ts'],
    // Two files at a time, one per core. Every wait in the suite is for an event (the stream's
    // settle, a delivery, a page's text) with a generous deadline, never a fixed sleep, so a
    // busy machine makes a file slower, not red: the suite passed twice with two workers while
    // a bundling benchmark took most of the CPU.
    maxWorkers: 2,
    // Worker threads rather than processes (51 s instead of 73 s for six integration files).
    pool: 'threads',
    // A worker runs file after file with the modules it has loaded, instead of a new worker
    // importing them again for each file: that import cost 2–3 s per integration file. Each
    // file still has a DynamoDB Local database, a table, a runtime and user ids of its own
    // (test/support/app.ts). Whole runs took 288–304 s of CPU instead of 330 s.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.local/vitest-results.json' },
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['**/*.test.ts'], exclude: ['**/*.int.test.ts', ...NEEDS_FRESH_MODULES] },
      },
      {
        extends: true,
        test: { name: 'integration', include: ['**/*.int.test.ts'], setupFiles: ['test/support/own-database.ts'] },
      },
      {
        extends: true,
        test: { name: 'isolated', include: NEEDS_FRESH_MODULES, isolate: true },
      },
    ],
  },
});
