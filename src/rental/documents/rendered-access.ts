import type { RentalDb } from '../db.ts';

const validId = (id: number) => Number.isSafeInteger(id) && id > 0 && id < 2 ** 31;

/** Documents of any tenant of this tenant's apartment, or of their guarantors (as the document deletion sees them). */
const apartmentOf = (db: RentalDb, tenantId: number) => db.selectFrom('rental.tenants').select('apartment_sharing_id').where('id', '=', tenantId);

/** The rendered PDF of a document the tenant's apartment holds; undefined when unknown, elsewhere, or not rendered yet. */
export async function renderedPdfOf(db: RentalDb, tenantId: number, documentId: number) {
  if (!validId(documentId)) return undefined;
  const row = await db
    .selectFrom('rental.documents as d')
    .leftJoin('rental.guarantors as g', 'g.id', 'd.guarantor_id')
    .innerJoin('rental.tenants as t', (join) => join.on((eb) => eb.or([eb('t.id', '=', eb.ref('d.tenant_id')), eb('t.id', '=', eb.ref('g.tenant_id'))])))
    .select(['d.pdf_blob_key', 'd.pdf_master_key_id', 'd.pdf_wrapped_key', 'd.pdf_download_name'])
    .where('d.id', '=', documentId)
    .where('t.apartment_sharing_id', '=', apartmentOf(db, tenantId))
    .executeTakeFirst();
  if (!row?.pdf_blob_key || !row.pdf_master_key_id || !row.pdf_wrapped_key) return undefined;
  return { key: row.pdf_blob_key, envelope: { keyId: row.pdf_master_key_id, wrappedKey: Buffer.from(row.pdf_wrapped_key) }, downloadName: row.pdf_download_name ?? `document_${documentId}.pdf` };
}

/** The rendered thumbnail of a file of a document the tenant's apartment holds; undefined otherwise. */
export async function renderedThumbnailOf(db: RentalDb, tenantId: number, fileId: number) {
  if (!validId(fileId)) return undefined;
  const row = await db
    .selectFrom('rental.files as f')
    .innerJoin('rental.documents as d', 'd.id', 'f.document_id')
    .leftJoin('rental.guarantors as g', 'g.id', 'd.guarantor_id')
    .innerJoin('rental.tenants as t', (join) => join.on((eb) => eb.or([eb('t.id', '=', eb.ref('d.tenant_id')), eb('t.id', '=', eb.ref('g.tenant_id'))])))
    .select(['f.thumbnail_blob_key', 'f.thumbnail_master_key_id', 'f.thumbnail_wrapped_key'])
    .where('f.id', '=', fileId)
    .where('t.apartment_sharing_id', '=', apartmentOf(db, tenantId))
    .executeTakeFirst();
  if (!row?.thumbnail_blob_key || !row.thumbnail_master_key_id || !row.thumbnail_wrapped_key) return undefined;
  return { key: row.thumbnail_blob_key, envelope: { keyId: row.thumbnail_master_key_id, wrappedKey: Buffer.from(row.thumbnail_wrapped_key) } };
}
