import type { RentalDb } from '../db.ts';
import { RentalError } from '../errors.ts';

const MAX_ID = 2_147_483_647;

/** A tenant id that can exist (a positive 32-bit integer): any other is answered 403 without a query. */
export function tenantIdInRange(tenantId: number): boolean {
  return Number.isSafeInteger(tenantId) && tenantId >= 1 && tenantId <= MAX_ID;
}

/**
 * `hasPermissionOnTenant` (§1.3): the partner must be linked to the tenant. A tenant that does not
 * exist and another partner's tenant get the same 403, so nothing tells them apart.
 */
export async function requireLinkedTenant(db: RentalDb, partnerId: number, tenantId: number): Promise<number> {
  if (!tenantIdInRange(tenantId)) throw new RentalError('FORBIDDEN');
  const link = await db
    .selectFrom('rental.tenant_partners')
    .select('tenant_id')
    .where('tenant_id', '=', tenantId)
    .where('partner_id', '=', partnerId)
    .executeTakeFirst();
  if (!link) throw new RentalError('FORBIDDEN');
  return tenantId;
}
