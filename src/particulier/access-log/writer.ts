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

/** One call as a line of `particulier.access_log_batches.calls` (see migration 002); empty = null. */
export function callLine(row: AccessLogRow): string {
  const field = (value: string | null) =>
    value === null ? '' : value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0 ? value : value.replace(/[\t\r\n]/g, ' ');
  return [
    row.at.toISOString(),
    field(row.requestId),
    row.tokenJti ?? '',
    field(row.operation),
    field(row.recipient),
    String(row.status),
    String(Math.round(row.durationMs * 1000) / 1000),
    row.paramsHash ?? '',
  ].join('\t');
}

export interface AccessLogLimits {
  /** Milliseconds a call waits in memory before its batch is written (what a crash may lose). */
  delayMs: number;
  /** Calls per batch row: a fuller buffer is written at once. */
  batchMax: number;
  /** Calls held in memory at most (written or waiting for the database); past it calls are refused. */
  bufferMax: number;
}

const DEFAULT_LIMITS: AccessLogLimits = { delayMs: 100, batchMax: 2000, bufferMax: 100_000 };

/**
 * Calls are buffered in memory and written as one batch row per flush (every `delayMs`, or at
 * `batchMax` calls), so a call costs the event loop no database statement of its own; `close()`
 * writes what is left at shutdown. A crash loses at most the calls of the last `delayMs` (and of
 * a write in progress). A failed write keeps its calls for the next flush; while more than
 * `bufferMax` calls are held (the database is down or too slow), `accepting` is false and the
 * surface refuses calls (503) rather than serve them untraced.
 */
export class AccessLogWriter {
  #lines: string[] = [];
  #times: number[] = [];
  #writing = 0;
  #timer: NodeJS.Timeout | null = null;
  #flushing: Promise<void> = Promise.resolve();
  #closed = false;
  readonly #limits: AccessLogLimits;

  constructor(
    private readonly db: ParticulierDb,
    private readonly logger: Logger,
    limits: Partial<AccessLogLimits> = {},
  ) {
    this.#limits = { ...DEFAULT_LIMITS, ...limits };
  }

  /** False while the buffer is full: calls must not be served, they could not be traced. */
  get accepting(): boolean {
    return this.#lines.length + this.#writing < this.#limits.bufferMax;
  }

  add(row: AccessLogRow): void {
    if (this.#closed) {
      // A call finishing while the server shuts down: its row can no longer reach the database.
      this.logger.warn({ operation: row.operation, requestId: row.requestId }, 'access log row after shutdown');
      return;
    }
    this.#lines.push(callLine(row));
    this.#times.push(row.at.getTime());
    if (this.#lines.length >= this.#limits.batchMax) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.#limits.delayMs);
  }

  /** Writes what is pending and refuses rows from then on (the database is about to close). */
  async close(): Promise<void> {
    this.#closed = true;
    await this.flush();
  }

  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    if (!this.#lines.length) return this.#flushing;
    const lines = this.#lines;
    const times = this.#times;
    this.#lines = [];
    this.#times = [];
    this.#writing += lines.length;
    this.#flushing = this.#flushing.then(() => this.#write(lines, times));
    return this.#flushing;
  }

  async #write(lines: string[], times: number[]): Promise<void> {
    const size = this.#limits.batchMax;
    let written = 0;
    try {
      // Batches of at most `batchMax` calls (a buffer kept after a failure may hold several).
      while (written < lines.length) {
        const part = times.slice(written, written + size);
        const first = new Date(Math.min(...part)).toISOString();
        const last = new Date(Math.max(...part)).toISOString();
        const calls = lines.slice(written, written + size).join('\n');
        await sql`insert into particulier.access_log_batches (first_at, last_at, calls) values (${first}::timestamptz, ${last}::timestamptz, ${calls})`.execute(this.db);
        written += part.length;
        this.#writing -= part.length;
      }
    } catch (error) {
      this.logger.error({ err: error, rows: lines.length - written }, 'access log rows could not be written; kept for the next flush');
      this.#writing -= lines.length - written;
      this.#lines = [...lines.slice(written), ...this.#lines];
      this.#times = [...times.slice(written), ...this.#times];
      if (!this.#closed) this.#timer ??= setTimeout(() => void this.flush(), Math.max(this.#limits.delayMs, 1000));
    }
  }
}
