import { PGlite } from '@electric-sql/pglite';
import { CompiledQuery } from 'kysely';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PGliteStatements } from './pglite-statements.ts';

/**
 * The embedded driver sends each statement in one call into PGlite and must answer exactly what
 * `PGlite.query()` / `exec()` answer: same rows and types, same errors, same row counts.
 */
let pg: PGlite;
let statements: PGliteStatements;
const run = (sql: string, params: unknown[] = []) => statements.execute<Record<string, unknown>>(CompiledQuery.raw(sql, params));

beforeAll(async () => {
  pg = await PGlite.create();
  statements = new PGliteStatements(pg);
  await run(`create table item (id text primary key, n int8, ok boolean, doc jsonb, at timestamptz, tags text[], note text)`);
});

afterAll(async () => {
  await pg.close();
});

describe('PGliteStatements', () => {
  it('answers the rows and types PGlite.query() answers, parameters serialised by their inferred types', async () => {
    const at = new Date('2024-05-06T07:08:09.123Z');
    const params = ['a', 42, true, { k: [1, 'x'] }, at, ['x', 'y,z'], null];
    const insert = 'insert into item values ($1, $2, $3, $4, $5, $6, $7)';
    expect((await run(insert, params)).numAffectedRows).toBe(1n);
    await pg.query(insert, ['b', ...params.slice(1)]);
    const select = 'select * from item where id = $1';
    const mine = await run(select, ['a']);
    const theirs = await pg.query<Record<string, unknown>>(select, ['b']);
    expect(mine.rows).toStrictEqual([{ ...theirs.rows[0], id: 'a' }]);
    expect(mine.rows[0]).toStrictEqual({ id: 'a', n: 42, ok: true, doc: { k: [1, 'x'] }, at, tags: ['x', 'y,z'], note: null });
  });

  it('counts rows written, and runs several statements without parameters, answering the last', async () => {
    await run('insert into item (id) values ($1), ($2)', ['c', 'd']);
    expect((await run('update item set note = $1 where id in ($2, $3)', ['n', 'c', 'd'])).numAffectedRows).toBe(2n);
    expect((await run('delete from item where id = $1', ['nope'])).numAffectedRows).toBe(0n);
    const last = await run(`select 1 as one; select count(*)::int as total from item where note = 'n'`);
    expect(last.rows).toStrictEqual([{ total: 2 }]);
  });

  it('throws PGlite\'s DatabaseError with the SQLSTATE code, and keeps working after it', async () => {
    await expect(run('insert into item (id) values ($1)', ['a'])).rejects.toMatchObject({ code: '23505', name: 'error' });
    await expect(run('select * from missing_table')).rejects.toMatchObject({ code: '42P01' });
    expect((await run('select id from item where id = $1', ['a'])).rows).toStrictEqual([{ id: 'a' }]);
  });

  it('makes one call into PGlite per statement once its parameter types are known', async () => {
    const spy = vi.spyOn(pg, 'execProtocolRaw');
    try {
      const sql = 'select id from item where id = $1 and n = $2';
      await run(sql, ['a', 42]);
      expect(spy).toHaveBeenCalledTimes(2); // types asked once, then the statement
      spy.mockClear();
      expect((await run(sql, ['a', 42])).rows).toStrictEqual([{ id: 'a' }]);
      expect(spy).toHaveBeenCalledTimes(1);
    } finally {
      spy.mockRestore();
    }
  });

  it('forgets parameter types after a statement without parameters, so a schema change is seen', async () => {
    await run('create table change (v text)');
    const insert = 'insert into change values ($1)';
    await run(insert, ['{"a":1}']);
    await run('alter table change alter column v type jsonb using v::jsonb');
    await run(insert, [{ b: 2 }]);
    expect((await run('select v from change')).rows).toStrictEqual([{ v: { a: 1 } }, { v: { b: 2 } }]);
  });
});
