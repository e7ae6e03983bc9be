import type { BlobStore } from '../../platform/storage/index.ts';
import type { RentalDb } from '../db.ts';

/**
 * Removes the rental blobs that no file or document row references and that are older than `graceMs`: what an
 * upload leaves when its commit never happened (the process died between the two). The grace period
 * keeps uploads in flight, whose rows are not committed yet.
 */
export async function sweepOrphanBlobs(db: RentalDb, store: BlobStore, now: Date, graceMs = 3_600_000): Promise<{ scanned: number; removed: number }> {
  let scanned = 0;
  let removed = 0;
  let batch: string[] = [];
  const flush = async () => {
    if (!batch.length) return;
    const originals = await db.selectFrom('rental.files').select('blob_key').where('blob_key', 'in', batch).execute();
    // Rendered PDFs and thumbnails (§10.1, §10.2) are referenced too; a render that died before its commit leaves orphans.
    const thumbnails = await db.selectFrom('rental.files').select('thumbnail_blob_key as key').where('thumbnail_blob_key', 'in', batch).execute();
    const pdfs = await db.selectFrom('rental.documents').select('pdf_blob_key as key').where('pdf_blob_key', 'in', batch).execute();
    const fullPdfs = await db.selectFrom('rental.full_pdf_parts').select('blob_key as key').where('blob_key', 'in', batch).execute();
    const known = new Set([...originals.map((r) => r.blob_key), ...thumbnails.map((r) => r.key), ...pdfs.map((r) => r.key), ...fullPdfs.map((r) => r.key)]);
    for (const key of batch) {
      if (!known.has(key)) {
        await store.delete(key);
        removed++;
      }
    }
    batch = [];
  };
  for await (const blob of store.list('rental')) {
    scanned++;
    if (now.getTime() - blob.modifiedAt.getTime() < graceMs) continue;
    batch.push(blob.key);
    if (batch.length >= 500) await flush();
  }
  await flush();
  return { scanned, removed };
}
