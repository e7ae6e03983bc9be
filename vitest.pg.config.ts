import { defineConfig } from 'vitest/config';

/**
 * The integration suite again, against the PostgreSQL named by TEST_DATABASE_URL (see .ci/run), with the
 * tests that only mean something there (`*.postgres-test.ts`: several server processes on one database).
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.postgres-test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
