import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { ParticulierDb } from '../db.ts';

/** Ends a claim (in `finally`, whatever the call's outcome); at once when the claims are in memory. */
export type Release = () => void | Promise<void>;

/**
 * Calls in progress, by key (subject, operation, recipient, parameters): a second call with the
 * key of a running one is refused with 409 `00015` (spec §1.8).
 */
export interface InFlightGuard {
  /** The claim's release, or null when another call holds the key. */
  claim(key: string, nowMs: number): Release | null | Promise<Release | null>;
}

/** One server process (the embedded database): a set in memory. */
export class MemoryInFlight implements InFlightGuard {
  #keys = new Set<string>();

  claim(key: string): Release | null {
    if (this.#keys.has(key)) return null;
    this.#keys.add(key);
    return () => {
      this.#keys.delete(key);
    };
  }
}

/**
 * Several server processes on one PostgreSQL: a row of `particulier.in_flight` per running call,
 * keyed by a keyed hash of the call's key (it holds personal parameters). A row left by a process
 * that died mid-call blocks its key until `expires_at` (`ttlMs`: longer than any provider call),
 * then the next claim takes it over.
 */
export class DatabaseInFlight implements InFlightGuard {
  constructor(
    private readonly db: ParticulierDb,
    private readonly hash: (key: string) => string,
    private readonly ttlMs: number,
  ) {}

  async claim(key: string, nowMs: number): Promise<Release | null> {
    const hashed = this.hash(key);
    const claim = randomUUID();
    const { rows } = await sql<{ claimed_by: string }>`
      insert into particulier.in_flight (key, claimed_by, expires_at)
      values (${hashed}, ${claim}, ${new Date(nowMs + this.ttlMs).toISOString()}::timestamptz)
      on conflict (key) do update set claimed_by = excluded.claimed_by, expires_at = excluded.expires_at
        where particulier.in_flight.expires_at <= ${new Date(nowMs).toISOString()}::timestamptz
      returning claimed_by`.execute(this.db);
    if (!rows.length) return null;
    return async () => {
      // Only our own claim: after a TTL takeover the row is another call's.
      await sql`delete from particulier.in_flight where key = ${hashed} and claimed_by = ${claim}`.execute(this.db);
    };
  }
}
