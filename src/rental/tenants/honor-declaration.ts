import type { RentalDb } from '../db.ts';
import { invalid, RentalError } from '../errors.ts';
import { touchTenant } from './recompute.ts';

/**
 * Step `honorDeclaration` (§3.2.1 (4)): for a COUPLE both tenants declare, otherwise the caller only.
 * Each declaring tenant needs its names, and its guarantors theirs, else 409. The step that usually
 * turns INCOMPLETE into TO_PROCESS.
 */
export async function declareOnHonour(db: RentalDb, tenantId: number, clarification: string | null, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const tenant = await trx.selectFrom('rental.tenants').select(['tenant_type', 'apartment_sharing_id']).where('id', '=', tenantId).executeTakeFirstOrThrow();
    if (tenant.tenant_type === 'JOIN' && clarification !== null) throw invalid('clarification: only the main tenant can write a clarification');
    const apartment = await trx.selectFrom('rental.apartment_sharings').select('application_type').where('id', '=', tenant.apartment_sharing_id).executeTakeFirstOrThrow();
    const declaring =
      apartment.application_type === 'COUPLE'
        ? (await trx.selectFrom('rental.tenants').select('id').where('apartment_sharing_id', '=', tenant.apartment_sharing_id).orderBy('id').execute()).map((t) => t.id)
        : [tenantId];
    for (const id of declaring) {
      const names = await trx.selectFrom('rental.tenants').select(['first_name', 'last_name']).where('id', '=', id).executeTakeFirstOrThrow();
      if (!names.first_name || !names.last_name) throw new RentalError('CONFLICT', ['Firstname or Lastname should be filled']);
      const guarantors = await trx.selectFrom('rental.guarantors').select(['type_guarantor', 'first_name', 'last_name', 'legal_person_name']).where('tenant_id', '=', id).execute();
      const unnamed = guarantors.some((g) =>
        g.type_guarantor === 'NATURAL_PERSON' ? !g.first_name || !g.last_name : g.type_guarantor === 'LEGAL_PERSON' ? !g.first_name || !g.legal_person_name : false,
      );
      if (unnamed) throw new RentalError('CONFLICT', ["Guarantor's Information should be filled"]);
    }
    for (const id of declaring) {
      await trx
        .updateTable('rental.tenants')
        .set({ honor_declaration: true, ...(id === tenantId && tenant.tenant_type === 'CREATE' ? { clarification } : {}) })
        .where('id', '=', id)
        .execute();
      await touchTenant(trx, id, now);
    }
  });
}
