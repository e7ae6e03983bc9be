import fs from 'node:fs';
import path from 'node:path';
import { CompiledQuery, Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { acquireDataDirLock } from './data-dir-lock.ts';
import { embeddedStartParams, initialiseInChild, isInitialised, readTemplate } from './embedded-memory.ts';
import { Mutex } from './mutex.ts';
import { PGliteDialect, type StatementRunner } from './pglite-dialect.ts';
import { PGliteThread } from './pglite-remote.ts';
import { PGliteStatements } from './pglite-statements.ts';

/** Raw SQL access in the shape pg-boss expects, bound to a pool or to one transaction. */
export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

export interface Database {
  kind: 'embedded' | 'postgres';
  /** Kysely instance; each module types its own tables with `db.withTables<T>()`-style casts. */
  kysely: Kysely<unknown>;
  executor: SqlExecutor;
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Anything that runs compiled queries: a Kysely instance or transaction, whatever its tables. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type QueryRunner = Pick<Kysely<any>, 'executeQuery'>;

export function executorFor(db: QueryRunner): SqlExecutor {
  return {
    async executeSql(text, values = []) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}

export interface DatabaseOptions {
  databaseUrl: string | null;
  dataDir: string;
  /** In-memory embedded database (tests that need no persistence). */
  memory?: boolean;
  poolSize?: number;
  /** The command opening the database, named in the data directory lock (embedded only). */
  owner?: string;
  /**
   * Embedded only: run PGlite in a thread of its own rather than on the event loop. Postgres's time
   * leaves the event loop, but every statement pays two thread hops (README, "Performance").
   */
  databaseThread?: boolean;
  /** Embedded only: a new database starts from this tarball of an initialised one instead of initdb. */
  embeddedTemplate?: string | null;
}

export async function openDatabase(options: DatabaseOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  if (options.memory) return openEmbedded(options);
  // Taken before anything touches the files: a second process is refused, never let in.
  const lock = await acquireDataDirLock(options.dataDir, options.owner ?? 'app');
  try {
    const db = await openEmbedded(options);
    return {
      ...db,
      async close() {
        try {
          await db.close();
        } finally {
          lock.release();
        }
      },
    };
  } catch (error) {
    lock.release();
    throw error;
  }
}

async function openPostgres(databaseUrl: string, max: number): Promise<Database> {
  // Keep int8 and numeric as strings is pg's default; dates stay Date objects.
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  // An idle connection the server closes (restart, failover, pg_terminate_backend) is dropped from the
  // pool and replaced on next use; without a listener pg would throw it as an uncaught exception.
  pool.on('error', () => {});
  const kysely = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    kysely,
    executor: executorFor(kysely),
    async ping() {
      await kysely.executeQuery(CompiledQuery.raw('select 1'));
    },
    async close() {
      await kysely.destroy();
    },
  };
}

async function openEmbedded(options: DatabaseOptions): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  let dir: string | undefined;
  if (!options.memory) {
    dir = path.join(options.dataDir, 'pgdata');
    fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  }
  const startParams = embeddedStartParams(PGlite.defaultStartParams);
  const template = options.embeddedTemplate ?? undefined;
  if (dir && !isInitialised(dir)) await initialiseInChild(dir, startParams, template);
  // In memory, the template (when given) is loaded by whichever thread runs PGlite.
  const memoryTemplate = dir ? undefined : template;
  let statements: StatementRunner & { close(): Promise<void> };
  if (options.databaseThread) {
    statements = await PGliteThread.start({ dir, startParams, template: memoryTemplate });
  } else {
    const loadDataDir = memoryTemplate ? await readTemplate(memoryTemplate) : undefined;
    const pglite = dir ? await PGlite.create(dir, { startParams }) : await PGlite.create({ startParams, loadDataDir });
    statements = Object.assign(new PGliteStatements(pglite), { close: () => pglite.close() });
  }
  const mutex = new Mutex();
  const kysely = new Kysely<unknown>({ dialect: new PGliteDialect(statements, mutex) });
  let closed = false;
  return {
    kind: 'embedded',
    kysely,
    executor: executorFor(kysely),
    async ping() {
      await kysely.executeQuery(CompiledQuery.raw('select 1'));
    },
    async close() {
      if (closed) return;
      closed = true;
      // Wait for whoever holds the connection, then close PGlite so its files are flushed.
      await mutex.run(async () => {
        await statements.close();
      });
    },
  };
}
