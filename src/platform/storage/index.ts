import path from 'node:path';
import type { StorageConfig } from '../config/index.ts';
import type { BlobStore } from './blob-store.ts';
import { FilesystemBlobStore } from './filesystem-blob-store.ts';
import { LazyS3BlobStore } from './lazy-s3-blob-store.ts';

export { BlobExistsError, checkBlobKey, type BlobStore } from './blob-store.ts';
export { FilesystemBlobStore } from './filesystem-blob-store.ts';
export type { S3Settings } from './s3-blob-store.ts';
export { SealedBlobs, type BlobRef } from './sealed-blobs.ts';

/** The configured store: files under `<data dir>/blobs` (default), or an S3 bucket. */
export function openBlobStore(config: { dataDir: string; storage: StorageConfig }): BlobStore {
  if (config.storage.kind === 's3') return new LazyS3BlobStore(config.storage);
  return new FilesystemBlobStore(path.join(config.dataDir, 'blobs'));
}
