import { sql } from 'kysely';
import { DocumentError, StreamingPdfWriter, type DocumentPool } from '../../documents/index.ts';
import type { Queue } from '../../platform/queue/index.ts';
import type { BlobRef, SealedBlobs } from '../../platform/storage/index.ts';
import type { RentalDb } from '../db.ts';
import { fullPdfJob } from '../module/full-pdf-job.ts';
import { coverPages, headingOf } from './full-pdf-content.ts';
import { fullPdfEligible, loadSharedFile } from './shared-file.ts';

/** §6.1 `FileStatus` of the full PDF (DELETED is never stored: an invalidated PDF is NONE again). */
export type FullPdfStatus = 'NONE' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

/**
 * The columns every write to a tenant sets on its apartment (through `touchTenant`): the full PDF is
 * invalid from now on (§10.3 "deleted on any modification"). The version moves only if there was
 * something to invalidate (a PDF, or a generation in flight, which will then not commit).
 */
export const FULL_PDF_RESET = {
  full_pdf_status: 'NONE',
  full_pdf_version: sql<number>`case when full_pdf_status = 'NONE' then full_pdf_version else full_pdf_version + 1 end`,
  full_pdf_pages: null,
  full_pdf_size: null,
} as const;

export type FullPdfRequest = 'ineligible' | 'gone' | FullPdfStatus;

/**
 * `POST /api/application/fullPdf/{token}` and the GET that finds no PDF (§10.3): refuses a file not
 * fully validated and rendered; otherwise starts a generation unless one runs or a PDF exists.
 */
export async function requestFullPdf(deps: { db: RentalDb; queue: Queue }, apartmentId: number): Promise<FullPdfRequest> {
  const file = await loadSharedFile(deps.db, apartmentId);
  if (!file) return 'gone';
  if (!fullPdfEligible(file)) return 'ineligible';
  return deps.db.transaction().execute(async (trx) => {
    const row = await trx.selectFrom('rental.apartment_sharings').select(['full_pdf_status', 'full_pdf_version']).where('id', '=', apartmentId).forUpdate().executeTakeFirst();
    if (!row) return 'gone';
    // Read outside the lock: a change since then moved the version, and that generation will not commit.
    if (row.full_pdf_version !== file.fullPdfVersion) return row.full_pdf_status as FullPdfStatus;
    if (row.full_pdf_status === 'IN_PROGRESS' || row.full_pdf_status === 'COMPLETED') return row.full_pdf_status;
    await trx.updateTable('rental.apartment_sharings').set({ full_pdf_status: 'IN_PROGRESS' }).where('id', '=', apartmentId).execute();
    await deps.queue.enqueue(fullPdfJob, { apartmentId, version: row.full_pdf_version }, trx, { singletonKey: String(apartmentId) });
    return 'IN_PROGRESS';
  });
}

/** Collects the PDF's bytes into sealed parts of about `partBytes` (what the generation and the download hold at once, plus one document). */
class PartSink {
  readonly parts: BlobRef[] = [];
  private chunks: Uint8Array[] = [];
  private pending = 0;
  size = 0;
  constructor(
    private readonly blobs: SealedBlobs,
    private readonly prefix: string,
    private readonly partBytes: number,
  ) {}

  async write(chunks: Uint8Array[]): Promise<void> {
    for (const chunk of chunks) {
      this.chunks.push(chunk);
      this.pending += chunk.byteLength;
      this.size += chunk.byteLength;
    }
    if (this.pending >= this.partBytes) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.chunks.length) return;
    const body = Buffer.concat(this.chunks);
    this.chunks = [];
    this.pending = 0;
    this.parts.push(await this.blobs.writeNew(this.prefix, body));
  }
}

export type FullPdfOutcome = 'generated' | 'stale' | 'failed';

/**
 * Generates the full-file PDF (§10.3) of the version the request read: cover pages laid out in the
 * pool, then for each document a heading page and its watermarked pages (their JPEGs copied through,
 * extracted in the pool), written as sealed parts. It commits only if the apartment is still at that
 * version; a superseded result is deleted. Memory holds one part and one document at a time.
 */
export async function generateFullPdf(
  deps: { db: RentalDb; blobs: SealedBlobs; documents: DocumentPool; settings: { fullPdfPartBytes: number }; renderHooks: { beforeFullPdfCommit?: (apartmentId: number) => Promise<void> } },
  apartmentId: number, version: number, now: Date): Promise<FullPdfOutcome> {
  const { db, blobs } = deps;
  await purgeStaleFullPdfParts(db, blobs, apartmentId);
  const file = await loadSharedFile(db, apartmentId);
  if (!file || file.fullPdfVersion !== version || file.fullPdfStatus !== 'IN_PROGRESS') return 'stale';
  const sink = new PartSink(blobs, `rental/fullpdf/apartment_${apartmentId}`, deps.settings.fullPdfPartBytes);
  try {
    if (!fullPdfEligible(file)) throw new DocumentError('WORKER_FAILED', 'the file changed since the request');
    const writer = new StreamingPdfWriter();
    for (const page of (await deps.documents.textPages({ pages: coverPages(file, now) })).pages) await sink.write(writer.textPage(page));
    const headings = await deps.documents.textPages({ pages: file.documents.map((d) => [{ style: 'title', text: headingOf(file, d) }]) });
    if (headings.pages.length !== file.documents.length) throw new DocumentError('WORKER_FAILED', 'a heading does not fit one page');
    for (const [i, d] of file.documents.entries()) {
      await sink.write(writer.textPage(headings.pages[i]!));
      const bytes = await blobs.read(d.pdf!.key, { keyId: d.pdf!.keyId, wrappedKey: d.pdf!.wrappedKey });
      // Re-rendered since the read: the change that asked for it invalidated this generation.
      if (!bytes) throw new StaleError();
      for (const page of await deps.documents.pdfPages(bytes)) await sink.write(writer.imagePage(page));
    }
    await sink.write(writer.finish({ title: 'Dossier de location', creationDate: now }));
    await sink.flush();
    await deps.renderHooks.beforeFullPdfCommit?.(apartmentId);
    const committed = await db.transaction().execute(async (trx) => {
      const row = await trx.selectFrom('rental.apartment_sharings').select(['full_pdf_status', 'full_pdf_version']).where('id', '=', apartmentId).forUpdate().executeTakeFirst();
      if (!row || row.full_pdf_version !== version || row.full_pdf_status !== 'IN_PROGRESS') return false;
      await trx
        .insertInto('rental.full_pdf_parts')
        .values(sink.parts.map((p, seq) => ({ apartment_sharing_id: apartmentId, version, seq, blob_key: p.key, master_key_id: p.envelope.keyId, wrapped_key: p.envelope.wrappedKey, size: p.size })))
        .execute();
      await trx.updateTable('rental.apartment_sharings').set({ full_pdf_status: 'COMPLETED', full_pdf_pages: writer.pageCount, full_pdf_size: sink.size }).where('id', '=', apartmentId).execute();
      return true;
    });
    if (!committed) {
      await blobs.delete(sink.parts.map((p) => p.key));
      return 'stale';
    }
    return 'generated';
  } catch (error) {
    await blobs.delete(sink.parts.map((p) => p.key)).catch(() => undefined);
    if (error instanceof StaleError) return 'stale';
    // Recorded for this version only; the next GET or POST starts another generation.
    await db.updateTable('rental.apartment_sharings').set({ full_pdf_status: 'FAILED' }).where('id', '=', apartmentId).where('full_pdf_version', '=', version).where('full_pdf_status', '=', 'IN_PROGRESS').execute();
    if (error instanceof DocumentError) return 'failed';
    throw error;
  }
}

class StaleError extends Error {}

/** The parts of the apartment's COMPLETED full PDF, in order; empty otherwise. */
export async function currentFullPdf(db: RentalDb, apartmentId: number) {
  const apartment = await db.selectFrom('rental.apartment_sharings').select(['full_pdf_status', 'full_pdf_version', 'full_pdf_size']).where('id', '=', apartmentId).executeTakeFirst();
  if (apartment?.full_pdf_status !== 'COMPLETED') return null;
  const parts = await db.selectFrom('rental.full_pdf_parts').selectAll().where('apartment_sharing_id', '=', apartmentId).where('version', '=', apartment.full_pdf_version).orderBy('seq').execute();
  return parts.length ? { size: Number(apartment.full_pdf_size), parts } : null;
}

/**
 * Deletes the blobs and rows of invalidated full PDFs (a version that is no longer current, or not
 * COMPLETED): `touchTenant` only moves the version, inside the writer's transaction; the blobs go
 * here, at the next request, generation, or hourly sweep. One apartment, or all.
 */
export async function purgeStaleFullPdfParts(db: RentalDb, blobs: SealedBlobs, apartmentId?: number): Promise<number> {
  let query = db
    .selectFrom('rental.full_pdf_parts as p')
    .innerJoin('rental.apartment_sharings as a', 'a.id', 'p.apartment_sharing_id')
    .select(['p.id', 'p.blob_key'])
    .where((eb) => eb.or([eb('p.version', '!=', eb.ref('a.full_pdf_version')), eb('a.full_pdf_status', '!=', 'COMPLETED')]));
  if (apartmentId !== undefined) query = query.where('p.apartment_sharing_id', '=', apartmentId);
  const stale = await query.execute();
  if (!stale.length) return 0;
  await blobs.delete(stale.map((p) => p.blob_key));
  await db.deleteFrom('rental.full_pdf_parts').where('id', 'in', stale.map((p) => p.id)).execute();
  return stale.length;
}

/** Blob keys of an apartment's full-PDF parts (its deletion removes them). */
export async function fullPdfKeysOf(db: RentalDb, apartmentId: number): Promise<string[]> {
  return (await db.selectFrom('rental.full_pdf_parts').select('blob_key').where('apartment_sharing_id', '=', apartmentId).execute()).map((r) => r.blob_key);
}
