import { execFile } from 'node:child_process';
import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './index.ts';
import { PGliteThread } from './pglite-remote.ts';

/**
 * `FOYER_EMBEDDED_DB_THREAD`: the same statements, rows, types and errors as PGlite on the event
 * loop, with Postgres running in a thread of its own.
 */
let thread: PGliteThread;
const run = (text: string, params: unknown[] = []) => thread.execute<Record<string, unknown>>(CompiledQuery.raw(text, params));

beforeAll(async () => {
  thread = await PGliteThread.start({ dir: undefined, startParams: PGlite.defaultStartParams });
  await run(`create table item (id text primary key, n int8, ok boolean, doc jsonb, at timestamptz, tags text[], raw bytea)`);
});
afterAll(() => thread.close());

describe('PGliteThread', () => {
  it('answers the rows and types of PGlite, parameters and rows crossing the thread intact', async () => {
    const at = new Date('2024-05-06T07:08:09.123Z');
    const raw = Buffer.from([0, 1, 2, 255]);
    expect((await run('insert into item values ($1, $2, $3, $4, $5, $6, $7)', ['a', 42, true, { k: [1, 'x'] }, at, ['x', 'y,z'], raw])).numAffectedRows).toBe(1n);
    const [row] = (await run('select * from item where id = $1', ['a'])).rows;
    expect(row).toStrictEqual({ id: 'a', n: 42, ok: true, doc: { k: [1, 'x'] }, at, tags: ['x', 'y,z'], raw: new Uint8Array([0, 1, 2, 255]) });
  });

  it('rejects with the SQLSTATE code and fields of a DatabaseError, and keeps working after it', async () => {
    await expect(run('insert into item (id) values ($1)', ['a'])).rejects.toMatchObject({ code: '23505', constraint: 'item_pkey' });
    await expect(run('select * from missing_table')).rejects.toMatchObject({ code: '42P01', message: 'relation "missing_table" does not exist' });
    expect((await run('select id from item where id = $1', ['a'])).rows).toStrictEqual([{ id: 'a' }]);
  });

  it('refuses a parameter that cannot cross threads without sending anything', async () => {
    await expect(run('select $1::text as v', [() => 1])).rejects.toThrow(/cannot be sent to the embedded database/);
    expect((await run('select 2 as v')).rows).toStrictEqual([{ v: 2 }]);
  });

  it('serves Kysely transactions through openDatabase: a rollback leaves nothing', async () => {
    const db: Database = await openDatabase({ databaseUrl: null, dataDir: '', memory: true, databaseThread: true });
    try {
      await sql`create table t (v int)`.execute(db.kysely);
      await expect(db.kysely.transaction().execute(async (trx) => {
        await sql`insert into t values (1)`.execute(trx);
        throw new Error('abort');
      })).rejects.toThrow('abort');
      await db.kysely.transaction().execute((trx) => sql`insert into t values (2)`.execute(trx));
      expect((await sql<{ v: number }>`select v from t`.execute(db.kysely)).rows).toStrictEqual([{ v: 2 }]);
    } finally {
      await db.close();
    }
  });

  it('does not keep a process alive once no statement is in flight', async () => {
    const script = `
      const { PGliteThread } = await import(${JSON.stringify(new URL('./pglite-remote.ts', import.meta.url).href)});
      const { PGlite } = await import('@electric-sql/pglite');
      const t = await PGliteThread.start({ dir: undefined, startParams: PGlite.defaultStartParams });
      const { rows } = await t.execute({ sql: 'select 41 + 1 as v', parameters: [] });
      console.log(rows[0].v);`;
    const out = await new Promise<string>((resolve, reject) =>
      execFile(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 60_000 }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
    );
    expect(out.trim()).toBe('42');
  });
});
