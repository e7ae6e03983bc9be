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

/** One call as a line of the flush's text (see `insertCalls`); an empty field is null. */
export function callLine(row: AccessLogRow): string {
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

/** A tab or a line break would shift the line's fields: none can hold one (request ids come from clients). */
const field = (value: string | null) =>
  value === null ? '' : value.indexOf('\t') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0 ? value : value.replace(/[\t\r\n]/g, ' ');

/**
 * One flush as ONE statement writing one row per call. The calls travel as one text of
 * tab-separated lines that the database splits (`string_to_table`, `split_part`): on the embedded
 * database, whose driver serialises parameters in JavaScript on the server's thread, this costs the
 * event loop about a third of what eight array parameters for `unnest` do (measured, 300 calls per
 * flush), and the statement is planned once per flush, not once per call.
 */
export function insertCalls(db: ParticulierDb, rows: readonly AccessLogRow[]) {
  let text = '';
  for (let i = 0; i < rows.length; i++) text += (i ? '\n' : '') + callLine(rows[i]!);
  return sql`insert into particulier.access_log (at, request_id, token_jti, operation, recipient, status, duration_ms, params_hash)
    select split_part(l, E'\t', 1)::timestamptz, split_part(l, E'\t', 2), nullif(split_part(l, E'\t', 3), '')::uuid,
           split_part(l, E'\t', 4), nullif(split_part(l, E'\t', 5), ''), split_part(l, E'\t', 6)::integer,
           split_part(l, E'\t', 7)::real, nullif(split_part(l, E'\t', 8), '')
    from string_to_table(${text}, E'\n') with ordinality as c(l, n)
    order by n`.execute(db);
}

export interface AccessLogLimits {
  /** Milliseconds a call waits in memory before its batch is written (what a crash may lose). */
  delayMs: number;
  /** Calls per insert statement: a fuller buffer is written at once. */
  batchMax: number;
  /** Calls held in memory at most (written or waiting for the database); past it calls are refused. */
  bufferMax: number;
}

const DEFAULT_LIMITS: AccessLogLimits = { delayMs: 100, batchMax: 2000, bufferMax: 100_000 };

/**
 * Calls are buffered in memory and written, one row per call, by one statement per flush (every
 * `delayMs`, or at `batchMax` calls), so a call costs the event loop no statement of its own; `close()`
 * writes what is left at shutdown. A crash loses at most the calls of the last `delayMs` (and of
 * a write in progress). A failed write keeps its calls for the next flush; while more than
 * `bufferMax` calls are held (the database is down or too slow), `accepting` is false and the
 * surface refuses calls (503) rather than serve them untraced.
 */
export class AccessLogWriter {
  #rows: AccessLogRow[] = [];
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
    return this.#rows.length + this.#writing < this.#limits.bufferMax;
  }

  add(row: AccessLogRow): void {
    if (this.#closed) {
      // A call finishing while the server shuts down: its row can no longer reach the database.
      this.logger.warn({ operation: row.operation, requestId: row.requestId }, 'access log row after shutdown');
      return;
    }
    this.#rows.push(row);
    if (this.#rows.length >= this.#limits.batchMax) void this.flush();
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
    if (!this.#rows.length) return this.#flushing;
    const rows = this.#rows;
    this.#rows = [];
    this.#writing += rows.length;
    this.#flushing = this.#flushing.then(() => this.#write(rows));
    return this.#flushing;
  }

  async #write(rows: AccessLogRow[]): Promise<void> {
    const size = this.#limits.batchMax;
    let written = 0;
    try {
      // Statements of at most `batchMax` calls (a buffer kept after a failure may hold several).
      while (written < rows.length) {
        const part = rows.slice(written, written + size);
        await insertCalls(this.db, part);
        written += part.length;
        this.#writing -= part.length;
      }
    } catch (error) {
      this.logger.error({ err: error, rows: rows.length - written }, 'access log rows could not be written; kept for the next flush');
      this.#writing -= rows.length - written;
      this.#rows = [...rows.slice(written), ...this.#rows];
      if (!this.#closed) this.#timer ??= setTimeout(() => void this.flush(), Math.max(this.#limits.delayMs, 1000));
    }
  }
}
