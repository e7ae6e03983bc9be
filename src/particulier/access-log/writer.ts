import { hash, hkdfSync } from 'node:crypto';
import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { ParticulierDb } from '../db.ts';

export interface AccessLogRow {
  at: Date;
  requestId: string;
  tokenJti: string | null;
  operation: string;
  recipient: string | null;
  status: number;
  durationMs: number;
  paramsHash: string | null;
}

/**
 * The key of the parameters' hash, derived from the master key: a keyed hash lets an auditor who
 * holds the deployment's key check "was this person queried?" while the table alone reveals nothing
 * (a plain hash of a name and a birth date could be brute-forced). The input is the parameters'
 canonical text (`mockingKey`).
 */
export function paramsHasher(masterKey: Buffer): (canonicalParams: string) => string {
  const key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'foyer/particulier/access-log', 32)).toString('hex');
  // SHA-256 of key ‖ text: the secret prefix is what keeps the hash from being brute-forced; no
  // forgery is at stake here, so the one-shot hash (4× cheaper than an HMAC object) suffices.
  return (canonicalParams) => hash('sha256', `${key}\n${canonicalParams}`, 'hex');
}

/**
 * Rows are buffered and inserted in batches (every 100 ms, or 500 rows), so a call costs the event
 * loop no database round trip of its own; `flush()` runs at shutdown. A crash loses at most the
 * rows of the last 100 ms.
 */
export class AccessLogWriter {
  #pending: AccessLogRow[] = [];
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();
  #closed = false;

  constructor(
    private readonly db: ParticulierDb,
    private readonly logger: Logger,
    private readonly delayMs = 100,
  ) {}

  add(row: AccessLogRow): void {
    if (this.#closed) {
      // A call finishing while the server shuts down: its row can no longer reach the database.
      this.logger.warn({ operation: row.operation, requestId: row.requestId }, 'access log row after shutdown');
      return;
    }
    this.#pending.push(row);
    if (this.#pending.length >= 500) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  /** Writes what is pending and refuses rows from then on (the database is about to close). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const rows = this.#pending;
    this.#pending = [];
    this.#flushing = this.#flushing.then(async () => {
      if (!rows.length) return;
      try {
        // One statement with eight array parameters, not eight parameters per row: far cheaper
        // to parse and plan, which matters on the embedded database (it runs on this thread).
        await sql`
          insert into particulier.access_log (at, request_id, token_jti, operation, recipient, status, duration_ms, params_hash)
          select * from unnest(
            ${rows.map((r) => r.at.toISOString())}::timestamptz[], ${rows.map((r) => r.requestId)}::text[],
            ${rows.map((r) => r.tokenJti)}::uuid[], ${rows.map((r) => r.operation)}::text[],
            ${rows.map((r) => r.recipient)}::text[], ${rows.map((r) => r.status)}::integer[],
            ${rows.map((r) => r.durationMs)}::real[], ${rows.map((r) => r.paramsHash)}::text[])`.execute(this.db);
      } catch (error) {
        this.logger.error({ err: error, rows: rows.length }, 'access log rows could not be written');
      }
    });
    return this.#flushing;
  }
}
