import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { BlobExistsError, checkBlobKey, type BlobStore } from './blob-store.ts';

const MAX_REMEMBERED_DIRECTORIES = 10_000;

/**
 * Blobs as files under a root directory (by default `<data dir>/blobs`). A blob appears whole or not at
 * all: it is written to a temporary file, flushed, then hard-linked to its name (which fails if the
 * name exists, so nothing is overwritten) and the temporary name removed.
 */
export class FilesystemBlobStore implements BlobStore {
  private readonly tmp: string;
  /** Directories made or found by earlier puts: not asked for again at every put. */
  private readonly made = new Set<string>();

  constructor(private readonly root: string) {
    this.tmp = path.join(root, '.tmp');
  }

  private pathOf(key: string): string {
    return path.join(this.root, ...checkBlobKey(key).split('/'));
  }

  async put(key: string, body: Buffer | readonly Buffer[]): Promise<void> {
    const target = this.pathOf(key);
    await this.directory(this.tmp);
    await this.directory(path.dirname(target));
    const temporary = path.join(this.tmp, randomBytes(12).toString('hex'));
    const handle = await fs.open(temporary, 'wx', 0o600).catch(async (error: NodeJS.ErrnoException) => {
      // The temporary directory went since it was made: make it again, once.
      if (error.code !== 'ENOENT') throw error;
      this.made.delete(this.tmp);
      await this.directory(this.tmp);
      return fs.open(temporary, 'wx', 0o600);
    });
    try {
      // Pieces are written as they are (one writev), never joined into a copy first.
      let pieces = Buffer.isBuffer(body) ? [body] : body.filter((piece) => piece.length > 0);
      while (pieces.length) {
        let { bytesWritten } = await handle.writev(pieces);
        // A short write: what is left of the first unwritten piece, then the others.
        while (pieces.length && bytesWritten >= pieces[0]!.length) bytesWritten -= pieces.shift()!.length;
        if (pieces.length && bytesWritten > 0) pieces = [pieces[0]!.subarray(bytesWritten), ...pieces.slice(1)];
      }
      await handle.sync();
    } finally {
      await handle.close();
    }
    try {
      await fs.link(temporary, target);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') throw new BlobExistsError(`blob ${key} already exists`);
      // The directory went since it was made (a deletion emptied it): make it again, once.
      if (code !== 'ENOENT') throw error;
      this.made.delete(path.dirname(target));
      await this.directory(path.dirname(target));
      await fs.link(temporary, target).catch((again: NodeJS.ErrnoException) => {
        throw again.code === 'EEXIST' ? new BlobExistsError(`blob ${key} already exists`) : again;
      });
    } finally {
      await fs.rm(temporary, { force: true });
    }
  }

  /** Makes the directory unless this store made or found it lately (a bounded memory of them). */
  private async directory(dir: string): Promise<void> {
    if (this.made.has(dir)) return;
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    if (this.made.size >= MAX_REMEMBERED_DIRECTORIES) this.made.clear();
    this.made.add(dir);
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
