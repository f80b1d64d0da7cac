import { defineConfig } from 'vitest/config';

/** Unit test files that must import their modules afresh: they set the environment those read at import. */
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
    // A file starts in a worker thread rather than a new process (51 s instead of 73 s for six
    // integration files).
    pool: 'threads',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.local/vitest-results.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: ['**/*.int.test.ts', ...NEEDS_FRESH_MODULES],
          // Pure code with no database: the files share a worker and its loaded modules, instead
          // of each importing them again in a new one (35 s of CPU instead of 20 s, measured).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts', ...NEEDS_FRESH_MODULES],
          // Each file gets a DynamoDB Local database of its own, and the functions read their
          // table and database from the environment when they load: a new worker per file.
          setupFiles: ['test/support/own-database.ts'],
        },
      },
    ],
  },
});
