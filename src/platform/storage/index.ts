import path from 'node:path';
import type { BlobStore } from './blob-store.ts';
import { FilesystemBlobStore } from './filesystem-blob-store.ts';

export { BlobExistsError, checkBlobKey, type BlobStore } from './blob-store.ts';
export { FilesystemBlobStore } from './filesystem-blob-store.ts';
export { SealedBlobs, type BlobRef } from './sealed-blobs.ts';

/** The default store: files under `<data dir>/blobs`. */
export function openBlobStore(options: { dataDir: string }): BlobStore {
  return new FilesystemBlobStore(path.join(options.dataDir, 'blobs'));
}
