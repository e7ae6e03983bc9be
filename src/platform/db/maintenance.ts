import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from './index.ts';

export interface Maintenance {
  /** Counts rows written, so that a burst of writes gets fresh statistics soon after. */
  noteWrites(count: number): void;
  stop(): void;
}

export interface MaintenanceOptions {
  /** Analyse at least this often. */
  intervalMs?: number;
  /** …and as soon as this many rows were written since the last time (checked every `checkMs`). */
  writeThreshold?: number;
  checkMs?: number;
}

/**
 * The application's tables only: a bare `analyze` also reads every system catalog, which costs ten
 * times more on a new database (~350 ms against ~25 ms) and tells the planner nothing it uses.
 */
const ANALYZE_OWN_TABLES = `do $$
declare t text;
begin
  for t in select format('%I.%I', schemaname, tablename) from pg_tables where schemaname not in ('pg_catalog', 'information_schema') loop
    execute 'analyze ' || t;
  end loop;
end $$`;

/**
 * PGlite has no autovacuum: without statistics the planner guesses that a broker owns a handful of
 * rows and sorts a big broker's whole list instead of walking the index. The embedded database is
 * therefore analysed at boot, after every burst of writes and at a fixed interval, much as
 * autovacuum would. PostgreSQL does this itself.
 */
export async function startEmbeddedMaintenance(db: Database, logger: Logger, options: MaintenanceOptions = {}): Promise<Maintenance> {
  if (db.kind !== 'embedded') return { noteWrites: () => {}, stop: () => {} };
  const { intervalMs = 10 * 60_000, writeThreshold = 500, checkMs = 5_000 } = options;
  let writes = 0;
  let last = Date.now();
  let running = false;
  const analyze = async () => {
    if (running) return;
    running = true;
    writes = 0;
    last = Date.now();
    try {
      await sql.raw(ANALYZE_OWN_TABLES).execute(db.kysely);
    } catch (error) {
      logger.warn({ err: error }, 'embedded database analyze failed');
    } finally {
      running = false;
    }
  };
  await analyze();
  const timer = setInterval(() => {
    if (writes >= writeThreshold || Date.now() - last >= intervalMs) void analyze();
  }, checkMs);
  timer.unref();
  return {
    noteWrites: (count) => {
      writes += count;
    },
    stop: () => clearInterval(timer),
  };
}
