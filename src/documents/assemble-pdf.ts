import { A4_POINTS } from './a4.ts';

export interface JpegPage {
  jpeg: Uint8Array;
  /** Pixel size of the JPEG. */
  width: number;
  height: number;
}

export interface PdfMetadata {
  title: string;
  producer?: string;
  creationDate?: Date;
}

const encoder = new TextEncoder();

/** A text string as UTF-16BE hex with a byte-order mark: any title survives, accents included. */
export function pdfText(value: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < value.length; i++) hex += value.charCodeAt(i).toString(16).padStart(4, '0');
  return `<${hex}>`;
}

export function pdfDate(date: Date): string {
  const iso = date.toISOString();
  return `(D:${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z)`;
}

/**
 * Writes a PDF of full-page JPEG images, one per A4 page, chunk by chunk: each page's JPEG is
 * passed through as it is (DCTDecode), never decoded or copied into a document model. The file
 * has no fonts and no text, only the images.
 */
export function* pdfChunks(pages: JpegPage[], meta: PdfMetadata): Generator<Uint8Array> {
  const offsets: number[] = [];
  let position = 0;
  function* emit(part: Uint8Array | string): Generator<Uint8Array> {
    const bytes = typeof part === 'string' ? encoder.encode(part) : part;
    position += bytes.byteLength;
    yield bytes;
  }
  function* object(num: number, body: string): Generator<Uint8Array> {
    offsets[num] = position;
    yield* emit(`${num} 0 obj\n${body}\nendobj\n`);
  }
  const pageNum = (i: number) => 4 + i * 3;
  const objectCount = 4 + pages.length * 3;
  const { width: w, height: h } = A4_POINTS;

  // The second line's high bytes tell transfer tools the file is binary.
  yield* emit('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n');
  yield* object(1, '<< /Type /Catalog /Pages 2 0 R >>');
  yield* object(2, `<< /Type /Pages /Count ${pages.length} /Kids [${pages.map((_, i) => `${pageNum(i)} 0 R`).join(' ')}] >>`);
  const producer = pdfText(meta.producer ?? 'Foyer');
  yield* object(3, `<< /Title ${pdfText(meta.title)} /Producer ${producer} /Creator ${producer} /CreationDate ${pdfDate(meta.creationDate ?? new Date())} >>`);
  for (const [i, page] of pages.entries()) {
    const n = pageNum(i);
    const content = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
    yield* object(n, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${n + 2} 0 R >> >> /Contents ${n + 1} 0 R >>`);
    yield* object(n + 1, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
    offsets[n + 2] = position;
    yield* emit(`${n + 2} 0 obj\n<< /Type /XObject /Subtype /Image /Width ${page.width} /Height ${page.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${page.jpeg.byteLength} >>\nstream\n`);
    yield* emit(page.jpeg);
    yield* emit('\nendstream\nendobj\n');
  }
  const xref = position;
  let table = `xref\n0 ${objectCount}\n0000000000 65535 f \n`;
  for (let num = 1; num < objectCount; num++) table += `${String(offsets[num]).padStart(10, '0')} 00000 n \n`;
  yield* emit(`${table}trailer\n<< /Size ${objectCount} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
}

/**
 * The PDF as a few chunks: each page's JPEG as it is (no copy), the small structural pieces between
 * them merged. Whoever stores the file writes the chunks in order; nothing joins 50 pages in memory.
 */
export function pdfAsChunks(pages: JpegPage[], meta: PdfMetadata): Uint8Array[] {
  const out: Uint8Array[] = [];
  let small: Uint8Array[] = [];
  const flush = () => {
    if (small.length > 0) out.push(joinChunks(small));
    small = [];
  };
  for (const chunk of pdfChunks(pages, meta)) {
    if (chunk.byteLength >= 64 * 1024) {
      flush();
      out.push(chunk);
    } else {
      small.push(chunk);
    }
  }
  flush();
  return out;
}

export function assemblePdf(pages: JpegPage[], meta: PdfMetadata): Uint8Array {
  return joinChunks([...pdfChunks(pages, meta)]);
}

export function joinChunks(chunks: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(chunks.reduce((sum, c) => sum + c.byteLength, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}
