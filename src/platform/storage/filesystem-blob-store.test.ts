import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BlobExistsError } from './blob-store.ts';
import { FilesystemBlobStore } from './filesystem-blob-store.ts';
import { SealedBlobs } from './sealed-blobs.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-blobs-'));
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

function filesUnder(dir: string): string[] {
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.join(e.parentPath, e.name));
}

describe('filesystem blob store', () => {
  const store = new FilesystemBlobStore(root);

  it('stores, reads, lists and deletes; a missing blob reads as null', async () => {
    await store.put('t/one', Buffer.from('1'));
    await store.put('t/sub/two', Buffer.from('22'));
    expect((await store.get('t/one'))?.toString()).toBe('1');
    const listed = [];
    for await (const entry of store.list('t')) listed.push(entry.key);
    expect(listed.sort()).toEqual(['t/one', 't/sub/two']);
    await store.delete('t/one');
    await store.delete('t/one');
    expect(await store.get('t/one')).toBeNull();
  });

  it('never overwrites a blob, and leaves no temporary file behind', async () => {
    await store.put('t/fixed', Buffer.from('first'));
    await expect(store.put('t/fixed', Buffer.from('second'))).rejects.toBeInstanceOf(BlobExistsError);
    expect((await store.get('t/fixed'))?.toString()).toBe('first');
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
  });

  it('refuses keys that would leave its root', async () => {
    await expect(store.put('../escape', Buffer.from('x'))).rejects.toThrow('invalid blob key');
    await expect(store.get('/etc/passwd')).rejects.toThrow('invalid blob key');
    await expect(store.get('a/../../b')).rejects.toThrow('invalid blob key');
  });
});

describe('sealed blobs on the filesystem', () => {
  const master = randomBytes(32);
  const dir = path.join(root, 'sealed');
  const blobs = new SealedBlobs(new FilesystemBlobStore(dir), master);
  const secret = Buffer.from('%PDF-1.7 avis d\'imposition de Jean Dupont, revenu fiscal 31 415 €');

  it('writes files in which no plaintext can be found, and reads them back', async () => {
    const ref = await blobs.writeNew('rental/tenant_1/TAX', secret);
    expect(ref.key).toMatch(/^rental\/tenant_1\/TAX\/[0-9a-f-]{36}$/);
    const files = filesUnder(dir).filter((f) => !f.includes('.tmp'));
    expect(files).toHaveLength(1);
    const raw = fs.readFileSync(files[0]!);
    for (const needle of ['Jean Dupont', '%PDF', '31 415', 'imposition']) expect(raw.includes(Buffer.from(needle))).toBe(false);
    expect((await blobs.read(ref.key, ref.envelope))?.equals(secret)).toBe(true);
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
    for (const key of written) expect(await new FilesystemBlobStore(dir).get(key)).toBeNull();
    const committed = await blobs.writeThenCommit('ok', [secret], async (refs) => refs[0]!);
    expect((await blobs.read(committed.key, committed.envelope))?.equals(secret)).toBe(true);
  });
});
