import fs from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ParticulierDb } from '../db.ts';

const COLUMNS = ['at', 'request_id', 'token_jti', 'operation', 'recipient', 'status', 'duration_ms', 'params_hash'] as const;
export const CSV_HEADER = COLUMNS.join(',') + '\n';
const PAGE = 5000;

/** RFC 4180 field: quoted when it holds a comma, a quote or a line break; a leading =+-@ is neutralised for spreadsheets. */
export function csvField(value: unknown): string {
  let text = value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One token's calls between `from` (included) and `to` (excluded), oldest first, as CSV chunks: the
 * header, then one chunk per page of calls. Pages are read through the index (token_jti, at, id)
 * and follow each other by keyset (after the last page's (at, id)), so memory stays at one page
 * whatever the range holds, and each page starts where the index left off instead of re-skipping.
 */
export async function* accessLogCsv(db: ParticulierDb, jti: string, from: Date, to: Date, pageSize = PAGE, onPage?: (rows: number) => void): AsyncGenerator<string> {
  yield CSV_HEADER;
  let after: { at: Date; id: string } | null = null;
  for (;;) {
    let query = db
      .selectFrom('particulier.access_log')
      .select(['id', 'at', 'request_id', 'token_jti', 'operation', 'recipient', 'status', 'duration_ms', 'params_hash'])
      .where('token_jti', '=', jti)
      .where('at', '<', to);
    const last = after;
    query = last
      ? query.where((eb) => eb.or([eb('at', '>', last.at), eb.and([eb('at', '=', last.at), eb('id', '>', last.id)])]))
      : query.where('at', '>=', from);
    const page = await query.orderBy('at').orderBy('id').limit(pageSize).execute();
    if (!page.length) return;
    let chunk = '';
    for (const row of page) chunk += COLUMNS.map((column) => csvField(row[column])).join(',') + '\n';
    onPage?.(page.length);
    yield chunk;
    if (page.length < pageSize) return;
    const tail = page.at(-1)!;
    after = { at: tail.at, id: String(tail.id) };
  }
}

/** The whole export as one string (the admin socket answers with one JSON value). */
export async function exportAccessLog(db: ParticulierDb, jti: string, from: Date, to: Date): Promise<string> {
  let csv = '';
  for await (const chunk of accessLogCsv(db, jti, from, to)) csv += chunk;
  return csv;
}

/** Streams the export into `file` (page by page, waiting for the disk); answers the number of calls. */
export async function writeAccessLogCsv(db: ParticulierDb, jti: string, from: Date, to: Date, file: string): Promise<number> {
  let rows = 0;
  const chunks = accessLogCsv(db, jti, from, to, PAGE, (n) => (rows += n));
  await pipeline(Readable.from(chunks), fs.createWriteStream(file, { flags: 'wx', mode: 0o600 }));
  return rows;
}
