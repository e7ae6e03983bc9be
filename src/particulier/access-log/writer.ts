import { createHmac, hkdfSync } from 'node:crypto';
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
  const key = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'foyer/particulier/access-log', 32));
  return (canonicalParams) => createHmac('sha256', key).update(canonicalParams).digest('hex');
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

  constructor(
    private readonly db: ParticulierDb,
    private readonly logger: Logger,
    private readonly delayMs = 100,
  ) {}

  add(row: AccessLogRow): void {
    this.#pending.push(row);
    if (this.#pending.length >= 500) void this.flush();
    else this.#timer ??= setTimeout(() => void this.flush(), this.delayMs);
  }

  flush(): Promise<void> {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const rows = this.#pending;
    this.#pending = [];
    this.#flushing = this.#flushing.then(async () => {
      if (!rows.length) return;
      try {
        await this.db
          .insertInto('particulier.access_log')
          .values(
            rows.map((r) => ({
              at: r.at,
              request_id: r.requestId,
              token_jti: r.tokenJti,
              operation: r.operation,
              recipient: r.recipient,
              status: r.status,
              duration_ms: r.durationMs,
              params_hash: r.paramsHash,
            })),
          )
          .execute();
      } catch (error) {
        this.logger.error({ err: error, rows: rows.length }, 'access log rows could not be written');
      }
    });
    return this.#flushing;
  }
}
