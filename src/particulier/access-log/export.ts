import type { ParticulierDb } from '../db.ts';

const COLUMNS = ['at', 'request_id', 'token_jti', 'operation', 'recipient', 'status', 'duration_ms', 'params_hash'] as const;

/** RFC 4180 field: quoted when it holds a comma, a quote or a line break; a leading =+-@ is neutralised for spreadsheets. */
export function csvField(value: unknown): string {
  let text = value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One token's calls between `from` (included) and `to` (excluded), oldest first, as CSV with a header line. */
export async function exportAccessLog(db: ParticulierDb, jti: string, from: Date, to: Date): Promise<string> {
  const rows = await db
    .selectFrom('particulier.access_log')
    .select([...COLUMNS])
    .where('token_jti', '=', jti)
    .where('at', '>=', from)
    .where('at', '<', to)
    .orderBy('at')
    .orderBy('id')
    .execute();
  const lines = [COLUMNS.join(',')];
  for (const row of rows) lines.push(COLUMNS.map((c) => csvField(c === 'at' ? new Date(row.at) : row[c])).join(','));
  return lines.join('\n') + '\n';
}
