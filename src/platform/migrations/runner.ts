import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { CompiledQuery, type Kysely } from 'kysely';

/** A folder of forward-only SQL migrations named `NNN_description.sql`, owned by one module. */
export interface MigrationSource {
  module: string;
  directory: string;
}

export interface MigrationFile {
  module: string;
  version: number;
  name: string;
  sql: string;
  checksum: string;
}

const FILE_RE = /^(\d{3,})_([a-z0-9_]+)\.sql$/;
// Any constant works; it only has to be the same for every Foyer process on one database.
const LOCK_KEY = 7_424_100_001;

export function readMigrations(source: MigrationSource): MigrationFile[] {
  if (!fs.existsSync(source.directory)) return [];
  const files = fs.readdirSync(source.directory).filter((f) => f.endsWith('.sql')).sort();
  const seen = new Set<number>();
  return files.map((file) => {
    const m = FILE_RE.exec(file);
    if (!m) throw new Error(`migration ${source.module}/${file}: name must be NNN_description.sql`);
    const version = Number(m[1]);
    if (seen.has(version)) throw new Error(`migration ${source.module}/${file}: duplicate version ${version}`);
    seen.add(version);
    const sql = fs.readFileSync(path.join(source.directory, file), 'utf8');
    const checksum = crypto.createHash('sha256').update(sql).digest('hex');
    return { module: source.module, version, name: m[2]!, sql, checksum };
  });
}

/**
 * Applies pending migrations, each in its own transaction, under an advisory lock so that two
 * processes starting together do not race. A failing migration throws: the caller must exit non-zero.
 * An applied migration whose file changed is an error too (migrations are forward-only).
 */
export async function migrate(db: Kysely<unknown>, sources: MigrationSource[]): Promise<string[]> {
  const applied: string[] = [];
  await db.connection().execute(async (conn) => {
    const run = (sql: string, params: unknown[] = []) => conn.executeQuery(CompiledQuery.raw(sql, params));
    await run(`select pg_advisory_lock(${LOCK_KEY})`);
    try {
      await run('create schema if not exists platform');
      await run(`create table if not exists platform.schema_migrations (
        module text not null, version integer not null, name text not null, checksum text not null,
        applied_at timestamptz not null default now(), primary key (module, version))`);
      const done = await run('select module, version, checksum from platform.schema_migrations');
      const known = new Map<string, string>();
      for (const row of done.rows as { module: string; version: number; checksum: string }[]) {
        known.set(`${row.module}/${row.version}`, row.checksum);
      }
      for (const source of sources) {
        for (const file of readMigrations(source)) {
          const key = `${file.module}/${file.version}`;
          const checksum = known.get(key);
          if (checksum !== undefined) {
            if (checksum !== file.checksum) {
              throw new Error(`migration ${key}_${file.name} was changed after it was applied`);
            }
            continue;
          }
          await run('begin');
          try {
            await run(file.sql);
            await run(
              'insert into platform.schema_migrations (module, version, name, checksum) values ($1, $2, $3, $4)',
              [file.module, file.version, file.name, file.checksum],
            );
            await run('commit');
          } catch (error) {
            await run('rollback');
            throw new Error(`migration ${key}_${file.name} failed: ${(error as Error).message}`, { cause: error });
          }
          applied.push(`${key}_${file.name}`);
        }
      }
    } finally {
      await run(`select pg_advisory_unlock(${LOCK_KEY})`);
    }
  });
  return applied;
}
