import type { RentalDb } from '../db.ts';

/** §5.1 `documentDeniedReasons`: the ticked options folded into `selectedOptions`, the flag and the comment. */
export interface DocumentDeniedReasonsModel {
  selectedOptions: { id: number | null; label: string }[];
  messageData: boolean;
  comment?: string;
}

/**
 * The latest denial of each of these documents, as the TenantModel shows it. `selectedOptions` pairs
 * `checked_options` (texts) with `checked_options_id`; an id is null when `message_data` is false (§5.1).
 */
export async function deniedReasonsOf(db: RentalDb, documentIds: number[]): Promise<Map<number, DocumentDeniedReasonsModel>> {
  const out = new Map<number, DocumentDeniedReasonsModel>();
  if (!documentIds.length) return out;
  const rows = await db
    .selectFrom('rental.document_denied_reasons')
    .select(['document_id', 'checked_options', 'checked_options_id', 'message_data', 'comment'])
    .where('document_id', 'in', documentIds)
    .orderBy('id', 'desc')
    .execute();
  for (const r of rows) {
    if (out.has(r.document_id)) continue;
    out.set(r.document_id, {
      selectedOptions: r.checked_options.map((label, i) => ({ id: r.message_data ? (r.checked_options_id[i] ?? null) : null, label })),
      messageData: r.message_data,
      ...(r.comment ? { comment: r.comment } : {}),
    });
  }
  return out;
}
