import { DocumentError, downloadName, joinChunks, type DocumentErrorCode, type DocumentPool, type ProcessDocumentOutput } from '../../documents/index.ts';
import type { BlobRef, SealedBlobs } from '../../platform/storage/index.ts';
import type { RentalDb } from '../db.ts';
import { statementKindOf } from './statement-kind.ts';

export interface RenderDeps {
  db: RentalDb;
  blobs: SealedBlobs;
  documents: DocumentPool;
  renderHooks: { beforeCommit?: (documentId: number) => Promise<void> };
}

export type RenderOutcome = 'rendered' | 'stale' | 'gone' | 'nothing' | 'refused';

/** The pool's refusals of the input itself: rendering again cannot help, so the failure is recorded without retries. */
const PERMANENT: ReadonlySet<DocumentErrorCode> = new Set(['EMPTY_FILE', 'FILE_TOO_LARGE', 'UNSUPPORTED_TYPE', 'PASSWORD_PROTECTED', 'CORRUPT_FILE', 'TOO_MANY_PAGES', 'PAGE_TOO_LARGE', 'IMAGE_TOO_LARGE']);

export const isPermanentRenderError = (error: DocumentError) => PERMANENT.has(error.code);

const ID_CATEGORIES = new Set(['IDENTIFICATION', 'IDENTIFICATION_LEGAL_PERSON']);

async function readDocument(db: RentalDb, documentId: number) {
  return db
    .selectFrom('rental.documents as d')
    .leftJoin('rental.guarantors as g', 'g.id', 'd.guarantor_id')
    .leftJoin('rental.tenants as t', 't.id', 'd.tenant_id')
    .select([
      'd.id',
      'd.render_version',
      'd.document_category',
      'd.document_sub_category',
      'd.document_category_step',
      'd.no_document',
      'd.custom_text',
      'd.guarantor_id',
      'd.tenant_id',
      'g.tenant_id as guarantor_tenant_id',
      't.first_name as tenant_first_name',
      't.last_name as tenant_last_name',
      'g.first_name as guarantor_first_name',
      'g.last_name as guarantor_last_name',
      'g.legal_person_name',
    ])
    .where('d.id', '=', documentId)
    .executeTakeFirst();
}

type DocumentRead = NonNullable<Awaited<ReturnType<typeof readDocument>>>;

function ownerOf(d: DocumentRead): { firstName: string | null; lastName: string | null } {
  if (d.guarantor_id === null) return { firstName: d.tenant_first_name, lastName: d.tenant_last_name };
  if (d.guarantor_first_name || d.guarantor_last_name) return { firstName: d.guarantor_first_name, lastName: d.guarantor_last_name };
  return { firstName: null, lastName: d.legal_person_name };
}

/** Records a failure on the document as read, unless it changed since (its next render decides then). */
async function recordFailure(db: RentalDb, documentId: number, version: number, code: DocumentErrorCode, now: Date): Promise<void> {
  await db.updateTable('rental.documents').set({ render_error: code, render_failed_at: now }).where('id', '=', documentId).where('render_version', '=', version).execute();
}

/**
 * Renders one document (§10.1, §10.2): unseals its files, runs the pool (or draws the §4.4 statement),
 * seals the PDF and the thumbnails under new keys, and commits them only if the document is still at
 * the version read; a stale result is discarded (its blobs deleted). Replaced blobs are deleted after
 * the commit. A refused input is recorded (`render_error`) and not retried; other failures throw.
 */
export async function renderDocument(deps: RenderDeps, documentId: number, now: Date): Promise<RenderOutcome> {
  const { db, blobs } = deps;
  const document = await readDocument(db, documentId);
  if (!document) return 'gone';
  const version = document.render_version;
  const files = await db
    .selectFrom('rental.files')
    .select(['id', 'blob_key', 'master_key_id', 'wrapped_key'])
    .where('document_id', '=', documentId)
    .orderBy('id')
    .execute();
  const kind = statementKindOf({ category: document.document_category, subCategory: document.document_sub_category, step: document.document_category_step, noDocument: document.no_document, hasFiles: files.length > 0 });
  if (!kind && !files.length) return 'nothing';
  const owner = ownerOf(document);
  const name = downloadName({ category: document.document_category, subCategory: document.document_sub_category, documentId, owner });
  const sources: Uint8Array[] = [];
  for (const file of files) {
    const bytes = await blobs.read(file.blob_key, { keyId: file.master_key_id, wrappedKey: Buffer.from(file.wrapped_key) });
    // A file deleted since the read: the change that deleted it asked for another render.
    if (!bytes) return 'stale';
    sources.push(bytes);
  }
  let output: ProcessDocumentOutput;
  try {
    output = await deps.documents.run({
      files: kind ? [] : sources,
      cropMargins: ID_CATEGORIES.has(document.document_category),
      statement: kind ? { kind, ownerName: [owner.firstName, owner.lastName].filter(Boolean).join(' '), customText: document.custom_text, date: now } : undefined,
      title: name.replace(/\.pdf$/, ''),
    });
  } catch (error) {
    if (!(error instanceof DocumentError)) throw error;
    await recordFailure(db, documentId, version, error.code, now);
    if (isPermanentRenderError(error)) return 'refused';
    throw error;
  }
  const prefix = `rental/rendered/document_${documentId}`;
  const written: BlobRef[] = [];
  try {
    const pdf = await blobs.writeNew(prefix, Buffer.from(joinChunks(output.pdf).buffer));
    written.push(pdf);
    const thumbnails: BlobRef[] = [];
    for (const processed of kind ? [] : output.files) {
      const ref = await blobs.writeNew(prefix, Buffer.from(processed.thumbnail.buffer, processed.thumbnail.byteOffset, processed.thumbnail.byteLength));
      written.push(ref);
      thumbnails.push(ref);
    }
    await deps.renderHooks.beforeCommit?.(documentId);
    const replaced = await db.transaction().execute(async (trx) => {
      const current = await trx.selectFrom('rental.documents').select(['render_version', 'pdf_blob_key']).where('id', '=', documentId).forUpdate().executeTakeFirst();
      if (!current || current.render_version !== version) return null;
      const old = await trx.selectFrom('rental.files').select('thumbnail_blob_key').where('document_id', '=', documentId).where('thumbnail_blob_key', 'is not', null).execute();
      await trx
        .updateTable('rental.documents')
        .set((eb) => ({
          pdf_generation: eb('pdf_generation', '+', 1),
          pdf_blob_key: pdf.key,
          pdf_master_key_id: pdf.envelope.keyId,
          pdf_wrapped_key: pdf.envelope.wrappedKey,
          pdf_size: pdf.size,
          pdf_pages: output.pageCount,
          pdf_download_name: name,
          render_error: null,
          render_failed_at: null,
        }))
        .where('id', '=', documentId)
        .execute();
      for (const [i, ref] of thumbnails.entries()) {
        await trx
          .updateTable('rental.files')
          .set({ thumbnail_blob_key: ref.key, thumbnail_master_key_id: ref.envelope.keyId, thumbnail_wrapped_key: ref.envelope.wrappedKey, thumbnail_size: ref.size })
          .where('id', '=', files[i]!.id)
          .execute();
      }
      return [current.pdf_blob_key, ...old.map((o) => o.thumbnail_blob_key)].filter((k): k is string => k !== null);
    });
    if (replaced === null) {
      await blobs.delete(written.map((r) => r.key));
      return 'stale';
    }
    await blobs.delete(replaced);
    return 'rendered';
  } catch (error) {
    await blobs.delete(written.map((r) => r.key)).catch(() => undefined);
    throw error;
  }
}
