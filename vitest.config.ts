import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'cdk.out/**', '.fresh-clone/**', '.local/**'],
    globalSetup: ['test/global-setup.ts'],
    setupFiles: ['test/support/own-database.ts'],
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
  },
});
