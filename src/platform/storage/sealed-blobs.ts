import { randomUUID } from 'node:crypto';
import { open, sealInChunks, type Envelope, type MasterKeyring } from '../crypto/envelope.ts';
import { checkBlobKey, type BlobStore } from './blob-store.ts';

/** A written blob: its key and the envelope to store beside it in the metadata row. */
export interface BlobRef {
  key: string;
  envelope: Envelope;
  /** Plaintext size in bytes. */
  size: number;
}

/**
 * Blobs sealed at rest under the master key. Every write goes under a new key (`prefix/uuid`): the
 * upload-then-commit protocol relies on a name never being reused.
 */
export class SealedBlobs {
  constructor(
    private readonly store: BlobStore,
    private readonly keys: MasterKeyring,
  ) {}

  async writeNew(prefix: string, plaintext: Buffer): Promise<BlobRef> {
    const key = checkBlobKey(`${prefix}/${randomUUID()}`);
    // Sealed in slices and stored in the pieces the cipher gives: the plaintext is never copied.
    const sealed = await sealInChunks(this.keys.current, key, plaintext);
    await this.store.put(key, sealed.chunks);
    return { key, envelope: sealed.envelope, size: plaintext.length };
  }

  /** Null when the blob is gone. */
  async read(key: string, envelope: Envelope): Promise<Buffer | null> {
    const body = await this.store.get(key);
    return body === null ? null : open(this.keys, key, { body, envelope });
  }

  async delete(keys: readonly string[]): Promise<void> {
    for (const key of keys) await this.store.delete(key);
  }

  /**
   * Upload then commit: the blobs are written first, then `commit` records them (in its transaction).
   * If the commit fails the blobs are removed at once; if the process dies in between, they are orphans
   * that no row references, and the sweeper removes them.
   */
  async writeThenCommit<T>(prefix: string, plaintexts: readonly Buffer[], commit: (refs: BlobRef[]) => Promise<T>): Promise<T> {
    const refs: BlobRef[] = [];
    try {
      for (const plaintext of plaintexts) refs.push(await this.writeNew(prefix, plaintext));
      return await commit(refs);
    } catch (error) {
      await this.delete(refs.map((r) => r.key)).catch(() => undefined);
      throw error;
    }
  }
}
