import type { ParticulierDb } from '../db.ts';

const COLUMNS = ['at', 'request_id', 'token_jti', 'operation', 'recipient', 'status', 'duration_ms', 'params_hash'] as const;

/** RFC 4180 field: quoted when it holds a comma, a quote or a line break; a leading =+-@ is neutralised for spreadsheets. */
export function csvField(value: unknown): string {
  let text = value instanceof Date ? value.toISOString() : value === null || value === undefined ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * One token's calls between `from` (included) and `to` (excluded), oldest first, as CSV with a
 * header line. Reads the batch rows whose time span meets the range (migration 002), a page at a time.
 */
export async function exportAccessLog(db: ParticulierDb, jti: string, from: Date, to: Date): Promise<string> {
  const calls: { fields: string[]; at: number; order: number }[] = [];
  const fromMs = from.getTime();
  const toMs = to.getTime();
  let after = '0';
  for (;;) {
    const page = await db
      .selectFrom('particulier.access_log_batches')
      .select(['id', 'calls'])
      .where('last_at', '>=', from)
      .where('first_at', '<', to)
      .where('id', '>', after)
      .orderBy('id')
      .limit(100)
      .execute();
    for (const batch of page) {
      for (const line of batch.calls.split('\n')) {
        const fields = line.split('\t');
        if (fields[2] !== jti) continue;
        const at = Date.parse(fields[0]!);
        if (at >= fromMs && at < toMs) calls.push({ fields, at, order: calls.length });
      }
    }
    if (page.length < 100) break;
    after = page.at(-1)!.id;
  }
  calls.sort((a, b) => a.at - b.at || a.order - b.order);
  const lines = [COLUMNS.join(',')];
  for (const call of calls) lines.push(call.fields.map(csvField).join(','));
  return lines.join('\n') + '\n';
}
