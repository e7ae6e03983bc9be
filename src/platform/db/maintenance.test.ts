import { sql } from 'kysely';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from './index.ts';
import { startEmbeddedMaintenance } from './maintenance.ts';

describe('embedded maintenance', () => {
  let db: Database;
  beforeAll(async () => {
    db = await openDatabase({ databaseUrl: null, dataDir: '', memory: true });
  });
  afterAll(async () => {
    await db.close();
  });

  const estimatedRows = async () =>
    (await sql<{ reltuples: number }>`select reltuples from pg_class where relname = 'burst'`.execute(db.kysely)).rows[0]!.reltuples;

  it('analyses after a burst of writes, so the planner knows the table grew', async () => {
    const maintenance = await startEmbeddedMaintenance(db, pino({ level: 'silent' }), { writeThreshold: 50, checkMs: 20 });
    try {
      await sql`create table burst (x int)`.execute(db.kysely);
      await sql`insert into burst select generate_series(1, 300)`.execute(db.kysely);
      expect(await estimatedRows()).toBe(-1); // never analysed
      maintenance.noteWrites(49);
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(await estimatedRows()).toBe(-1); // below the threshold
      maintenance.noteWrites(1);
      await expect.poll(estimatedRows, { timeout: 5_000, interval: 50 }).toBe(300);
    } finally {
      maintenance.stop();
    }
  });
});
