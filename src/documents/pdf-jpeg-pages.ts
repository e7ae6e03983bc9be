import * as mupdf from 'mupdf';
import type { JpegPage } from './assemble-pdf.ts';
import { encodePageJpeg } from './encode.ts';
import { DocumentError } from './errors.ts';
import { renderPdfPage } from './render-pdf.ts';

/** The page's only image when it is one JPEG drawn over the page (what the render job writes), else null. */
function soleJpeg(page: mupdf.PDFObject): JpegPage | null {
  // mupdf answers null (not a null object) for a missing key; inherited resources take the drawing path.
  const resources = page.get('Resources') as mupdf.PDFObject | null;
  const xobjects = resources?.isDictionary() ? (resources.get('XObject') as mupdf.PDFObject | null) : null;
  if (!xobjects?.isDictionary()) return null;
  // Kept as references: a stream is known as one through its indirect reference, not its resolved dictionary.
  const images: mupdf.PDFObject[] = [];
  xobjects.forEach((value) => images.push(value));
  if (images.length !== 1) return null;
  const image = images[0]!;
  if (!image.isStream() || image.get('Subtype').asName() !== 'Image' || image.get('Filter').asName() !== 'DCTDecode') return null;
  return { jpeg: new Uint8Array(image.readRawStream().asUint8Array()), width: image.get('Width').asNumber(), height: image.get('Height').asNumber() };
}

/**
 * The pages of a watermarked document PDF as JPEGs, for the full-file PDF (§10.3): each page's JPEG is
 * taken as it is (no decoding, no quality loss); a page of any other shape is drawn at 150 DPI and
 * encoded once. Runs in a pool thread.
 */
export async function jpegPagesOf(pdf: Uint8Array): Promise<JpegPage[]> {
  let doc: mupdf.PDFDocument;
  try {
    doc = new mupdf.PDFDocument(pdf);
  } catch {
    throw new DocumentError('CORRUPT_FILE', 'a rendered PDF cannot be opened');
  }
  try {
    const pages: JpegPage[] = [];
    for (let i = 0; i < doc.countPages(); i++) {
      const found = soleJpeg(doc.findPage(i));
      if (found) pages.push(found);
      else {
        const raster = renderPdfPage(doc, i);
        pages.push({ jpeg: await encodePageJpeg(raster), width: raster.width, height: raster.height });
      }
    }
    return pages;
  } finally {
    doc.destroy();
    mupdf.emptyStore();
  }
}
