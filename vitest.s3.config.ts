import { defineConfig } from 'vitest/config';

/** The rental integration suite with blobs in S3 (s3rver over real HTTP, started by the global setup). */
export default defineConfig({
  test: {
    include: ['test/rental/**/*.test.ts'],
    globalSetup: ['test/support/pglite-template.ts', 'test/support/s3-global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
