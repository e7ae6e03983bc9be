import { defineConfig } from 'vitest/config';

/**
 * The integration suite again, against the PostgreSQL named by TEST_DATABASE_URL (see .ci/run), with the
 * tests that only mean something there (`*.postgres-test.ts`: several server processes on one database).
 * With FOYER_TEST_S3=true, blobs go to an s3rver started for the run (what `test:s3` does on the embedded database).
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.postgres-test.ts'],
    // CI sets FOYER_TEST_S3=true: the same run then keeps every test app's blobs in s3rver too.
    globalSetup: ['test/support/pglite-template.ts', ...(process.env.FOYER_TEST_S3 === 'true' ? ['test/support/s3-global-setup.ts'] : [])],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
