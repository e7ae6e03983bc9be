import type { RentalDb } from '../db.ts';

/** Why a tenant was archived or deleted: the only words of an audit row. */
export type RetentionReason =
  /** §11.1: inactive past the archive day after both warnings. */
  | 'INACTIVITY'
  /** §11.1: inactive past the archive day without any document: no warning was sent. */
  | 'INACTIVITY_NO_DOCUMENT'
  /** §11.1: a co-tenant without email follows the tenant archived with it. */
  | 'ARCHIVE_CASCADE'
  /** §11.2: no update for the configured months. */
  | 'NO_UPDATE'
  /** §11.3: `deleteAccount` (the tenant through its partner); a main tenant's co-tenants and apartment go with it. */
  | 'ACCOUNT_DELETE_REQUEST'
  /** `deleteCoTenant`. */
  | 'CO_TENANT_DELETE_REQUEST'
  /** `rental:tenant:erase` (an erasure request received by the operator). */
  | 'ADMIN_ERASE';

/** What an archiving or a deletion removes from one tenant: counts only. */
export interface RemovedCounts {
  documents: number;
  guarantors: number;
  files: number;
  blobs: number;
  messages: number;
}

/**
 * Counts what a tenant holds that an archiving (`withMessages` false: messages stay) or a deletion
 * removes: its documents and its guarantors' documents, their files, the blobs behind them.
 */
export async function countHoldings(db: RentalDb, tenantId: number, withMessages: boolean): Promise<RemovedCounts> {
  const guarantors = await db.selectFrom('rental.guarantors').select('id').where('tenant_id', '=', tenantId).execute();
  const guarantorIds = guarantors.map((g) => g.id);
  const documents = await db
    .selectFrom('rental.documents')
    .select(['id', 'pdf_blob_key'])
    .where((eb) => eb.or([eb('tenant_id', '=', tenantId), ...(guarantorIds.length ? [eb('guarantor_id', 'in', guarantorIds)] : [])]))
    .execute();
  const files = documents.length
    ? await db.selectFrom('rental.files').select(['thumbnail_blob_key']).where('document_id', 'in', documents.map((d) => d.id)).execute()
    : [];
  const messages = withMessages ? await db.selectFrom('rental.messages').select((eb) => eb.fn.countAll<string>().as('n')).where('tenant_id', '=', tenantId).executeTakeFirstOrThrow() : { n: '0' };
  return {
    documents: documents.length,
    guarantors: guarantors.length,
    files: files.length,
    blobs: files.length + files.filter((f) => f.thumbnail_blob_key !== null).length + documents.filter((d) => d.pdf_blob_key !== null).length,
    messages: Number(messages.n),
  };
}

/** Writes the audit row of an archived or deleted tenant, in the transaction that archives or deletes it. */
export async function auditRetention(
  db: RentalDb,
  entry: { action: 'ARCHIVE' | 'DELETE'; reason: RetentionReason; tenantId: number; apartmentSharingId: number; counts: RemovedCounts; now: Date },
): Promise<void> {
  await db
    .insertInto('rental.retention_audit')
    .values({ action: entry.action, reason: entry.reason, tenant_id: entry.tenantId, apartment_sharing_id: entry.apartmentSharingId, ...entry.counts, created_at: entry.now })
    .execute();
}
