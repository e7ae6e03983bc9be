import { fileTypeFromBuffer } from 'file-type';

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

/**
 * Pages of a file (§4.1: a PDF counts its pages, an image 1). Without parsing the PDF: the largest
 * `/Count` of a page tree node, else the page objects, else 1. A PDF whose page tree hides in a
 * compressed object stream counts as one page until the processing step (next issue) counts it.
 */
export function countPages(bytes: Buffer, contentType: string): number {
  if (contentType !== 'application/pdf') return 1;
  const text = bytes.toString('latin1');
  let count = 0;
  for (const m of text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)|\/Count\s+(\d+)[^>]*?\/Type\s*\/Pages\b/g)) {
    count = Math.max(count, Number(m[1] ?? m[2]));
  }
  if (count > 0) return count;
  const pages = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  return Math.max(pages, 1);
}
