import type { SealedBlobs } from '../../platform/storage/index.ts';
import type { QueryCreator } from 'kysely';
import type { RentalDb, RentalTables } from '../db.ts';
import { invalid } from '../errors.ts';
import { reviveArchivedTenant } from '../retention/archive.ts';
import { touchTenant } from '../tenants/recompute.ts';
import type { TenantCategory } from './categories.ts';
import { resetLinkedCategories } from './linked-reset.ts';
import { readDocumentForm, type DocumentChange, type Fields } from './form.ts';
import { enqueueRender, type RenderRequester } from './render-request.ts';
import { readCategoryHoldings, type CategoryHoldings } from './upload-reads.ts';

export interface UploadedFile {
  bytes: Buffer;
  originalName: string | null;
  contentType: string;
  pages: number;
  md5: string;
}

/** The rules of §4 against what the person's documents of this category hold now. */
function checkForm(holdings: CategoryHoldings, category: TenantCategory, fields: Fields, files: UploadedFile[], guarantor: boolean): { change: DocumentChange; ids: number[] } {
  const { ids, existingOf } = holdings;
  const added = { count: files.length, pages: files.reduce((n, f) => n + f.pages, 0), bytes: files.reduce((n, f) => n + f.bytes.length, 0) };
  const financialExisting = category === 'FINANCIAL' ? (id: number | null) => (id === null ? { files: 0, pages: 0, bytes: 0 } : existingOf(id)) : existingOf;
  const read = readDocumentForm(category, fields, added, financialExisting, category === 'FINANCIAL' ? ids : [], guarantor);
  if ('problems' in read) throw invalid(...read.problems);
  return { change: read.change, ids };
}

/**
 * A tenant document step (§4.1 "what a save does"): checks the category's rules against what the
 * document already holds, writes the sealed originals under new keys, then in one transaction
 * records them, sets the document TO_PROCESS, resets linked VALIDATED siblings and recomputes the
 * status. A failed commit removes the blobs it wrote (upload then commit).
 */
export async function saveTenantDocument(
  deps: { db: RentalDb; blobs: SealedBlobs } & RenderRequester,
  tenantId: number,
  category: TenantCategory,
  fields: Fields,
  files: UploadedFile[],
  now: Date,
  /** The tenant's guarantor the document belongs to, if it is a guarantor step. */
  guarantorId: number | null = null,
  /** The owner's documents of the category as the caller read them already (`readUploadTarget`), without a lock. */
  unlocked?: CategoryHoldings,
): Promise<void> {
  const { db, blobs } = deps;
  const owner = guarantorId === null ? (['tenant_id', tenantId] as const) : (['guarantor_id', guarantorId] as const);
  // Checked first without a lock, so that a refused upload writes no blob; then again under the lock.
  checkForm(unlocked ?? (await readCategoryHoldings(db, owner, category)), category, fields, files, guarantorId !== null);
  const stored = files;
  const dropped: string[] = [];
  const prefix = guarantorId === null ? `rental/tenant_${tenantId}/${category}` : `rental/tenant_${tenantId}/guarant_${guarantorId}/${category}`;
  await blobs.writeThenCommit(prefix, stored.map((f) => f.bytes), (refs) =>
    db.transaction().execute(async (trx) => {
      // The tenant's row lock serializes its uploads (in every process, on PostgreSQL): the cumulative
      // limits of §4 are checked against what concurrent uploads committed before this one.
      const tenant = await trx.selectFrom('rental.tenants').select('status').where('id', '=', tenantId).forUpdate().executeTakeFirstOrThrow();
      // A form that stores no files (TAX without files) was refused above if it brought any.
      const { change, ids } = checkForm(await readCategoryHoldings(trx, owner, category), category, fields, files, guarantorId !== null);
      // An upload brings an archived file back (§7.2 ARCHIVED → INCOMPLETE, RETURNED_ACCOUNT).
      if (tenant.status === 'ARCHIVED') await reviveArchivedTenant(trx, tenantId, now);
      const targetId = category === 'FINANCIAL' ? change.documentId : (ids[0] ?? null);
      const values = {
        document_sub_category: change.subCategory,
        no_document: change.noDocument,
        custom_text: change.customText,
        monthly_sum: change.monthlySum,
        avis_detected: change.avisDetected,
        document_status: 'TO_PROCESS',
        last_modified_date: now,
      };
      const fileRows = refs.map((ref, i) => ({
        blob_key: ref.key,
        master_key_id: ref.envelope.keyId,
        wrapped_key: ref.envelope.wrappedKey,
        original_name: stored[i]!.originalName,
        content_type: stored[i]!.contentType,
        size: ref.size,
        md5: stored[i]!.md5,
        number_of_pages: stored[i]!.pages,
      }));
      const step = typeof change.step === 'object' && change.step !== null ? change.step.initial : change.step;
      // The content changes: the render version moves on in the statement that writes the document
      // (requestRender's bump; the render is enqueued below, in this transaction).
      const inserted = { tenant_id: guarantorId === null ? tenantId : null, guarantor_id: guarantorId, document_category: category, document_category_step: step, ...values, render_version: 1 };
      // §4.3: an updated FINANCIAL document keeps its step.
      const kept = typeof change.step === 'object' && change.step !== null ? {} : { document_category_step: change.step };
      const updated = (db: QueryCreator<RentalTables>, id: number) => db.updateTable('rental.documents').set((eb) => ({ ...values, ...kept, render_version: eb('render_version', '+', 1) })).where('id', '=', id);
      let documentId: number;
      if (fileRows.length) {
        // One statement: the document written (a data-modifying CTE) and its new files recorded under its id.
        const written =
          targetId === null
            ? trx.with('d', (db) => db.insertInto('rental.documents').values(inserted).returning('id'))
            : trx.with('d', (db) => updated(db, targetId).returning('id'));
        const rows = await written
          .insertInto('rental.files')
          .values(fileRows.map((row) => ({ ...row, document_id: (eb) => eb.selectFrom('d').select('d.id') })))
          .returning('document_id')
          .execute();
        documentId = rows[0]!.document_id;
      } else {
        documentId = targetId === null ? (await trx.insertInto('rental.documents').values(inserted).returning('id').executeTakeFirstOrThrow()).id : (await updated(trx, targetId).execute(), targetId);
        if (!change.storesFiles) {
          const old = await trx.deleteFrom('rental.files').where('document_id', '=', documentId).returning('blob_key').execute();
          dropped.push(...old.map((f) => f.blob_key));
        }
      }
      await resetLinkedCategories(trx, owner, category);
      await touchTenant(trx, tenantId, now);
      await enqueueRender(trx, deps, documentId);
    }),
  );
  // Only once the rows are gone: a crash before this leaves orphans for the sweeper, never a dangling row.
  await blobs.delete(dropped);
}
