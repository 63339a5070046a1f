import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One migrated embedded database for the run; test apps start from it instead of running initdb.
    globalSetup: ['test/support/global-setup.ts'],
    // End-to-end suites start real HTTP servers and databases: give them room, and keep
    // the run to the machine's two cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    isolate: false,
  },
});
