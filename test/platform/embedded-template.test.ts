import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/platform/db/index.ts';

/**
 * FOYER_EMBEDDED_DB_TEMPLATE (the suite's global setup makes one): a new embedded database starts
 * from the tarball, in memory, in a new data directory and in its own thread.
 */
describe('an embedded database started from a template', () => {
  const template = process.env.FOYER_EMBEDDED_DB_TEMPLATE!;
  const dirs: string[] = [];
  const newDir = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-template-'));
    dirs.push(dir);
    return dir;
  };
  afterAll(() => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  });
  const version = async (db: Awaited<ReturnType<typeof openDatabase>>) =>
    (await sql<{ server_version_num: string }>`show server_version_num`.execute(db.kysely)).rows[0]!.server_version_num;

  it('is the global setup’s tarball', () => {
    expect(fs.statSync(template).size).toBeGreaterThan(1_000_000);
  });

  it.each([
    ['in memory', { memory: true }],
    ['in memory, in its own thread', { memory: true, databaseThread: true }],
  ])('opens %s', async (_name, options) => {
    const db = await openDatabase({ databaseUrl: null, dataDir: '', embeddedTemplate: template, ...options });
    try {
      expect(Number(await version(db))).toBeGreaterThanOrEqual(150000);
      await sql`create table t (x int)`.execute(db.kysely);
    } finally {
      await db.close();
    }
  });

  it('initialises a new data directory from it, which then keeps its data', async () => {
    const dataDir = newDir();
    const first = await openDatabase({ databaseUrl: null, dataDir, embeddedTemplate: template });
    await sql`create table kept (x int)`.execute(first.kysely);
    await sql`insert into kept values (7)`.execute(first.kysely);
    await first.close();
    expect(fs.existsSync(path.join(dataDir, 'pgdata', 'PG_VERSION'))).toBe(true);
    const again = await openDatabase({ databaseUrl: null, dataDir, embeddedTemplate: template });
    try {
      expect((await sql<{ x: number }>`select x from kept`.execute(again.kysely)).rows).toEqual([{ x: 7 }]);
    } finally {
      await again.close();
    }
  });

  it('names the file when it cannot be read, in memory and for a new data directory', async () => {
    const missing = path.join(newDir(), 'absent.tar');
    const message = `the embedded database template ${missing} cannot be read: ENOENT`;
    await expect(openDatabase({ databaseUrl: null, dataDir: '', memory: true, embeddedTemplate: missing })).rejects.toThrow(message);
    await expect(openDatabase({ databaseUrl: null, dataDir: newDir(), embeddedTemplate: missing })).rejects.toThrow(message);
  });
});
