import type { RentalDb } from '../db.ts';
import { computeTenantStatus, type DocumentForStatus, type GuarantorType, type TenantFileStatus } from '../status/status.ts';
import { recordTenantEvent } from '../events/record.ts';
import { eventOfStatusChange } from '../events/status-events.ts';
import { FULL_PDF_RESET } from '../sharing/full-pdf.ts';

/**
 * Reads what the status engine needs for one tenant, computes its status, and stores it if it
 * changed, recording the webhook event the change sends (§7.2) in the same transaction.
 */
export async function recomputeStatus(db: RentalDb, tenantId: number, now: Date): Promise<TenantFileStatus> {
  const tenant = await db.selectFrom('rental.tenants').select(['status', 'honor_declaration']).where('id', '=', tenantId).executeTakeFirstOrThrow();
  const documents = await db
    .selectFrom('rental.documents')
    .select(['document_category as category', 'document_status as status'])
    .where('tenant_id', '=', tenantId)
    .execute();
  const guarantors = await db.selectFrom('rental.guarantors').select(['id', 'type_guarantor']).where('tenant_id', '=', tenantId).orderBy('id').execute();
  const guarantorDocs = guarantors.length
    ? await db
        .selectFrom('rental.documents')
        .select(['guarantor_id', 'document_category as category', 'document_status as status'])
        .where(
          'guarantor_id',
          'in',
          guarantors.map((g) => g.id),
        )
        .execute()
    : [];
  const status = computeTenantStatus({
    stored: tenant.status as TenantFileStatus,
    honorDeclaration: tenant.honor_declaration,
    documents: documents as DocumentForStatus[],
    guarantors: guarantors.map((g) => ({
      type: g.type_guarantor as GuarantorType,
      documents: guarantorDocs.filter((d) => d.guarantor_id === g.id) as DocumentForStatus[],
    })),
  });
  if (status !== tenant.status) {
    await db.updateTable('rental.tenants').set({ status }).where('id', '=', tenantId).execute();
    const type = eventOfStatusChange(tenant.status as TenantFileStatus, status);
    if (type) await recordTenantEvent(db, { type, tenantId, now });
  }
  return status;
}

/**
 * Every write marks the tenant updated (the list endpoint's cursor), invalidates the apartment's full
 * PDF (§10.3) and recomputes its status. It is also activity: the inactivity clock of §11.1 restarts
 * and the warnings are forgotten (the partner writes for the tenant; see README "Retention").
 */
export async function touchTenant(db: RentalDb, tenantId: number, now: Date): Promise<void> {
  await db.updateTable('rental.tenants').set({ last_update_date: now, last_activity_date: now, warnings: 0 }).where('id', '=', tenantId).execute();
  const apartment = await db.selectFrom('rental.tenants').select('apartment_sharing_id').where('id', '=', tenantId).executeTakeFirstOrThrow();
  await db.updateTable('rental.apartment_sharings').set({ last_update_date: now, ...FULL_PDF_RESET }).where('id', '=', apartment.apartment_sharing_id).execute();
  await recomputeStatus(db, tenantId, now);
}
