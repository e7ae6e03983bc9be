import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

/**
 * PGlite starts with a server's settings: 128 MB of shared buffers, all of it resident as soon as
 * the database opens (WebAssembly memory is touched once and never given back). One process
 * serving a few brokers needs far less: the rows it reads stay in the OS page cache (on disk) or
 * in PGlite's in-memory file system anyway, so a smaller buffer pool costs a copy, not a disk read.
 * `bench/memory.ts` shows the split and `bench/broker.ts` that reads and writes keep their speed.
 */
export const EMBEDDED_SETTINGS: Record<string, string> = {
  shared_buffers: '16MB',
  // Index builds (migrations) only; the default 64 MB would stay resident after the first one.
  maintenance_work_mem: '16MB',
};

/** PGlite's own start parameters, followed by ours. */
export function embeddedStartParams(defaults: readonly string[]): string[] {
  return [...defaults, ...Object.entries(EMBEDDED_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`])];
}

/** A data directory PGlite has initialised (what `initdb` leaves behind). */
export const isInitialised = (dir: string) => fs.existsSync(path.join(dir, 'PG_VERSION'));

/**
 * Creates a new data directory in a short-lived child process. PGlite runs `initdb` in a second
 * WebAssembly instance and copies its result through an in-memory archive: done in the server's
 * own process, that leaves it ~100 MB bigger for good (the allocator keeps the freed pages).
 */
export async function initialiseInChild(dir: string, startParams: string[], template?: string): Promise<void> {
  // The child reads the template itself (its bytes never enter this process); a missing one is named here.
  if (template) await fs.promises.access(template, fs.constants.R_OK).catch((error: Error) => Promise.reject(unreadableTemplate(template, error)));
  const pglite = createRequire(import.meta.url).resolve('@electric-sql/pglite');
  // With a template, PGlite unpacks it instead of running initdb (what its own initdb path ends with).
  const loadDataDir = template ? `, loadDataDir: new Blob([require('node:fs').readFileSync(${JSON.stringify(template)})])` : '';
  const script = `require(${JSON.stringify(pglite)}).PGlite.create(${JSON.stringify(dir)}, { startParams: ${JSON.stringify(startParams)}${loadDataDir} })` +
    '.then((db) => db.close()).catch((error) => { console.error(error); process.exit(1); });';
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['-e', script], (error, _stdout, stderr) => {
      if (error) reject(new Error(`could not create the embedded database in ${dir}: ${stderr || error.message}`));
      else resolve();
    });
  });
}

/**
 * The template's bytes, as PGlite's `loadDataDir` takes them (read once per process: a test process
 * opens many databases); a clear error when the file cannot be read.
 */
export function readTemplate(file: string): Promise<Blob> {
  let bytes = templates.get(file);
  if (!bytes) {
    bytes = fs.promises.readFile(file).then(
      (buffer) => new Blob([buffer]),
      (error: Error) => {
        templates.delete(file);
        throw unreadableTemplate(file, error);
      },
    );
    templates.set(file, bytes);
  }
  return bytes;
}

const templates = new Map<string, Promise<Blob>>();

const unreadableTemplate = (file: string, error: Error) => new Error(`the embedded database template ${file} cannot be read: ${error.message}`);
