import type { RentalDb } from '../db.ts';
import { invalid } from '../errors.ts';
import type { GuarantorType } from '../status/status.ts';
import { touchTenant } from '../tenants/recompute.ts';

export const MAX_GUARANTOR_MESSAGE =
  'typeGuarantor: you have problem with your guarantors, you only have one organism guarantor or one legal person guarantor or two natural personal guarantor';

/** `MaxGuarantor`: one ORGANISM, or one LEGAL_PERSON, or at most two NATURAL_PERSON, never mixed. Pure. */
export function guarantorsAllowed(types: readonly GuarantorType[]): boolean {
  if (types.length === 0) return true;
  if (types.some((t) => t !== types[0])) return false;
  return types[0] === 'NATURAL_PERSON' ? types.length <= 2 : types.length === 1;
}

/** Step `guarantorType` (§3.2.1 (10)): adds a new, empty guarantor (which makes the file incomplete). */
export async function addGuarantor(db: RentalDb, tenantId: number, type: GuarantorType, now: Date): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('rental.guarantors').select('type_guarantor').where('tenant_id', '=', tenantId).execute();
    if (!guarantorsAllowed([...existing.map((g) => g.type_guarantor as GuarantorType), type])) throw invalid(MAX_GUARANTOR_MESSAGE);
    await trx.insertInto('rental.guarantors').values({ tenant_id: tenantId, type_guarantor: type, created_at: now }).execute();
    await touchTenant(trx, tenantId, now);
  });
}
