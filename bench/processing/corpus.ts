import { scanJpeg, scannedPdf, textPdf } from '../../scripts/documents/synthetic.ts';

export interface CorpusItem {
  name: string;
  files: Uint8Array[];
  pages: number;
}

/** A mixed corpus of 50 A4 pages: text PDFs, a scanned PDF, phone-photo JPEGs. */
export async function mixedCorpus(): Promise<CorpusItem[]> {
  const photos = await Promise.all(Array.from({ length: 10 }, (_, i) => scanJpeg(2000, 1500, 100 + i, 85)));
  return [
    { name: 'text PDF, 10 pages', files: [textPdf(10, { seed: 1 })], pages: 10 },
    { name: 'text PDF, 10 pages', files: [textPdf(10, { seed: 2 })], pages: 10 },
    { name: 'scanned PDF, 20 pages', files: [await scannedPdf(20, { distinct: 20, quality: 16 })], pages: 20 },
    { name: '10 photos', files: photos, pages: 10 },
  ];
}

/** About 10 MB, 50 distinct scanned pages. */
export function largePdf(): Promise<Uint8Array> {
  return scannedPdf(50, { distinct: 50, quality: 16 });
}
