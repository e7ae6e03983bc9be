import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { Database } from './index.ts';

/**
 * PGlite has no autovacuum: without statistics the planner guesses that a broker owns a handful of
 * rows and sorts a big broker's whole list instead of walking the index. The embedded database is
 * therefore analysed at boot and then at a fixed interval. PostgreSQL's autovacuum does this itself.
 */
export async function startEmbeddedMaintenance(db: Database, logger: Logger, intervalMs = 10 * 60_000): Promise<() => void> {
  if (db.kind !== 'embedded') return () => {};
  const analyze = async () => {
    try {
      await sql`analyze`.execute(db.kysely);
    } catch (error) {
      logger.warn({ err: error }, 'embedded database analyze failed');
    }
  };
  await analyze();
  const timer = setInterval(analyze, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
