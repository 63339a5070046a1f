import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // One migrated embedded database for the run (and a migrated template database on TEST_DATABASE_URL):
    // test apps start from them instead of running initdb and the migrations.
    globalSetup: ['test/support/global-setup.ts'],
    // End-to-end suites start real HTTP servers and databases: give them room, and keep
    // the run to the machine's two cores.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    maxWorkers: 2,
    // A worker keeps its loaded modules from one test file to the next instead of importing the
    // whole app again per file (seconds of CPU per file). Safe because src/ keeps no module-level
    // state and tests build their apps, clocks and fakes themselves.
    isolate: false,
  },
});
