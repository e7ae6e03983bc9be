import { defineConfig } from 'vitest/config';

/** The integration suite again, against the PostgreSQL named by TEST_DATABASE_URL (see .ci/run). */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
