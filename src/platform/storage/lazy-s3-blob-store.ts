import type { BlobStore } from './blob-store.ts';
import type { S3Settings } from './s3-blob-store.ts';

/**
 * The S3 store, loaded at its first use: the AWS SDK takes a third of a second or more to import,
 * which every process started with the default file store would otherwise pay.
 */
export class LazyS3BlobStore implements BlobStore {
  private store: Promise<BlobStore> | undefined;
  private closed = false;

  constructor(private readonly settings: S3Settings) {}

  private open(): Promise<BlobStore> {
    if (this.closed) return Promise.reject(new Error('blob store closed'));
    this.store ??= import('./s3-blob-store.ts').then(({ S3BlobStore }) => new S3BlobStore(this.settings));
    return this.store;
  }

  async put(key: string, body: Buffer | readonly Buffer[]): Promise<void> {
    return (await this.open()).put(key, body);
  }

  async get(key: string): Promise<Buffer | null> {
    return (await this.open()).get(key);
  }

  async delete(key: string): Promise<void> {
    return (await this.open()).delete(key);
  }

  async *list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }> {
    yield* (await this.open()).list(prefix);
  }

  close(): void {
    this.closed = true;
    void this.store?.then((store) => store.close?.()).catch(() => {});
  }
}
