import { defineConfig } from 'vitest/config';

/**
 * Test files that must load their modules afresh, in a worker of their own: each sets the
 * environment those modules read when they load (metrics outside local mode, AWS settings, a
 * function environment without a table), which other files in a shared worker would inherit.
 */
const NEEDS_FRESH_MODULES = ['functions/observability.test.ts', 'functions/handlers/pre-token.test.ts', 'test/authz.test.ts'];

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
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.local/vitest-results.json' },
    projects: [
      {
        extends: true,
        test: {
          name: 'shared',
          include: ['**/*.test.ts'],
          exclude: NEEDS_FRESH_MODULES,
          // A worker runs file after file with the modules it has loaded, instead of a new worker
          // importing them again for each file: that import cost 2–3 s per integration file. Each
          // file still has a DynamoDB Local database, a table, a runtime and user ids of its own
          // (test/support/app.ts). Unit and integration files share the workers: vitest runs one
          // project after another, and a project of unit files alone ran on one worker for 12 s
          // while the other had nothing to do.
          isolate: false,
          setupFiles: ['test/support/own-database.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'isolated', include: NEEDS_FRESH_MODULES, isolate: true },
      },
    ],
  },
});
