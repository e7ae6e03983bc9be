/** The source types Foyer accepts (§4.1), recognised by their magic bytes, never by name or header. */
export type SourceType = 'pdf' | 'jpeg' | 'png' | 'heif';

const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'mif2']);

function ascii(bytes: Uint8Array, start: number, end: number): string {
  return String.fromCharCode(...bytes.subarray(start, end));
}

/**
 * The type the bytes start as, or null. The signature must sit at offset 0: a PDF header further in
 * (which readers tolerate) is how polyglots hide, so it is refused.
 */
export function sniff(bytes: Uint8Array): SourceType | null {
  if (bytes.length >= 5 && ascii(bytes, 0, 5) === '%PDF-') return 'pdf';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && ascii(bytes, 0, 8) === '\x89PNG\r\n\x1a\n') return 'png';
  if (bytes.length >= 12 && ascii(bytes, 4, 8) === 'ftyp') {
    const boxSize = ((bytes[0]! << 24) | (bytes[1]! << 16) | (bytes[2]! << 8) | bytes[3]!) >>> 0;
    const end = Math.min(bytes.length, boxSize);
    if (HEIF_BRANDS.has(ascii(bytes, 8, 12))) return 'heif';
    for (let at = 16; at + 4 <= end; at += 4) if (HEIF_BRANDS.has(ascii(bytes, at, at + 4))) return 'heif';
  }
  return null;
}
