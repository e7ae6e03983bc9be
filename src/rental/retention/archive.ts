import type { RentalDb } from '../db.ts';
import { recordTenantEvent } from '../events/record.ts';
import { blobKeysOfTenants } from '../tenants/deletion.ts';
import { auditRetention, countHoldings, type RetentionReason } from './audit.ts';

/**
 * Archives a tenant (§11.1, `TenantArchivingService.archiveTenant`), inside the caller's transaction
 * and under its row lock: its documents and guarantors are deleted, the status becomes ARCHIVED,
 * honorDeclaration, zipCode, abroad and clarification are reset, ARCHIVED_ACCOUNT is recorded, and
 * the co-tenants without email follow it. Names, email, links and messages stay. Returns the blob
 * keys to delete once the transaction has committed, and the ids archived.
 */
export async function archiveTenant(trx: RentalDb, tenantId: number, reason: RetentionReason, now: Date): Promise<{ keys: string[]; archived: number[] }> {
  const tenant = await trx.selectFrom('rental.tenants').select(['apartment_sharing_id']).where('id', '=', tenantId).executeTakeFirstOrThrow();
  const followers = await trx
    .selectFrom('rental.tenants')
    .select('id')
    .where('apartment_sharing_id', '=', tenant.apartment_sharing_id)
    .where('id', '<>', tenantId)
    .where('email', 'is', null)
    .where('status', '<>', 'ARCHIVED')
    .orderBy('id')
    .forUpdate()
    .execute();
  const keys: string[] = [];
  const archived = [tenantId, ...followers.map((f) => f.id)];
  for (const id of archived) {
    const counts = await countHoldings(trx, id, false);
    keys.push(...(await blobKeysOfTenants(trx, [id])));
    // Guarantors take their documents, documents their files (foreign keys on delete cascade).
    await trx.deleteFrom('rental.guarantors').where('tenant_id', '=', id).execute();
    await trx.deleteFrom('rental.documents').where('tenant_id', '=', id).execute();
    await trx
      .updateTable('rental.tenants')
      .set({ status: 'ARCHIVED', honor_declaration: false, zip_code: null, abroad: null, clarification: null, warnings: 0, last_update_date: now })
      .where('id', '=', id)
      .execute();
    await auditRetention(trx, { action: 'ARCHIVE', reason: id === tenantId ? reason : 'ARCHIVE_CASCADE', tenantId: id, apartmentSharingId: tenant.apartment_sharing_id, counts, now });
    await recordTenantEvent(trx, { type: 'ARCHIVED_ACCOUNT', tenantId: id, now });
  }
  await trx.updateTable('rental.apartment_sharings').set({ last_update_date: now }).where('id', '=', tenant.apartment_sharing_id).execute();
  return { keys, archived };
}

/**
 * §7.1 rule 1, §7.2 ARCHIVED → INCOMPLETE: an upload on an archived file brings it back and sends
 * RETURNED_ACCOUNT. Called by the upload, in its transaction, under the tenant's row lock, when the
 * stored status it read is ARCHIVED; the status is then recomputed by the upload's own touch.
 */
export async function reviveArchivedTenant(trx: RentalDb, tenantId: number, now: Date): Promise<void> {
  const revived = await trx
    .updateTable('rental.tenants')
    .set({ status: 'INCOMPLETE', warnings: 0, last_activity_date: now })
    .where('id', '=', tenantId)
    .where('status', '=', 'ARCHIVED')
    .returning('id')
    .executeTakeFirst();
  if (revived) await recordTenantEvent(trx, { type: 'RETURNED_ACCOUNT', tenantId, now });
}
