/**
 * Where sealed blobs live. Keys are relative, slash-separated names (`rental/tenant_1/…/uuid`).
 * A store never overwrites: `put` of an existing key fails, so a blob, once referenced by a committed
 * row, is never changed under it.
 */
export interface BlobStore {
  /** The body whole, or in pieces to be stored one after another (written as they are, not joined first). */
  put(key: string, body: Buffer | readonly Buffer[]): Promise<void>;
  /** Null when there is no such blob. */
  get(key: string): Promise<Buffer | null>;
  /** Deleting a missing blob is not an error. */
  delete(key: string): Promise<void>;
  /** Every key under `prefix` (for the sweeper), with its last-modified time. */
  list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }>;
  /** Releases connections (S3's sockets); the store is not used afterwards. */
  close?(): void;
}

export class BlobExistsError extends Error {
  override name = 'BlobExistsError';
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/** Keys come from our own code, but are checked anyway: no `..`, no absolute path, no odd characters. */
export function checkBlobKey(key: string): string {
  const segments = key.split('/');
  if (segments.length > 16 || !segments.every((s) => SEGMENT.test(s) && s !== '..' && s !== '.')) {
    throw new Error(`invalid blob key ${JSON.stringify(key)}`);
  }
  return key;
}
