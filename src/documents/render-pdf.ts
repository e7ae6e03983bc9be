import * as mupdf from 'mupdf';
import { A4_150, fitCentred, type RasterPage } from './a4.ts';
import { DocumentError } from './errors.ts';
import type { DocumentLimits } from './limits.ts';

// Colour management off: with it, mupdf sends every drawn image and colour through lcms even from
// DeviceRGB to DeviceRGB, about a fifth of its drawing time (profile of the processing bench). RGB and
// grey documents draw the same without it; CMYK and ICC-tagged colours then take mupdf's plain formulas.
mupdf.disableICC();

/** Objects beyond this many are not scanned for oversized images; such a file is refused as damaged. */
const MAX_OBJECTS = 500_000;

export interface OpenedPdf {
  doc: mupdf.PDFDocument;
  /**
   * Whether the file holds any image XObject (or an object that could not be read as one): only
   * those leave large decoded pixels in mupdf's store, which must then be emptied after every page.
   */
  hasImages: boolean;
}

/**
 * Opens a PDF and checks every limit before a single pixel is drawn: password, page count, page size
 * and the pixel count of each embedded image (a 50 000 × 50 000 image would be decoded in full).
 */
export function openPdf(bytes: Uint8Array, limits: DocumentLimits): OpenedPdf {
  let doc: mupdf.PDFDocument;
  let pages: number;
  try {
    doc = new mupdf.PDFDocument(bytes);
  } catch {
    throw new DocumentError('CORRUPT_FILE');
  }
  if (doc.needsPassword()) {
    doc.destroy();
    throw new DocumentError('PASSWORD_PROTECTED');
  }
  try {
    pages = doc.countPages();
  } catch {
    doc.destroy();
    throw new DocumentError('CORRUPT_FILE');
  }
  const images = pages === 0 || pages > limits.maxPdfPages ? null : scanImages(doc, limits);
  const problem = pages === 0 ? new DocumentError('CORRUPT_FILE', 'no page')
    : pages > limits.maxPdfPages ? new DocumentError('TOO_MANY_PAGES', `${pages} pages, at most ${limits.maxPdfPages}`)
    : images!.problem;
  if (problem) {
    doc.destroy();
    throw problem;
  }
  return { doc, hasImages: images!.hasImages };
}

/** One pass over every object: the first oversized image, and whether there is any image at all. */
function scanImages(doc: mupdf.PDFDocument, limits: DocumentLimits): { problem: DocumentError | null; hasImages: boolean } {
  const count = doc.countObjects();
  if (count > MAX_OBJECTS) return { problem: new DocumentError('CORRUPT_FILE', 'too many objects'), hasImages: true };
  let hasImages = false;
  for (let num = 1; num < count; num++) {
    // isStream() answers only on the indirect reference; get() resolves it.
    const ref = doc.newIndirect(num);
    let pixels: number;
    try {
      if (!ref.isStream() || ref.get('Subtype').asName() !== 'Image') continue;
      hasImages = true;
      pixels = ref.get('Width').asNumber() * ref.get('Height').asNumber();
    } catch {
      hasImages = true;
      continue;
    }
    if (pixels > limits.maxImagePixels) return { problem: new DocumentError('IMAGE_TOO_LARGE', `an embedded image has ${pixels} pixels`), hasImages };
  }
  return { problem: null, hasImages };
}

/** Checks the page sizes of the whole document (cheap: no content is parsed). */
export function checkPageSizes(doc: mupdf.PDFDocument, limits: DocumentLimits): void {
  for (let i = 0; i < doc.countPages(); i++) {
    const page = doc.loadPage(i);
    const [x0, y0, x1, y1] = page.getBounds();
    page.destroy();
    const side = Math.max(x1 - x0, y1 - y0);
    if (!(side > 0)) throw new DocumentError('CORRUPT_FILE', `page ${i + 1} has no area`);
    if (side > limits.maxPageSidePoints) {
      throw new DocumentError('PAGE_TOO_LARGE', `page ${i + 1} is ${Math.round(side / 72)} inches, at most ${Math.round(limits.maxPageSidePoints / 72)}`);
    }
  }
}

/**
 * Draws one page straight onto a white A4 raster at 150 DPI (aspect kept, centred): mupdf renders at
 * the final scale into the final canvas, so no intermediate image is made or resampled.
 * `emptyStore: false` keeps mupdf's store (fonts, glyphs) for the next page: only for a file without
 * images (see OpenedPdf), and the caller empties it once the file is done. `into`, a raster the caller
 * no longer reads, receives the pixels instead of a new one when its size fits.
 */
export function renderPdfPage(
  doc: mupdf.PDFDocument,
  index: number,
  target = A4_150,
  { emptyStore = true, into }: { emptyStore?: boolean; into?: Uint8Array } = {},
): RasterPage {
  const page = doc.loadPage(index);
  const pixmap = new mupdf.Pixmap(mupdf.ColorSpace.DeviceRGB, [0, 0, target.width, target.height], false);
  try {
    pixmap.clear(255);
    const [x0, y0, x1, y1] = page.getBounds();
    const fit = fitCentred(x1 - x0, y1 - y0, target);
    const ctm = mupdf.Matrix.concat(
      mupdf.Matrix.concat(mupdf.Matrix.translate(-x0, -y0), mupdf.Matrix.scale(fit.scale, fit.scale)),
      mupdf.Matrix.translate(fit.left, fit.top),
    );
    const device = new mupdf.DrawDevice(mupdf.Matrix.identity, pixmap);
    try {
      page.run(device, ctm);
      device.close();
    } finally {
      device.destroy();
    }
    const pixels = pixmap.getPixels();
    // Viewed as a Uint8Array, so set() copies bytes in one block (from a Uint8ClampedArray it converts each).
    const bytes = new Uint8Array(pixels.buffer, pixels.byteOffset, pixels.byteLength);
    let data: Uint8Array;
    if (into?.length === bytes.length) {
      into.set(bytes);
      data = into;
    } else data = bytes.slice();
    return { width: target.width, height: target.height, data };
  } catch (error) {
    if (error instanceof DocumentError) throw error;
    throw new DocumentError('CORRUPT_FILE', `page ${index + 1} cannot be drawn`);
  } finally {
    pixmap.destroy();
    page.destroy();
    // mupdf caches decoded images in its store (256 MB by default): a 50-page scan would keep every
    // page's pixels. Pages do not share much, so the store is emptied after each one, unless the file
    // has no image: then it holds fonts, which every page of a text PDF reuses (emptying them costs
    // about 3.5 ms of a text page's 7 ms of drawing).
    if (emptyStore) mupdf.emptyStore();
  }
}

/** Drops what mupdf keeps between pages (after a file drawn with `emptyStore: false`). */
export function emptyStore(): void {
  mupdf.emptyStore();
}
