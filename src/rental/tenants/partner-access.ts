import type { MasterKeyring } from '../../platform/crypto/envelope.ts';
import type { RentalDb } from '../db.ts';
import { recordNewLinkEvent, recordTenantEvent } from '../events/record.ts';
import { ensurePartnerLinks, revokeUnlinkedPartnerLinks } from '../sharing/links.ts';

/**
 * `registerTenant` (§1.3) for one tenant and some partners, inside the caller's transaction: the
 * missing `tenant ↔ partner` rows are inserted, each partner gets its two PARTNER share links to the
 * tenant's apartment if it has none alive, and a partner whose link is really new is told at once
 * when the tenant is already TO_PROCESS or VALIDATED (CREATED_ACCOUNT / VERIFIED_ACCOUNT, to it
 * only, if it has a callback URL). Idempotent: an existing link, or one a concurrent transaction
 * inserted first (the primary key decides), sends nothing. Returns the partners newly linked.
 */
export async function linkTenantToPartners(trx: RentalDb, keys: MasterKeyring, tenantId: number, partnerIds: readonly number[], now: Date): Promise<number[]> {
  const ids = [...new Set(partnerIds)].sort((a, b) => a - b);
  if (!ids.length) return [];
  const tenant = await trx.selectFrom('rental.tenants').select('apartment_sharing_id').where('id', '=', tenantId).executeTakeFirstOrThrow();
  const inserted = await trx
    .insertInto('rental.tenant_partners')
    .values(ids.map((partnerId) => ({ tenant_id: tenantId, partner_id: partnerId, access_granted_date: now })))
    .onConflict((oc) => oc.columns(['tenant_id', 'partner_id']).doNothing())
    .returning('partner_id')
    .execute();
  // The share links first: the payload of the event below carries the partner's own links (§9.2).
  await ensurePartnerLinks(trx, keys, tenant.apartment_sharing_id, ids, now);
  const fresh = inserted.map((r) => r.partner_id).sort((a, b) => a - b);
  for (const partnerId of fresh) await recordNewLinkEvent(trx, tenantId, partnerId, now);
  return fresh;
}

/**
 * Unlinking (§1.3 "revocation"), inside the caller's transaction, for the partners (default: all)
 * that are linked to the tenant: the link rows go, the tenant is marked updated, each partner gets
 * ACCESS_REVOKED (minimal payload, §9.2), a PARTNER_ACCESS_REVOKED log names them (the list's
 * `includeRevoked`), and a partner left with no linked tenant in the tenant's apartment loses its
 * PARTNER share links to it (soft-deleted: their URLs answer as a revoked link). Call it while the
 * tenant is still in the apartment the partner reached it through. Returns the partners revoked.
 * (DossierFacile also revokes a Keycloak consent and emails the tenant: Foyer has neither.)
 */
export async function revokePartnerAccess(trx: RentalDb, tenantId: number, now: Date, partnerIds?: readonly number[]): Promise<number[]> {
  let removal = trx.deleteFrom('rental.tenant_partners').where('tenant_id', '=', tenantId);
  if (partnerIds) removal = removal.where('partner_id', 'in', partnerIds.length ? [...partnerIds] : [-1]);
  const revoked = (await removal.returning('partner_id').execute()).map((r) => r.partner_id).sort((a, b) => a - b);
  if (!revoked.length) return [];
  const tenant = await trx.updateTable('rental.tenants').set({ last_update_date: now }).where('id', '=', tenantId).returning('apartment_sharing_id').executeTakeFirstOrThrow();
  for (const partnerId of revoked) await recordTenantEvent(trx, { type: 'ACCESS_REVOKED', tenantId, now, partnerIds: [partnerId] });
  await trx.insertInto('rental.tenant_logs').values({ tenant_id: tenantId, log_type: 'PARTNER_ACCESS_REVOKED', partner_ids: revoked, created_at: now }).execute();
  await revokeUnlinkedPartnerLinks(trx, tenant.apartment_sharing_id, revoked, now);
  return revoked;
}
