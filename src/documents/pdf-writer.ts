import { A4_POINTS } from './a4.ts';
import { pdfDate, pdfText, type JpegPage, type PdfMetadata } from './assemble-pdf.ts';

const encoder = new TextEncoder();

/**
 * Writes a PDF page by page, each call returning the bytes to append: text pages (content streams over
 * the two standard Helvetica fonts) and full-page JPEG images passed through as they are. Only the
 * offsets and page numbers are kept, so a 500-page file costs no more memory than its largest page;
 * the page tree is written last (a PDF reader finds every object through the final cross-reference).
 */
export class StreamingPdfWriter {
  private position = 0;
  private readonly offsets: number[] = [];
  private readonly pageObjects: number[] = [];
  private next = 6;
  private started = false;

  /** Objects 1–5: catalog, page tree (written at the end), info, the two fonts. */
  private header(): Uint8Array[] {
    this.started = true;
    return [
      this.emit('%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n'),
      this.object(1, '<< /Type /Catalog /Pages 2 0 R >>'),
      this.object(4, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>'),
      this.object(5, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>'),
    ];
  }

  private emit(part: string | Uint8Array): Uint8Array {
    const bytes = typeof part === 'string' ? encoder.encode(part) : part;
    this.position += bytes.byteLength;
    return bytes;
  }

  private object(num: number, body: string): Uint8Array {
    this.offsets[num] = this.position;
    return this.emit(`${num} 0 obj\n${body}\nendobj\n`);
  }

  get pageCount(): number {
    return this.pageObjects.length;
  }

  /** A text page: `content` is its content stream (fonts /F1 and /F2). */
  textPage(content: Uint8Array): Uint8Array[] {
    const out = this.started ? [] : this.header();
    const page = this.next;
    this.next += 2;
    this.pageObjects.push(page);
    const { width: w, height: h } = A4_POINTS;
    out.push(this.object(page, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /Font << /F1 4 0 R /F2 5 0 R >> >> /Contents ${page + 1} 0 R >>`));
    this.offsets[page + 1] = this.position;
    out.push(this.emit(`${page + 1} 0 obj\n<< /Length ${content.byteLength} >>\nstream\n`), this.emit(content), this.emit('\nendstream\nendobj\n'));
    return out;
  }

  /** A page that is one JPEG over the whole A4 page, its bytes copied through (DCTDecode). */
  imagePage(image: JpegPage): Uint8Array[] {
    const out = this.started ? [] : this.header();
    const page = this.next;
    this.next += 3;
    this.pageObjects.push(page);
    const { width: w, height: h } = A4_POINTS;
    const content = `q ${w} 0 0 ${h} 0 0 cm /Im0 Do Q`;
    out.push(this.object(page, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${w} ${h}] /Resources << /XObject << /Im0 ${page + 2} 0 R >> >> /Contents ${page + 1} 0 R >>`));
    out.push(this.object(page + 1, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`));
    this.offsets[page + 2] = this.position;
    out.push(
      this.emit(`${page + 2} 0 obj\n<< /Type /XObject /Subtype /Image /Width ${image.width} /Height ${image.height} /ColorSpace /DeviceRGB /BitsPerComponent 8 /Filter /DCTDecode /Length ${image.jpeg.byteLength} >>\nstream\n`),
      this.emit(image.jpeg),
      this.emit('\nendstream\nendobj\n'),
    );
    return out;
  }

  /** The page tree, the metadata and the cross-reference table: the file's last bytes. */
  finish(meta: PdfMetadata): Uint8Array[] {
    const out = this.started ? [] : this.header();
    out.push(this.object(2, `<< /Type /Pages /Count ${this.pageObjects.length} /Kids [${this.pageObjects.map((n) => `${n} 0 R`).join(' ')}] >>`));
    const producer = pdfText(meta.producer ?? 'Foyer');
    out.push(this.object(3, `<< /Title ${pdfText(meta.title)} /Producer ${producer} /Creator ${producer} /CreationDate ${pdfDate(meta.creationDate ?? new Date())} >>`));
    const xref = this.position;
    let table = `xref\n0 ${this.next}\n0000000000 65535 f \n`;
    for (let num = 1; num < this.next; num++) table += `${String(this.offsets[num] ?? 0).padStart(10, '0')} 00000 n \n`;
    out.push(this.emit(`${table}trailer\n<< /Size ${this.next} /Root 1 0 R /Info 3 0 R >>\nstartxref\n${xref}\n%%EOF\n`));
    return out;
  }
}
