import type { MasterKeyring } from '../../platform/crypto/envelope.ts';
import type { RentalDb } from '../db.ts';
import { invalid } from '../errors.ts';
import type { Partner } from '../partners/partners.ts';
import { normalizeEmail } from './email.ts';
import { linkTenantToPartners } from './partner-access.ts';

export const EMAIL_IN_USE = 'email: the email is already in use or must be different from null';

/**
 * Step `account` (§3.2.1 (1)): a new CREATE tenant, alone in a new apartment sharing, INCOMPLETE,
 * linked to the partner (with its two PARTNER share links, §1.3). An email any tenant already has is
 * refused; no webhook is sent.
 */
export async function createAccount(db: RentalDb, partner: Partner, email: string, now: Date, keys: MasterKeyring): Promise<number> {
  const normalized = normalizeEmail(email);
  try {
    return await db.transaction().execute(async (trx) => {
      const taken = await trx.selectFrom('rental.tenants').select('id').where('email', '=', normalized).executeTakeFirst();
      if (taken) throw invalid(EMAIL_IN_USE);
      const apartment = await trx
        .insertInto('rental.apartment_sharings')
        .values({ application_type: 'ALONE', created_at: now, last_update_date: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      const tenant = await trx
        .insertInto('rental.tenants')
        .values({ apartment_sharing_id: apartment.id, email: normalized, tenant_type: 'CREATE', status: 'INCOMPLETE', creation_date: now, last_update_date: now })
        .returning('id')
        .executeTakeFirstOrThrow();
      // registerTenant (§1.3): the link and the PARTNER share links; the tenant is INCOMPLETE, so no webhook.
      await linkTenantToPartners(trx, keys, tenant.id, [partner.id], now);
      await trx.insertInto('rental.tenant_logs').values({ tenant_id: tenant.id, log_type: 'ACCOUNT_CREATED', partner_ids: [partner.id], created_at: now }).execute();
      return tenant.id;
    });
  } catch (error) {
    // Two requests for one email at once: the unique index decides, and the loser gets the same answer.
    if ((error as { code?: string }).code === '23505') throw invalid(EMAIL_IN_USE);
    throw error;
  }
}
