import { createHash } from 'node:crypto';
import type { RentalDb } from '../db.ts';

/**
 * The version of a tenant file an operator decides on: a digest of everything a decision depends on
 * (the tenant's status and update date, its documents and guarantors' documents with their status,
 * modification date and files). Opening a file returns it; a decision carries it back and is refused
 * when the file no longer has it, so that neither a concurrent decision nor an upload made while the
 * operator was reading is overwritten.
 */
export async function fileVersion(db: RentalDb, tenantId: number): Promise<string | null> {
  const tenant = await db.selectFrom('rental.tenants').select(['status', 'last_update_date', 'honor_declaration', 'apartment_sharing_id']).where('id', '=', tenantId).executeTakeFirst();
  if (!tenant) return null;
  const guarantors = db.selectFrom('rental.guarantors').select('id').where('tenant_id', '=', tenantId);
  const documents = await db
    .selectFrom('rental.documents as d')
    .leftJoin('rental.files as f', 'f.document_id', 'd.id')
    .select(['d.id', 'd.guarantor_id', 'd.document_status', 'd.last_modified_date', 'd.monthly_sum', 'f.id as file_id'])
    .where((eb) => eb.or([eb('d.tenant_id', '=', tenantId), eb('d.guarantor_id', 'in', guarantors)]))
    .orderBy('d.id')
    .orderBy('f.id')
    .execute();
  const hash = createHash('sha256');
  hash.update(JSON.stringify([tenant.status, tenant.last_update_date.toISOString(), tenant.honor_declaration, tenant.apartment_sharing_id]));
  for (const d of documents) hash.update(JSON.stringify([d.id, d.guarantor_id, d.document_status, d.last_modified_date.toISOString(), d.monthly_sum, d.file_id]));
  return hash.digest('base64url').slice(0, 22);
}
