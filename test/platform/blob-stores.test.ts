import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BlobExistsError, FilesystemBlobStore, SealedBlobs, type BlobStore } from '../../src/platform/storage/index.ts';
import { LazyS3BlobStore } from '../../src/platform/storage/lazy-s3-blob-store.ts';
import { S3BlobStore } from '../../src/platform/storage/s3-blob-store.ts';
import { S3RVER_CREDENTIALS, startS3, TEST_BUCKET, type RunningS3 } from '../support/s3.ts';

/**
 * One contract, two adapters: the filesystem store and the S3 store (over real HTTP, against
 * s3rver). Each adapter gives a store and the directory where its bytes end up as files, which the
 * tests read raw to look for plaintext.
 */
interface Adapter {
  name: string;
  open(): Promise<{ store: BlobStore; rawDir: string; close(): Promise<void> }>;
}

const adapters: Adapter[] = [
  {
    name: 'filesystem',
    async open() {
      const root = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-blobs-'));
      return { store: new FilesystemBlobStore(root), rawDir: root, close: async () => fs.rmSync(root, { recursive: true, force: true }) };
    },
  },
  {
    name: 's3 (s3rver)',
    async open() {
      const s3: RunningS3 = await startS3();
      const store = new S3BlobStore({
        endpoint: s3.endpoint,
        bucket: TEST_BUCKET,
        region: 'us-east-1',
        ...S3RVER_CREDENTIALS,
        forcePathStyle: true,
        keyPrefix: 'deployment-a/',
      });
      return {
        store,
        rawDir: s3.directory,
        async close() {
          store.close();
          await s3.stop();
        },
      };
    },
  },
];

function filesUnder(dir: string): string[] {
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

describe.each(adapters)('blob store contract: $name', (adapter) => {
  let store: BlobStore;
  let rawDir: string;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ store, rawDir, close } = await adapter.open());
  });
  afterAll(async () => close());

  it('stores, reads, lists by prefix and deletes; a missing blob reads as null, deleting it twice is fine', async () => {
    const before = Date.now();
    await store.put('t/one', Buffer.from('1'));
    await store.put('t/sub/two', Buffer.from('22'));
    await store.put('tt/other', Buffer.from('3'));
    expect((await store.get('t/one'))?.toString()).toBe('1');
    expect((await store.get('t/sub/two'))?.toString()).toBe('22');
    const listed: { key: string; modifiedAt: Date }[] = [];
    for await (const entry of store.list('t')) listed.push(entry);
    expect(listed.map((e) => e.key).sort()).toEqual(['t/one', 't/sub/two']);
    for (const entry of listed) expect(Math.abs(entry.modifiedAt.getTime() - before)).toBeLessThan(60_000);
    await store.delete('t/one');
    await store.delete('t/one');
    expect(await store.get('t/one')).toBeNull();
    expect(await store.get('t/never')).toBeNull();
    const after: string[] = [];
    for await (const entry of store.list('t')) after.push(entry.key);
    expect(after).toEqual(['t/sub/two']);
  });

  it('lists many keys (beyond one S3 page of 1000)', async () => {
    const keys = Array.from({ length: 1005 }, (_, i) => `many/k${String(i).padStart(4, '0')}`);
    for (let i = 0; i < keys.length; i += 50) await Promise.all(keys.slice(i, i + 50).map((k) => store.put(k, Buffer.from('x'))));
    const listed: string[] = [];
    for await (const entry of store.list('many')) listed.push(entry.key);
    expect(listed.sort()).toEqual(keys);
  });

  it('never overwrites a blob', async () => {
    await store.put('t/fixed', Buffer.from('first'));
    await expect(store.put('t/fixed', Buffer.from('second'))).rejects.toBeInstanceOf(BlobExistsError);
    expect((await store.get('t/fixed'))?.toString()).toBe('first');
  });

  it('stores a body given in pieces as their concatenation (empty pieces included)', async () => {
    const pieces = [Buffer.from('nonce'), Buffer.alloc(0), Buffer.alloc(300_000, 7), Buffer.from('tag')];
    await store.put('pieces/one', pieces);
    expect((await store.get('pieces/one'))?.equals(Buffer.concat(pieces))).toBe(true);
  });

  it('refuses keys that would leave its root', async () => {
    await expect(store.put('../escape', Buffer.from('x'))).rejects.toThrow('invalid blob key');
    await expect(store.get('/etc/passwd')).rejects.toThrow('invalid blob key');
    await expect(store.get('a/../../b')).rejects.toThrow('invalid blob key');
  });

  describe('sealed', () => {
    const master = randomBytes(32);
    const secret = Buffer.from("%PDF-1.7 avis d'imposition de Jean Dupont, revenu fiscal 31 415 €");
    let blobs: SealedBlobs;
    beforeAll(() => {
      blobs = new SealedBlobs(store, { current: master, previous: [] });
    });

    it('writes bytes in which no plaintext can be found, and reads them back', async () => {
      const ref = await blobs.writeNew('rental/tenant_1/TAX', secret);
      expect(ref.key).toMatch(/^rental\/tenant_1\/TAX\/[0-9a-f-]{36}$/);
      const raw = filesUnder(rawDir).map((f) => fs.readFileSync(f));
      const sealedSize = secret.length + 28;
      expect(raw.filter((bytes) => bytes.length === sealedSize)).toHaveLength(1);
      for (const bytes of raw) {
        for (const needle of ['Jean Dupont', '%PDF', '31 415', 'imposition']) expect(bytes.includes(Buffer.from(needle))).toBe(false);
      }
      expect((await blobs.read(ref.key, ref.envelope))?.equals(secret)).toBe(true);
    });

    it('seals a file of several slices (3.5 MB) that opens whole, with no plaintext in its bytes', async () => {
      const large = Buffer.concat([secret, randomBytes(3_500_000), secret]);
      const ref = await blobs.writeNew('rental/tenant_2/TAX', large);
      const raw = await store.get(ref.key);
      expect(raw!.length).toBe(large.length + 28);
      expect(raw!.includes(Buffer.from('Jean Dupont'))).toBe(false);
      expect((await blobs.read(ref.key, ref.envelope))?.equals(large)).toBe(true);
    });

    it('writes each upload under a new key', async () => {
      const a = await blobs.writeNew('p', secret);
      const b = await blobs.writeNew('p', secret);
      expect(a.key).not.toBe(b.key);
    });

    it('upload then commit: a failed commit removes the blobs it wrote', async () => {
      let written: string[] = [];
      await expect(
        blobs.writeThenCommit('failed', [secret, secret], async (refs) => {
          written = refs.map((r) => r.key);
          throw new Error('commit failed');
        }),
      ).rejects.toThrow('commit failed');
      expect(written).toHaveLength(2);
      for (const key of written) expect(await store.get(key)).toBeNull();
      const committed = await blobs.writeThenCommit('ok', [secret], async (refs) => refs[0]!);
      expect((await blobs.read(committed.key, committed.envelope))?.equals(secret)).toBe(true);
    });
  });
});

describe('filesystem blob store', () => {
  it('leaves no temporary file behind, even when a put is refused', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-blobs-'));
    const store = new FilesystemBlobStore(root);
    await store.put('a/b', Buffer.from('1'));
    await expect(store.put('a/b', Buffer.from('2'))).rejects.toBeInstanceOf(BlobExistsError);
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
    fs.rmSync(root, { recursive: true, force: true });
  });

  it('makes a directory again when it went after an earlier put (it remembers the ones it made)', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-blobs-'));
    const store = new FilesystemBlobStore(root);
    await store.put('a/b/one', Buffer.from('1'));
    fs.rmSync(path.join(root, 'a'), { recursive: true });
    fs.rmSync(path.join(root, '.tmp'), { recursive: true });
    await store.put('a/b/two', Buffer.from('2'));
    expect((await store.get('a/b/two'))?.toString()).toBe('2');
    await expect(store.put('a/b/two', Buffer.from('3'))).rejects.toBeInstanceOf(BlobExistsError);
    fs.rmSync(root, { recursive: true, force: true });
  });
});

describe('s3 blob store', () => {
  it('keeps to its key prefix: two deployments sharing a bucket do not see each other', async () => {
    const s3 = await startS3();
    const open = (keyPrefix: string) => new S3BlobStore({ endpoint: s3.endpoint, bucket: TEST_BUCKET, region: 'us-east-1', ...S3RVER_CREDENTIALS, forcePathStyle: true, keyPrefix });
    const a = open('a/');
    const b = open('b/');
    try {
      await a.put('rental/x', Buffer.from('A'));
      await b.put('rental/x', Buffer.from('B'));
      expect((await a.get('rental/x'))?.toString()).toBe('A');
      const listed: string[] = [];
      for await (const entry of b.list('rental')) listed.push(entry.key);
      expect(listed).toEqual(['rental/x']);
      await b.delete('rental/x');
      expect((await a.get('rental/x'))?.toString()).toBe('A');
    } finally {
      a.close();
      b.close();
      await s3.stop();
    }
  });

  it('the lazily loaded store works once opened and refuses any use after close (the app closes it)', async () => {
    const s3 = await startS3();
    const store = new LazyS3BlobStore({ endpoint: s3.endpoint, bucket: TEST_BUCKET, region: 'us-east-1', ...S3RVER_CREDENTIALS, forcePathStyle: true, keyPrefix: 'lazy/' });
    try {
      await store.put('rental/y', Buffer.from('Y'));
      expect((await store.get('rental/y'))?.toString()).toBe('Y');
      store.close();
      await expect(store.get('rental/y')).rejects.toThrow('blob store closed');
    } finally {
      await s3.stop();
    }
  });
});
