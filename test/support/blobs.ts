import fs from 'node:fs';
import path from 'node:path';
import type { FoyerApp } from '../../src/app.ts';
import { openBlobStore } from '../../src/platform/storage/index.ts';

/**
 * The app's blobs as stored (sealed), whichever store it is configured with: the rental suite runs on
 * the filesystem store and again on S3 (`npm run test:s3`), and its tests look at raw bytes.
 */
export function storedBlobs(app: Pick<FoyerApp, 'config'>) {
  const store = openBlobStore(app.config);
  const storage = app.config.storage;
  /** The file holding the blob's bytes: the blob itself, or s3rver's file for the object. */
  const fileOf = (key: string): string => {
    if (storage.kind === 'fs') return path.join(app.config.dataDir, 'blobs', ...key.split('/'));
    const s3rverDir = process.env.TEST_S3_DIRECTORY;
    if (!s3rverDir) throw new Error('TEST_S3_DIRECTORY is not set: the S3 store is not s3rver');
    const parts = `${storage.keyPrefix}${key}`.split('/');
    return path.join(s3rverDir, storage.bucket, ...parts.slice(0, -1), `${parts.at(-1)}._S3rver_object`);
  };
  return {
    /** The sealed bytes, or null. */
    raw: (key: string) => store.get(key),
    exists: async (key: string) => (await store.get(key)) !== null,
    put: (key: string, bytes: Buffer) => store.put(key, bytes),
    /** Back-dates a blob (the sweeper leaves young blobs alone). */
    age(key: string, to: Date) {
      fs.utimesSync(fileOf(key), to, to);
    },
  };
}
