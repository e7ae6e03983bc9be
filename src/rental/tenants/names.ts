import type { RentalDb } from '../db.ts';
import { touchTenant } from './recompute.ts';

export interface NamesInput {
  firstName: string;
  lastName: string;
  preferredName?: string | null;
  zipCode?: string | null;
  abroad?: boolean | null;
  ownerType?: 'SELF' | 'THIRD_PARTY';
}

/**
 * Step `names` (§3.2.1 (2)). A change of first, last or preferred name sends every VALIDATED document
 * of the tenant back to TO_PROCESS, and those of its first guarantor when that one is a legal person
 * or an organism (§7.2); DECLINED documents are left as they are (§13.3).
 */
export async function saveNames(db: RentalDb, tenantId: number, input: NamesInput, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('rental.tenants').select(['first_name', 'last_name', 'preferred_name']).where('id', '=', tenantId).executeTakeFirstOrThrow();
    const preferredName = input.preferredName ?? null;
    await trx
      .updateTable('rental.tenants')
      .set({
        first_name: input.firstName,
        last_name: input.lastName,
        preferred_name: preferredName,
        zip_code: input.zipCode ?? null,
        abroad: input.abroad ?? null,
        owner_type: input.ownerType ?? 'SELF',
      })
      .where('id', '=', tenantId)
      .execute();
    const renamed = before.first_name !== input.firstName || before.last_name !== input.lastName || before.preferred_name !== preferredName;
    if (renamed) {
      await trx.updateTable('rental.documents').set({ document_status: 'TO_PROCESS' }).where('tenant_id', '=', tenantId).where('document_status', '=', 'VALIDATED').execute();
      const first = await trx.selectFrom('rental.guarantors').select(['id', 'type_guarantor']).where('tenant_id', '=', tenantId).orderBy('id').limit(1).executeTakeFirst();
      if (first && first.type_guarantor !== 'NATURAL_PERSON') {
        await trx.updateTable('rental.documents').set({ document_status: 'TO_PROCESS' }).where('guarantor_id', '=', first.id).where('document_status', '=', 'VALIDATED').execute();
      }
    }
    await touchTenant(trx, tenantId, now);
  });
}
