import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../db/index.ts';
import { migrate } from './runner.ts';

describe('migrations', () => {
  // One embedded database for the file (it takes seconds to create); each test has its own module.
  let db: Database;
  let dir: string;
  let module = '';
  let n = 0;
  beforeAll(async () => {
    db = await openDatabase({ databaseUrl: null, dataDir: '', memory: true });
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-mig-'));
    module = `demo${++n}`;
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const source = () => ({ module, directory: dir });
  const write = (file: string, text: string) => fs.writeFileSync(path.join(dir, file), text.replaceAll('demo', module));

  it('applies pending files once, in order', async () => {
    write('001_one.sql', 'create schema demo; create table demo.t (x int);');
    write('002_two.sql', 'insert into demo.t values (1), (2);');
    expect(await migrate(db.kysely, [source()])).toEqual([`${module}/1_one`, `${module}/2_two`]);
    expect(await migrate(db.kysely, [source()])).toEqual([]);
    const rows = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${module}.t`)}`.execute(db.kysely);
    expect(rows.rows[0]!.n).toBe(2);
  });

  it('fails loudly on a broken migration and leaves nothing of it behind', async () => {
    write('001_one.sql', 'create schema demo; create table demo.t (x int);');
    write('002_bad.sql', 'insert into demo.t values (1); select * from nowhere;');
    await expect(migrate(db.kysely, [source()])).rejects.toThrow(new RegExp(`migration ${module}/2_bad failed: .*nowhere`));
    const rows = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`${module}.t`)}`.execute(db.kysely);
    expect(rows.rows[0]!.n).toBe(0);
    const applied = await sql<{ version: number }>`select version from platform.schema_migrations where module = ${module}`.execute(db.kysely);
    expect(applied.rows.map((r) => r.version)).toEqual([1]);
  });

  it('refuses an applied migration whose file changed', async () => {
    write('001_one.sql', 'create schema demo;');
    await migrate(db.kysely, [source()]);
    fs.writeFileSync(path.join(dir, '001_one.sql'), 'create schema other;');
    await expect(migrate(db.kysely, [source()])).rejects.toThrow(`migration ${module}/1_one was changed after it was applied`);
  });

  it('rejects badly named files', async () => {
    write('one.sql', 'select 1;');
    await expect(migrate(db.kysely, [source()])).rejects.toThrow('name must be NNN_description.sql');
  });
});
