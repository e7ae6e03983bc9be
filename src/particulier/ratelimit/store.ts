import { sql } from 'kysely';
import type { ParticulierDb } from '../db.ts';
import { windowEnd, type WindowSpec, type WindowState } from './windows.ts';

/** Counts calls per (bucket, window). */
export interface CounterStore {
  /** Adds one call to each window and returns the counts after it. */
  hit(windows: readonly WindowSpec[], nowMs: number): Promise<WindowState[]>;
}

/**
 * In-process counters: used with the embedded database, where this process is the only server.
 * Windows of the past are dropped as time moves on.
 */
export class MemoryCounters implements CounterStore {
  #counts = new Map<string, number>();
  #sweptAt = 0;

  async hit(windows: readonly WindowSpec[], nowMs: number): Promise<WindowState[]> {
    this.#sweep(nowMs);
    return windows.map((w) => {
      const reset = windowEnd(nowMs, w.periodSeconds);
      const key = `${w.bucket}\u0000${reset}`;
      const count = (this.#counts.get(key) ?? 0) + 1;
      this.#counts.set(key, count);
      return { ...w, count, reset };
    });
  }

  #sweep(nowMs: number): void {
    const now = Math.floor(nowMs / 1000);
    if (now - this.#sweptAt < 60) return;
    this.#sweptAt = now;
    for (const key of this.#counts.keys()) if (Number(key.slice(key.indexOf('\u0000') + 1)) <= now) this.#counts.delete(key);
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
    const states = await Promise.all(
      windows.map(async (w) => {
        const reset = windowEnd(nowMs, w.periodSeconds);
        const { rows } = await sql<{ count: number }>`
          insert into particulier.rate_counters (bucket, window_end, count) values (${w.bucket}, ${reset}, 1)
          on conflict (bucket, window_end) do update set count = particulier.rate_counters.count + 1
          returning count`.execute(this.db);
        return { ...w, count: Number(rows[0]!.count), reset };
      }),
    );
    if (++this.#calls % 1000 === 0) {
      await sql`delete from particulier.rate_counters where window_end < ${Math.floor(nowMs / 1000) - 3600}`.execute(this.db);
    }
    return states;
  }
}
