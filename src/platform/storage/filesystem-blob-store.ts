import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { BlobExistsError, checkBlobKey, type BlobStore } from './blob-store.ts';

/**
 * Blobs as files under a root directory (by default `<data dir>/blobs`). A blob appears whole or not at
 * all: it is written to a temporary file, flushed, then hard-linked to its name (which fails if the
 * name exists, so nothing is overwritten) and the temporary name removed.
 */
export class FilesystemBlobStore implements BlobStore {
  private readonly tmp: string;

  constructor(private readonly root: string) {
    this.tmp = path.join(root, '.tmp');
  }

  private pathOf(key: string): string {
    return path.join(this.root, ...checkBlobKey(key).split('/'));
  }

  async put(key: string, body: Buffer): Promise<void> {
    const target = this.pathOf(key);
    await fs.mkdir(this.tmp, { recursive: true, mode: 0o700 });
    await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
    const temporary = path.join(this.tmp, randomBytes(12).toString('hex'));
    const handle = await fs.open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(body);
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.link(temporary, target);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new BlobExistsError(`blob ${key} already exists`);
      throw error;
    } finally {
      await fs.rm(temporary, { force: true });
    }
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await fs.readFile(this.pathOf(key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await fs.rm(this.pathOf(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<{ key: string; modifiedAt: Date }> {
    const start = this.pathOf(prefix);
    const walk = async function* (dir: string, key: string): AsyncIterable<{ key: string; modifiedAt: Date }> {
      let entries;
      try {
        entries = await fs.readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
        throw error;
      }
      for (const entry of entries) {
        const child = path.join(dir, entry.name);
        const childKey = `${key}/${entry.name}`;
        if (entry.isDirectory()) yield* walk(child, childKey);
        else if (entry.isFile()) yield { key: childKey, modifiedAt: (await fs.stat(child)).mtime };
      }
    };
    yield* walk(start, prefix);
  }
}
