import { sql } from 'kysely';
import type { RentalDb } from '../db.ts';
import { computeTenantStatus, type DocumentForStatus, type GuarantorType, type TenantFileStatus } from '../status/status.ts';
import { recordTenantEvent } from '../events/record.ts';
import { eventOfStatusChange } from '../events/status-events.ts';
import { FULL_PDF_RESET } from '../sharing/full-pdf.ts';

/** One row per tenant document and per guarantor document (or per guarantor without any), each carrying the tenant's own columns. */
interface StatusRow {
  status: string;
  honor_declaration: boolean;
  guarantor_id: number | null;
  type_guarantor: string | null;
  category: string | null;
  document_status: string | null;
}

/** The stored status and the status engine's answer, from the rows of `statusRowsOf`. */
function decide(tenantId: number, rows: readonly StatusRow[]): { stored: TenantFileStatus; status: TenantFileStatus } {
  const first = rows[0];
  if (!first) throw new Error(`tenant ${tenantId} not found`);
  const documents: DocumentForStatus[] = [];
  const guarantors = new Map<number, { type: GuarantorType; documents: DocumentForStatus[] }>();
  for (const row of rows) {
    const document = row.category === null ? null : ({ category: row.category, status: row.document_status } as DocumentForStatus);
    if (row.guarantor_id === null) {
      if (document) documents.push(document);
      continue;
    }
    const id = Number(row.guarantor_id);
    let guarantor = guarantors.get(id);
    if (!guarantor) guarantors.set(id, (guarantor = { type: row.type_guarantor as GuarantorType, documents: [] }));
    if (document) guarantor.documents.push(document);
  }
  const stored = first.status as TenantFileStatus;
  const status = computeTenantStatus({ stored, honorDeclaration: first.honor_declaration, documents, guarantors: [...guarantors.values()] });
  return { stored, status };
}

/**
 * The status engine's input as rows, in one statement: the tenant's documents (guarantor columns
 * null; one row of nulls when it has none) then each guarantor's documents (one row of nulls for a
 * guarantor without any). `t` is a CTE (or table expression) giving the tenant's id, status and
 * honor declaration.
 */
const statusRowsOf = sql`
  select t.status, t.honor_declaration, null::bigint as guarantor_id, null::text as type_guarantor,
         d.document_category as category, d.document_status
    from t left join rental.documents d on d.tenant_id = t.id
  union all
  select t.status, t.honor_declaration, g.id, g.type_guarantor, d.document_category, d.document_status
    from t join rental.guarantors g on g.tenant_id = t.id left join rental.documents d on d.guarantor_id = g.id`;

const FULL_PDF_RESET_SET = sql.join(Object.entries(FULL_PDF_RESET).map(([column, value]) => sql`${sql.ref(column)} = ${value}`));

/** Stores a changed status and records the webhook event the change sends (§7.2), in the caller's transaction. */
async function storeStatus(db: RentalDb, tenantId: number, stored: TenantFileStatus, status: TenantFileStatus, now: Date): Promise<TenantFileStatus> {
  if (status !== stored) {
    await db.updateTable('rental.tenants').set({ status }).where('id', '=', tenantId).execute();
    const type = eventOfStatusChange(stored, status);
    if (type) await recordTenantEvent(db, { type, tenantId, now });
  }
  return status;
}

/**
 * Reads what the status engine needs for one tenant (one statement), computes its status, and
 * stores it if it changed, recording the webhook event the change sends (§7.2) in the same transaction.
 */
export async function recomputeStatus(db: RentalDb, tenantId: number, now: Date): Promise<TenantFileStatus> {
  const { rows } = await sql<StatusRow>`
    with t as (select id, status, honor_declaration from rental.tenants where id = ${tenantId})
    ${statusRowsOf}`.execute(db);
  const { stored, status } = decide(tenantId, rows);
  return storeStatus(db, tenantId, stored, status, now);
}

/**
 * Every write marks the tenant updated (the list endpoint's cursor), invalidates the apartment's full
 * PDF (§10.3) and recomputes its status. It is also activity: the inactivity clock of §11.1 restarts
 * and the warnings are forgotten (the partner writes for the tenant; see README "Retention").
 * One statement does the two updates and reads the status engine's input; a second stores a changed status.
 */
export async function touchTenant(db: RentalDb, tenantId: number, now: Date): Promise<void> {
  const { rows } = await sql<StatusRow>`
    with t as (
      update rental.tenants set last_update_date = ${now}, last_activity_date = ${now}, warnings = 0
       where id = ${tenantId}
      returning id, apartment_sharing_id, status, honor_declaration
    ), a as (
      update rental.apartment_sharings s
         set last_update_date = ${now}, ${FULL_PDF_RESET_SET}
        from t where s.id = t.apartment_sharing_id
      returning s.id
    )
    ${statusRowsOf}`.execute(db);
  const { stored, status } = decide(tenantId, rows);
  await storeStatus(db, tenantId, stored, status, now);
}
