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

  describe('prepared statements', () => {
    const preparedNames = async () =>
      (await pg.query<{ name: string }>(`select name from pg_prepared_statements where name like 'foyer_%' order by name`)).rows.map((r) => r.name);

    it('prepares a text once: later runs neither parse it again nor ask its types, even across transactions', async () => {
      const sql = 'select id from item where id = $1 and ok = $2';
      await run(sql, ['a', true]);
      const spy = vi.spyOn(pg, 'execProtocolRaw');
      try {
        for (let i = 0; i < 3; i++) {
          await run('begin');
          expect((await run(sql, ['a', true])).rows).toStrictEqual([{ id: 'a' }]);
          await run('commit');
        }
        // begin, the statement, commit: three calls a transaction, no second one to learn types.
        expect(spy).toHaveBeenCalledTimes(9);
        const sent = spy.mock.calls.map(([message]) => Buffer.from(message));
        // No Parse ('P') message goes out again: the statement is bound by its name.
        expect(sent.filter((m) => m[0] === 0x50)).toHaveLength(0);
      } finally {
        spy.mockRestore();
      }
    });

    it('closes every prepared statement after a statement that may change a table, and prepares again', async () => {
      await run('create table shape (a int, b int)');
      await run('insert into shape values ($1, $2)', [1, 2]);
      const star = 'select * from shape where a = $1';
      expect((await run(star, [1])).rows).toStrictEqual([{ a: 1, b: 2 }]);
      expect((await preparedNames()).length).toBeGreaterThan(0);
      await run('alter table shape drop column b, add column c text');
      // Without a new preparation Postgres refuses: "cached plan must not change result type".
      expect((await run(star, [1])).rows).toStrictEqual([{ a: 1, c: null }]);
      // The names retired by the ALTER were closed by that call: only the new one is left.
      expect(await preparedNames()).toHaveLength(1);
    });

    it('keeps at most `maxRemembered` statements prepared, closing the least recently used', async () => {
      const small = new PGliteStatements(pg, 2);
      const q = (n: number) => small.execute(CompiledQuery.raw(`select $1::int + ${n} as v`, [1]));
      await small.execute(CompiledQuery.raw('deallocate all'));
      await q(1);
      await q(2);
      await q(1); // 1 used again: 2 is now the oldest
      await q(3); // evicts 2
      await q(1); // a call that closes it
      const names = await preparedNames();
      expect(names).toHaveLength(2);
      expect((await q(2)).rows).toStrictEqual([{ v: 3 }]);
      expect((await q(1)).rows).toStrictEqual([{ v: 2 }]);
    });

    it('runs `on conflict (…) where …` with its values planned each time: a generic plan cannot infer the partial index', async () => {
      await run(`create table arbiter (a int, kind text, gone timestamptz)`);
      await run(`create unique index arbiter_live on arbiter (a) where kind = 'LIVE' and gone is null`);
      const insert = 'insert into arbiter (a, kind) values ($1, $2) on conflict (a) where kind = $3 and gone is null do nothing';
      // Past the fifth run Postgres would try a generic plan for a named statement, and fail (42P10).
      for (let i = 0; i < 8; i++) expect((await run(insert, [i % 3, 'LIVE', 'LIVE'])).numAffectedRows).toBe(i < 3 ? 1n : 0n);
    });

    it('does not remember a text that fails to prepare, and a statement that failed is still usable', async () => {
      await expect(run('select nope from item where id = $1', ['a'])).rejects.toMatchObject({ code: '42703' });
      await expect(run('select nope from item where id = $1', ['a'])).rejects.toMatchObject({ code: '42703' });
      const insert = 'insert into item (id) values ($1)';
      await run('begin');
      await expect(run(insert, ['a'])).rejects.toMatchObject({ code: '23505' });
      await run('rollback');
      expect((await run(insert, ['fresh'])).numAffectedRows).toBe(1n);
    });
  });
});
