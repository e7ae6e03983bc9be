import { fileTypeFromBuffer } from 'file-type';
import { countPdfPages } from './pdf-pages.ts';

/** §4.1: the accepted types, decided by magic bytes only. */
const ACCEPTED: Record<string, string> = {
  'application/pdf': 'application/pdf',
  'image/jpeg': 'image/jpeg',
  'image/png': 'image/png',
  'image/heic': 'image/heif',
  'image/heif': 'image/heif',
  'image/heic-sequence': 'image/heif',
  'image/heif-sequence': 'image/heif',
};

/** The stored content type of a file, from its bytes, or null when it is not an accepted type. */
export async function sniffContentType(bytes: Buffer): Promise<string | null> {
  try {
    // The accepted types announce themselves in their first bytes; the rest of the file is not read.
    const found = await fileTypeFromBuffer(bytes.subarray(0, 4100));
    return found ? (ACCEPTED[found.mime] ?? null) : null;
  } catch {
    // file-type throws on some malformed containers (a broken zip): not an accepted type either.
    return null;
  }
}

/** Pages of a file (§4.1: a PDF counts its pages, an image 1); null for a PDF whose pages cannot be read. */
export function countPages(bytes: Buffer, contentType: string): number | null {
  return contentType === 'application/pdf' ? countPdfPages(bytes) : 1;
}
