import type { RentalDb } from '../db.ts';
import { invalid } from '../errors.ts';
import type { GuarantorType } from '../status/status.ts';
import { touchTenant } from '../tenants/recompute.ts';

/** `guarantorId` of a guarantor step: one of the tenant's guarantors, of the step's type (§3.2.2). */
export async function requireGuarantor(db: RentalDb, tenantId: number, fields: Record<string, string>, type: GuarantorType): Promise<number> {
  const value = fields.guarantorId;
  if (value === undefined || value === '') throw invalid('guarantorId: must not be null');
  if (!/^\d{1,9}$/.test(value)) throw invalid('guarantorId: must be an integer');
  const guarantor = await db
    .selectFrom('rental.guarantors')
    .select('id')
    .where('id', '=', Number(value))
    .where('tenant_id', '=', tenantId)
    .where('type_guarantor', '=', type)
    .executeTakeFirst();
  if (!guarantor) throw invalid('guarantorId: the guarantor does not exist');
  return guarantor.id;
}

/** The required text fields of a guarantor step (`@NotBlank`), in the order given. */
export function requireTexts(fields: Record<string, string>, names: readonly string[]): Record<string, string> {
  const problems = names.filter((n) => !fields[n] || !fields[n]!.trim()).map((n) => `${n}: must not be blank`);
  const tooLong = names.filter((n) => (fields[n]?.length ?? 0) > 255).map((n) => `${n}: size must be between 0 and 255`);
  if (problems.length || tooLong.length) throw invalid(...problems, ...tooLong);
  return Object.fromEntries(names.map((n) => [n, fields[n]!.trim()]));
}

export type GuarantorNames = Partial<{ first_name: string; last_name: string; legal_person_name: string }>;

/**
 * Sets a guarantor's names. A natural person's name change sends its VALIDATED documents back to
 * TO_PROCESS (§3.2.2 `name`).
 */
export async function setGuarantorNames(db: RentalDb, tenantId: number, guarantorId: number, names: GuarantorNames, now: Date, resetOnChange: boolean): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const before = await trx.selectFrom('rental.guarantors').select(['first_name', 'last_name', 'legal_person_name']).where('id', '=', guarantorId).executeTakeFirstOrThrow();
    await trx.updateTable('rental.guarantors').set(names).where('id', '=', guarantorId).execute();
    const changed = Object.entries(names).some(([k, v]) => before[k as keyof typeof before] !== v);
    if (changed && resetOnChange) {
      await trx.updateTable('rental.documents').set({ document_status: 'TO_PROCESS' }).where('guarantor_id', '=', guarantorId).where('document_status', '=', 'VALIDATED').execute();
    }
    await touchTenant(trx, tenantId, now);
  });
}
