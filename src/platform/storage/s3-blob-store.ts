import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsCommand,
  NoSuchKey,
  NotFound,
  PutObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import type { Readable } from 'node:stream';
import type { StorageConfig } from '../config/storage.ts';
import { BlobExistsError, checkBlobKey, type BlobStore } from './blob-store.ts';

/** The `s3` storage configuration, without its discriminant. */
export type S3Settings = Omit<Extract<StorageConfig, { kind: 's3' }>, 'kind'>;

/**
 * Blobs as objects of an S3-compatible bucket. Keys are new per write, and `put` is conditional
 * (`If-None-Match: *`, honoured by AWS since 2024 and by most compatible servers); servers that ignore
 * the condition are covered by a HEAD just before, which is enough for keys that end in a fresh UUID.
 */
export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;

  constructor(private readonly settings: S3Settings) {
    this.client = new S3Client({
      region: settings.region,
      ...(settings.endpoint ? { endpoint: settings.endpoint } : {}),
      forcePathStyle: settings.forcePathStyle,
      credentials: { accessKeyId: settings.accessKeyId, secretAccessKey: settings.secretAccessKey },
      // Checksums only where S3 requires them: many compatible servers reject the newer trailers.
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
      maxAttempts: 3,
    });
  }

  private objectKey(key: string): string {
    return this.settings.keyPrefix + checkBlobKey(key);
  }

  async put(key: string, pieces: Buffer | readonly Buffer[]): Promise<void> {
    const body = Buffer.isBuffer(pieces) ? pieces : Buffer.concat(pieces);
    const Key = this.objectKey(key);
    if (await this.exists(Key)) throw new BlobExistsError(`blob ${key} already exists`);
    try {
      await this.client.send(new PutObjectCommand({ Bucket: this.settings.bucket, Key, Body: body, ContentLength: body.length, IfNoneMatch: '*' }));
    } catch (error) {
      if (error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 412 || error.name === 'PreconditionFailed')) {
        throw new BlobExistsError(`blob ${key} already exists`);
      }
      throw error;
    }
  }

  private async exists(Key: string): Promise<boolean> {
    try {
      await this.client.send(new HeadObjectCommand({ Bucket: this.settings.bucket, Key }));
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      const answer = await this.client.send(new GetObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
      const chunks: Buffer[] = [];
      for await (const chunk of answer.Body as Readable) chunks.push(chunk as Buffer);
      return Buffer.concat(chunks);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.settings.bucket, Key: this.objectKey(key) }));
  }

  async *list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }> {
    // `rental` lists `rental/…`, not `rentals/…`: the same as a directory on the filesystem.
    const Prefix = `${this.objectKey(prefix)}/`;
    // ListObjects (v1) paged by Marker, the last key seen: every S3-compatible server has it, while
    // some cannot make v2 continuation tokens (s3rver needs DES, gone from OpenSSL 3).
    let Marker: string | undefined;
    for (;;) {
      const page = await this.client.send(new ListObjectsCommand({ Bucket: this.settings.bucket, Prefix, Marker }));
      for (const object of page.Contents ?? []) {
        if (!object.Key) continue;
        Marker = object.Key;
        yield { key: object.Key.slice(this.settings.keyPrefix.length), modifiedAt: object.LastModified ?? new Date(0) };
      }
      if (!page.IsTruncated || !page.Contents?.length) return;
    }
  }

  close(): void {
    this.client.destroy();
  }
}

function isMissing(error: unknown): boolean {
  return error instanceof NoSuchKey || error instanceof NotFound || (error instanceof S3ServiceException && error.$metadata.httpStatusCode === 404);
}
