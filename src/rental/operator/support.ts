import type { MasterKeyring } from '../../platform/crypto/envelope.ts';
import type { RentalDb } from '../db.ts';
import { recordTenantEvent } from '../events/record.ts';
import { ensurePartnerLinks } from '../sharing/links.ts';
import { revokePartnerAccess } from '../tenants/partner-access.ts';
import type { PartnerEventType } from '../events/event-types.ts';
import { OperatorDeskError } from './errors.ts';

const validId = (id: number) => Number.isSafeInteger(id) && id > 0 && id < 2 ** 31;

async function audit(db: RentalDb, operatorId: number, action: string, tenantId: number, details: unknown, now: Date) {
  await db.insertInto('rental.operator_audit').values({ operator_id: operatorId, action, tenant_id: tenantId, document_id: null, decision: null, details: JSON.stringify(details), created_at: now }).execute();
}

async function lockTenant(db: RentalDb, tenantId: number) {
  const tenant = validId(tenantId)
    ? await db.selectFrom('rental.tenants').select(['id', 'status', 'tenant_type', 'apartment_sharing_id']).where('id', '=', tenantId).forUpdate().executeTakeFirst()
    : undefined;
  if (!tenant) throw new OperatorDeskError('NOT_FOUND', `Tenant ${tenantId} not found`);
  return tenant;
}

/**
 * §9.1 manual resend: VERIFIED_ACCOUNT when the tenant is VALIDATED, else CREATED_ACCOUNT, to every
 * partner of the apartment (§9.3), recorded in the outbox like any event.
 */
export async function resendWebhook(db: RentalDb, input: { operatorId: number; tenantId: number; now: Date }): Promise<{ eventType: PartnerEventType; deliveries: number }> {
  return db.transaction().execute(async (trx) => {
    const tenant = await lockTenant(trx, input.tenantId);
    const eventType: PartnerEventType = tenant.status === 'VALIDATED' ? 'VERIFIED_ACCOUNT' : 'CREATED_ACCOUNT';
    const ids = await recordTenantEvent(trx, { type: eventType, tenantId: tenant.id, now: input.now });
    await audit(trx, input.operatorId, 'WEBHOOK_RESENT', tenant.id, { eventType, deliveries: ids.length }, input.now);
    return { eventType, deliveries: ids.length };
  });
}

const applicationTypeFor = (count: number, previous: string) => (count <= 1 ? 'ALONE' : previous === 'ALONE' ? 'GROUP' : previous);

/**
 * The back-office detaches a JOIN tenant into a file of its own (§9.4 DISSOCIATED_ACCOUNT): the event
 * goes out for it and for each tenant that stays, to the partners of the apartment as it was. Then,
 * as §1.3 says, every partner linked to the detached tenant loses that link (`revokePartnerAccess`:
 * ACCESS_REVOKED to it, a PARTNER_ACCESS_REVOKED log for the revoked list, and its PARTNER share
 * links to the group's file when it is linked to no one left there): the partner was linked through
 * the group. A partner still linked to a remaining tenant keeps its share links to the group's file,
 * which no longer shows the detached tenant.
 */
export async function dissociateTenant(db: RentalDb, input: { operatorId: number; tenantId: number; now: Date }): Promise<{ tenantId: number; apartmentSharingId: number; revokedPartnerIds: number[] }> {
  return db.transaction().execute(async (trx) => {
    const tenant = await lockTenant(trx, input.tenantId);
    if (tenant.tenant_type !== 'JOIN') throw new OperatorDeskError('CONFLICT', 'Only a co-tenant who joined a file (JOIN) can be dissociated; this tenant created its file');
    const apartment = await trx.selectFrom('rental.apartment_sharings').select(['id', 'application_type']).where('id', '=', tenant.apartment_sharing_id).forUpdate().executeTakeFirstOrThrow();
    const others = await trx.selectFrom('rental.tenants').select('id').where('apartment_sharing_id', '=', apartment.id).where('id', '<>', tenant.id).orderBy('id').execute();
    // Announced while the group still exists, so that every partner of the group hears of it.
    await recordTenantEvent(trx, { type: 'DISSOCIATED_ACCOUNT', tenantId: tenant.id, now: input.now });
    for (const other of others) await recordTenantEvent(trx, { type: 'DISSOCIATED_ACCOUNT', tenantId: other.id, now: input.now });
    // Revoked while the tenant is still in the group, whose share links are the ones at stake.
    const revoked = await revokePartnerAccess(trx, tenant.id, input.now);

    const own = await trx.insertInto('rental.apartment_sharings').values({ application_type: 'ALONE', created_at: input.now, last_update_date: input.now }).returning('id').executeTakeFirstOrThrow();
    await trx.updateTable('rental.tenants').set({ apartment_sharing_id: own.id, tenant_type: 'CREATE', last_update_date: input.now }).where('id', '=', tenant.id).execute();
    await trx.updateTable('rental.apartment_sharings').set({ application_type: applicationTypeFor(others.length, apartment.application_type), last_update_date: input.now }).where('id', '=', apartment.id).execute();
    await trx.updateTable('rental.tenants').set({ last_update_date: input.now }).where('apartment_sharing_id', '=', apartment.id).execute();

    await audit(trx, input.operatorId, 'TENANT_DISSOCIATED', tenant.id, { fromApartmentSharingId: apartment.id, toApartmentSharingId: own.id, revokedPartnerIds: revoked }, input.now);
    return { tenantId: tenant.id, apartmentSharingId: own.id, revokedPartnerIds: revoked };
  });
}

/**
 * The back-office regroups two files (§9.4 MERGED_ACCOUNT): every tenant of the apartment of
 * `tenantId` joins the apartment of `intoTenantId` (as JOIN co-tenants; the apartment becomes a GROUP
 * unless it is a COUPLE), the emptied apartment is removed, and MERGED_ACCOUNT goes out for every
 * tenant of the merged apartment. Partner links are not widened: each partner keeps the tenants it
 * had, and sees the group through them as §1.3 allows. The PARTNER share links of the emptied
 * apartment go with it; the partners of the moved tenants get theirs to the merged file if they have
 * none (`registerTenant`'s share links, §1.3).
 */
export async function mergeFiles(db: RentalDb, keys: MasterKeyring, input: { operatorId: number; tenantId: number; intoTenantId: number; now: Date }): Promise<{ apartmentSharingId: number; tenantIds: number[] }> {
  return db.transaction().execute(async (trx) => {
    // Locks in id order, so that two merges of the same pair cannot deadlock.
    const [first, second] = [input.tenantId, input.intoTenantId].sort((a, b) => a - b);
    const a = await lockTenant(trx, first!);
    const b = first === second ? a : await lockTenant(trx, second!);
    const source = a.id === input.tenantId ? a : b;
    const target = a.id === input.intoTenantId ? a : b;
    if (source.apartment_sharing_id === target.apartment_sharing_id) throw new OperatorDeskError('CONFLICT', 'Both tenants are already in the same file');
    const apartment = await trx.selectFrom('rental.apartment_sharings').select(['id', 'application_type']).where('id', '=', target.apartment_sharing_id).forUpdate().executeTakeFirstOrThrow();
    const moved = await trx.selectFrom('rental.tenants').select('id').where('apartment_sharing_id', '=', source.apartment_sharing_id).orderBy('id').execute();
    await trx.updateTable('rental.tenants').set({ apartment_sharing_id: apartment.id, tenant_type: 'JOIN', last_update_date: input.now }).where('apartment_sharing_id', '=', source.apartment_sharing_id).execute();
    await trx.deleteFrom('rental.apartment_sharings').where('id', '=', source.apartment_sharing_id).execute();
    const movedPartners = moved.length ? await trx.selectFrom('rental.tenant_partners').select('partner_id').where('tenant_id', 'in', moved.map((m) => m.id)).execute() : [];
    await ensurePartnerLinks(trx, keys, apartment.id, movedPartners.map((p) => p.partner_id), input.now);
    const members = await trx.selectFrom('rental.tenants').select('id').where('apartment_sharing_id', '=', apartment.id).orderBy('id').execute();
    const type = apartment.application_type === 'COUPLE' && members.length === 2 ? 'COUPLE' : 'GROUP';
    await trx.updateTable('rental.apartment_sharings').set({ application_type: type, last_update_date: input.now }).where('id', '=', apartment.id).execute();
    await trx.updateTable('rental.tenants').set({ last_update_date: input.now }).where('apartment_sharing_id', '=', apartment.id).execute();
    for (const member of members) await recordTenantEvent(trx, { type: 'MERGED_ACCOUNT', tenantId: member.id, now: input.now });
    await audit(trx, input.operatorId, 'FILES_MERGED', target.id, { mergedApartmentSharingId: source.apartment_sharing_id, movedTenantIds: moved.map((m) => m.id), intoApartmentSharingId: apartment.id }, input.now);
    return { apartmentSharingId: apartment.id, tenantIds: members.map((m) => m.id) };
  });
}
