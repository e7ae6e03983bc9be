import { sql } from 'kysely';
import type { ParticulierDb } from '../db.ts';
import { windowEnd, type WindowSpec, type WindowState } from './windows.ts';

/** Counts calls per (bucket, window). */
export interface CounterStore {
  /** Adds one call to each window and returns the counts after it (at once when in memory). */
  hit(windows: readonly WindowSpec[], nowMs: number): WindowState[] | Promise<WindowState[]>;
}

/**
 * In-process counters: used with the embedded database, where this process is the only server.
 * One entry per bucket, reset when its window has passed; idle buckets are dropped every minute.
 */
export class MemoryCounters implements CounterStore {
  #buckets = new Map<string, { reset: number; count: number }>();
  #sweptAt = 0;

  hit(windows: readonly WindowSpec[], nowMs: number): WindowState[] {
    const now = Math.floor(nowMs / 1000);
    if (now - this.#sweptAt >= 60) this.#sweep(now);
    const states: WindowState[] = [];
    for (const w of windows) {
      const reset = windowEnd(nowMs, w.periodSeconds);
      let entry = this.#buckets.get(w.bucket);
      if (!entry || entry.reset !== reset) {
        entry = { reset, count: 0 };
        this.#buckets.set(w.bucket, entry);
      }
      entry.count++;
      states.push({ bucket: w.bucket, limit: w.limit, periodSeconds: w.periodSeconds, count: entry.count, reset });
    }
    return states;
  }

  #sweep(now: number): void {
    this.#sweptAt = now;
    for (const [bucket, entry] of this.#buckets) if (entry.reset <= now) this.#buckets.delete(bucket);
  }
}

/**
 * Counters in `particulier.rate_counters`, shared by every server process on one PostgreSQL: each
 * call is one atomic upsert per window, so the limits hold globally, not per process.
 */
export class DatabaseCounters implements CounterStore {
  #calls = 0;
  constructor(private readonly db: ParticulierDb) {}

  async hit(windows: readonly WindowSpec[], nowMs: number): Promise<WindowState[]> {
    const resets = windows.map((w) => windowEnd(nowMs, w.periodSeconds));
    // Every window of the call in one statement: one round trip, one connection.
    const { rows } = await sql<{ bucket: string; count: number }>`
      insert into particulier.rate_counters (bucket, window_end, count)
      select bucket, window_end, 1 from unnest(${windows.map((w) => w.bucket)}::text[], ${resets}::bigint[]) as hit (bucket, window_end)
      on conflict (bucket, window_end) do update set count = particulier.rate_counters.count + 1
      returning bucket, count`.execute(this.db);
    const counts = new Map(rows.map((r) => [r.bucket, Number(r.count)]));
    const states = windows.map((w, i) => ({ ...w, count: counts.get(w.bucket)!, reset: resets[i]! }));
    if (++this.#calls % 1000 === 0) {
      await sql`delete from particulier.rate_counters where window_end < ${Math.floor(nowMs / 1000) - 3600}`.execute(this.db);
    }
    return states;
  }
}
