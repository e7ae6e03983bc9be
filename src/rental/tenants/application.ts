import type { MasterKeyring } from '../../platform/crypto/envelope.ts';
import type { RentalDb } from '../db.ts';
import { invalid, RentalError } from '../errors.ts';
import type { SealedBlobs } from '../../platform/storage/index.ts';
import { deleteTenantRows } from './deletion.ts';
import { recomputeStatus, touchTenant } from './recompute.ts';
import { linkTenantToPartners } from './partner-access.ts';

export type ApplicationType = 'ALONE' | 'COUPLE' | 'GROUP';

export interface CoTenantInput {
  firstName?: string | null;
  lastName?: string | null;
  preferredName?: string | null;
  email?: string | null;
}

export interface ApplicationInput {
  applicationType: ApplicationType;
  coTenants: CoTenantInput[];
  acceptAccess: boolean;
}

const blank = (s: string | null | undefined) => !s || !s.trim();

/** The form's own rules (§3.2.1 (3)), before anything is read: pure. */
export function applicationProblems(input: ApplicationInput): string[] {
  const { applicationType: type, coTenants } = input;
  const n = coTenants.length;
  if ((type === 'ALONE' && n !== 0) || (type === 'COUPLE' && n !== 1) || (type === 'GROUP' && n < 1)) {
    return ['coTenants: there is no correspondence between the type of application and the number of co-tenants'];
  }
  const problems: string[] = [];
  if (type !== 'ALONE' && input.acceptAccess !== true) problems.push('acceptAccess: must be true');
  coTenants.forEach((c, i) => {
    if (blank(c.firstName)) problems.push(`coTenants[${i}].firstName: must not be blank`);
    if (blank(c.lastName)) problems.push(`coTenants[${i}].lastName: must not be blank`);
    if (type === 'GROUP' && blank(c.email)) problems.push(`coTenants[${i}].email: must not be blank`);
  });
  const emails = coTenants.map((c) => c.email).filter((e): e is string => !blank(e));
  if (new Set(emails).size !== emails.length) problems.push('coTenants: co-tenant emails must be distinct');
  return problems;
}

type Member = { id: number; first_name: string | null; last_name: string | null; email: string | null };

/**
 * Step `application/v2`: sets the apartment's type and reconciles its JOIN co-tenants. A co-tenant is
 * matched on first and last name, and on email when the stored one is set; unmatched co-tenants are
 * deleted as whole accounts; new ones are created as JOIN tenants, linked to every partner of the
 * creator (§1.3) and, in a COUPLE, inheriting its honour declaration.
 */
export async function saveApplication(db: RentalDb, tenantId: number, input: ApplicationInput, now: Date, keys: MasterKeyring, blobs: Pick<SealedBlobs, 'delete'>): Promise<void> {
  try {
    // The files of co-tenants who left go once their rows are gone for good.
    await blobs.delete(await reconcile(db, tenantId, input, now, keys));
  } catch (error) {
    // An email held by a co-tenant matched to another entry: the unique index decides.
    if ((error as { code?: string }).code === '23505') throw invalid('coTenants: the email is already in use or must be different from null');
    throw error;
  }
}

async function reconcile(db: RentalDb, tenantId: number, input: ApplicationInput, now: Date, keys: MasterKeyring): Promise<string[]> {
  return db.transaction().execute(async (trx) => {
    const tenant = await trx.selectFrom('rental.tenants').select(['tenant_type', 'apartment_sharing_id', 'honor_declaration', 'email']).where('id', '=', tenantId).executeTakeFirstOrThrow();
    if (tenant.tenant_type === 'JOIN') throw invalid('tenantId: join tenant cannot access to this step');
    const apartmentId = tenant.apartment_sharing_id;
    const existing = (await trx
      .selectFrom('rental.tenants')
      .select(['id', 'first_name', 'last_name', 'email'])
      .where('apartment_sharing_id', '=', apartmentId)
      .where('tenant_type', '=', 'JOIN')
      .orderBy('id')
      .execute()) as Member[];
    const matched = new Map<number, Member>();
    const toCreate: { index: number; coTenant: CoTenantInput }[] = [];
    input.coTenants.forEach((coTenant, index) => {
      const email = blank(coTenant.email) ? null : coTenant.email!;
      const match = existing.find(
        (m) => !matched.has(m.id) && m.first_name === coTenant.firstName && m.last_name === coTenant.lastName && (blank(m.email) || m.email === email),
      );
      if (match) matched.set(match.id, { ...match, email: match.email ?? email });
      else toCreate.push({ index, coTenant });
    });
    // Emails: one used in another apartment is a 409 (§3.2.1 (3)); one used in this apartment by
    // someone else (the creator, a co-tenant about to leave) is refused by name.
    for (const { index, coTenant } of [...toCreate, ...[...matched.values()].map((m) => ({ index: -1, coTenant: { email: m.email } as CoTenantInput, id: m.id }))]) {
      if (blank(coTenant.email)) continue;
      const owner = await trx.selectFrom('rental.tenants').select(['id', 'apartment_sharing_id']).where('email', '=', coTenant.email!).executeTakeFirst();
      if (!owner || matched.has(owner.id)) continue;
      if (owner.apartment_sharing_id !== apartmentId) throw new RentalError('CONFLICT', ['A co-tenant with this email already exists']);
      const stays = owner.id === tenantId;
      if (stays || !existing.some((m) => m.id === owner.id)) {
        throw invalid(`coTenants${index >= 0 ? `[${index}]` : ''}.email: the email is already in use or must be different from null`);
      }
    }
    // Co-tenants left out are deleted as whole accounts: DELETED_ACCOUNT, the log, the retention audit
    // row, and the PARTNER share links of a partner that reached the file only through them.
    const leaving = existing.filter((m) => !matched.has(m.id));
    const blobKeys = await deleteTenantRows(trx, leaving.map((m) => m.id), now, 'CO_TENANT_DELETE_REQUEST');
    for (const m of matched.values()) await trx.updateTable('rental.tenants').set({ email: m.email }).where('id', '=', m.id).execute();
    const partners = await trx.selectFrom('rental.tenant_partners').select('partner_id').where('tenant_id', '=', tenantId).execute();
    for (const { coTenant } of toCreate) {
      const created = await trx
        .insertInto('rental.tenants')
        .values({
          apartment_sharing_id: apartmentId,
          email: blank(coTenant.email) ? null : coTenant.email!,
          first_name: coTenant.firstName ?? null,
          last_name: coTenant.lastName ?? null,
          preferred_name: coTenant.preferredName ?? null,
          tenant_type: 'JOIN',
          status: 'INCOMPLETE',
          honor_declaration: input.applicationType === 'COUPLE' ? tenant.honor_declaration : false,
          creation_date: now,
          last_update_date: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      // registerTenant (§1.3) for each partner of the creator: the link, the PARTNER share links if the
      // partner has none to the apartment, and the webhook a newly linked partner gets when due.
      await linkTenantToPartners(trx, keys, created.id, partners.map((p) => p.partner_id), now);
      await trx.insertInto('rental.tenant_logs').values({ tenant_id: created.id, log_type: 'ACCOUNT_CREATED', partner_ids: partners.map((p) => p.partner_id), created_at: now }).execute();
      await recomputeStatus(trx, created.id, now);
    }
    await trx.updateTable('rental.apartment_sharings').set({ application_type: input.applicationType }).where('id', '=', apartmentId).execute();
    await trx.insertInto('rental.tenant_logs').values({ tenant_id: tenantId, log_type: 'APPLICATION_TYPE_CHANGED', partner_ids: partners.map((p) => p.partner_id), created_at: now }).execute();
    await touchTenant(trx, tenantId, now);
    return blobKeys;
  });
}
