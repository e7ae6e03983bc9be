import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { ParticulierDb } from '../db.ts';
import type { CounterStore } from './store.ts';

export interface IpBanPolicy {
  /** How long a ban lasts (spec §4: 12 h); 0 disables bans. */
  banMs: number;
  /** 429s an address may receive in one minute window; the next one bans it. */
  afterRefusals: number;
  /** How often the bans of other processes are read from the database. */
  refreshMs: number;
}

/**
 * Addresses banned for ignoring 429s (spec §4: "ignoring 429s or exceeding the global IP ceiling →
 * IP banned for a fixed 12 h; banned IPs get no HTTP answer at all"). The refusals an address
 * receives are counted per minute in the shared counters; past `afterRefusals` in one minute it has
 * plainly not waited for `Retry-After`, and it is banned: a row of `particulier.ip_bans`, read by
 * every process within `refreshMs`, and at once by the one that banned it. Checking a call costs a
 * map lookup; the table is read in the background.
 */
export class IpBans {
  #until = new Map<string, number>();
  #readAt = Number.NEGATIVE_INFINITY;
  #reading: Promise<void> | null = null;
  /** Bans and lifts made here: a read that started before one of them is stale. */
  #changes = 0;

  constructor(
    private readonly db: ParticulierDb,
    private readonly counters: CounterStore,
    private readonly policy: IpBanPolicy,
    private readonly logger: Logger,
  ) {}

  get enabled(): boolean {
    return this.policy.banMs > 0;
  }

  /** Is `ip` banned now? Starts a background read of the table when the last one is old. */
  isBanned(ip: string, nowMs: number): boolean {
    if (!this.enabled) return false;
    if (nowMs - this.#readAt >= this.policy.refreshMs && !this.#reading) this.#reading = this.refresh(nowMs).finally(() => (this.#reading = null));
    const until = this.#until.get(ip);
    return until !== undefined && until > nowMs;
  }

  /** Reads the bans in force (every process's). */
  async refresh(nowMs: number): Promise<void> {
    this.#readAt = nowMs;
    const changes = this.#changes;
    try {
      const rows = await this.db.selectFrom('particulier.ip_bans').select(['ip', 'until']).where('until', '>', new Date(nowMs)).execute();
      if (changes !== this.#changes) {
        this.#readAt = Number.NEGATIVE_INFINITY; // read again at the next check
        return;
      }
      this.#until = new Map(rows.map((r) => [r.ip, new Date(r.until).getTime()]));
    } catch (error) {
      this.logger.error({ err: error }, 'IP bans could not be read');
    }
  }

  /** Counts one 429 answered to `ip`; bans it when it has received too many in this minute. */
  async refused(ip: string, nowMs: number): Promise<void> {
    if (!this.enabled) return;
    const [state] = await this.counters.hit([{ bucket: `refused:${ip}`, limit: this.policy.afterRefusals, periodSeconds: 60 }], nowMs);
    if (state!.count > this.policy.afterRefusals) await this.ban(ip, nowMs, `more than ${this.policy.afterRefusals} calls refused with 429 in one minute`);
  }

  async ban(ip: string, nowMs: number, reason: string): Promise<void> {
    const until = nowMs + this.policy.banMs;
    this.#changes++;
    this.#until.set(ip, until);
    // No address in the logs (personal data); the table holds it for the operator.
    this.logger.warn({ until: new Date(until).toISOString() }, 'particulier: an address is banned for ignoring 429s');
    await sql`
      insert into particulier.ip_bans (ip, until, reason) values (${ip}, ${new Date(until).toISOString()}::timestamptz, ${reason})
      on conflict (ip) do update set until = excluded.until, reason = excluded.reason, created_at = now()`.execute(this.db);
    this.#changes++; // a read that started during the write may have missed it
  }

  /** Lifts a ban (admin command); false when there was none in force. */
  async lift(ip: string, nowMs: number): Promise<boolean> {
    this.#changes++;
    this.#until.delete(ip);
    const result = await this.db.deleteFrom('particulier.ip_bans').where('ip', '=', ip).where('until', '>', new Date(nowMs)).executeTakeFirst();
    this.#changes++;
    return Number(result.numDeletedRows) > 0;
  }
}
