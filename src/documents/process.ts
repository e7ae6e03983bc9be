import { A4_150, type RasterPage } from './a4.ts';
import { pdfAsChunks, type JpegPage } from './assemble-pdf.ts';
import { cropMargins } from './crop-margins.ts';
import { decodeHeif } from './decode-heif.ts';
import { decodeImage } from './decode-image.ts';
import { detectCodes } from './detect-codes.ts';
import { encodePageJpeg, encodeThumbnail } from './encode.ts';
import { DocumentError } from './errors.ts';
import { DEFAULT_LIMITS, type DocumentLimits } from './limits.ts';
import { randomSeed, seededRandom } from './random.ts';
import { checkPageSizes, emptyStore, openPdf, renderPdfPage } from './render-pdf.ts';
import { sniff, type SourceType } from './sniff.ts';
import { renderStatementPage } from './statement-page.ts';
import { statementText, type StatementInput } from './statement-text.ts';
import { applyWatermark, bankedWatermarkLayer, buildWatermarkLayer, type WatermarkLayer } from './watermark.ts';

export interface ProcessDocumentInput {
  /** The document's files in order; empty when `statement` is given. */
  files: Uint8Array[];
  /** ID categories (IDENTIFICATION, IDENTIFICATION_LEGAL_PERSON) lose their white margins. */
  cropMargins?: boolean;
  /** The no-document statement (§4.4) drawn as the only page, instead of files. */
  statement?: StatementInput;
  /** PDF title metadata. */
  title: string;
  /** Fixes the watermark's random variation (tests); random otherwise. */
  seed?: number;
  /** Whether to leave QR codes and 2D-Docs unwatermarked (on by default). */
  keepCodesClear?: boolean;
  limits?: DocumentLimits;
}

export interface ProcessedFile {
  type: SourceType;
  pages: number;
  /** 300 px wide JPEG of the file's first page, watermarked like the document. */
  thumbnail: Uint8Array;
}

export interface ProcessDocumentOutput {
  /** The PDF, in order, in chunks (each page's JPEG is one): write them out one after another. */
  pdf: Uint8Array[];
  pdfBytes: number;
  pageCount: number;
  files: ProcessedFile[];
}

interface Source {
  type: SourceType;
  pages: number;
  /** `spare`: a raster no longer read, which the page may be drawn into instead of a new one. */
  render(index: number, spare?: Uint8Array): Promise<RasterPage>;
  close(): void;
}

/** Checks one file (type, size, every limit) without drawing anything yet. */
function openSource(bytes: Uint8Array, limits: DocumentLimits): Source {
  if (bytes.byteLength === 0) throw new DocumentError('EMPTY_FILE');
  if (bytes.byteLength > limits.maxFileBytes) throw new DocumentError('FILE_TOO_LARGE', `${bytes.byteLength} bytes, at most ${limits.maxFileBytes}`);
  const type = sniff(bytes);
  if (!type) throw new DocumentError('UNSUPPORTED_TYPE');
  if (type === 'pdf') {
    const { doc, hasImages } = openPdf(bytes, limits);
    try {
      checkPageSizes(doc, limits);
    } catch (error) {
      doc.destroy();
      throw error;
    }
    return {
      type,
      pages: doc.countPages(),
      // Without image objects, the store (fonts, glyphs) is kept across pages, but emptied every
      // eighth page all the same: inline images escape the object scan, and must not pile up.
      render: async (i, spare) => renderPdfPage(doc, i, A4_150, { emptyStore: hasImages || i % 8 === 7, into: spare }),
      close: () => {
        doc.destroy();
        emptyStore();
      },
    };
  }
  const decode = type === 'heif' ? decodeHeif : decodeImage;
  return { type, pages: 1, render: () => decode(bytes, limits), close: () => {} };
}

/**
 * One document, from its source files to the watermarked, fully rasterised PDF (§10.1) and one
 * thumbnail per file (§10.2). Every file is checked before any page is drawn; pages then flow one at
 * a time (draw → crop → find codes → watermark → JPEG), so memory holds one raster and the JPEGs.
 */
export async function processDocument(input: ProcessDocumentInput): Promise<ProcessDocumentOutput> {
  const limits = input.limits ?? DEFAULT_LIMITS;
  const random = seededRandom(input.seed ?? randomSeed());
  const sources: Source[] = [];
  try {
    if (input.statement) {
      const page = renderStatementPage(statementText(input.statement));
      sources.push({ type: 'pdf', pages: 1, render: async () => page, close: () => {} });
    } else {
      if (input.files.length === 0) throw new DocumentError('EMPTY_FILE', 'no file');
      for (const bytes of input.files) sources.push(openSource(bytes, limits));
    }
    const layers = new Map<string, WatermarkLayer>();
    const pages: JpegPage[] = [];
    const files: ProcessedFile[] = [];
    let pending: Promise<void> | null = null;
    // A PDF page is drawn into the raster of a page whose JPEG is written: a new 6.5 MB one per page
    // costs fresh memory from the system and V8 full collections (external memory pressure).
    let encoding: Uint8Array | undefined;
    let spare: Uint8Array | undefined;
    for (const source of sources) {
      let thumbnail: Promise<Uint8Array> | null = null;
      for (let i = 0; i < source.pages; i++) {
        let page = await source.render(i, spare);
        spare = undefined;
        if (input.cropMargins) page = await cropMargins(page);
        const codes = input.keepCodesClear === false ? [] : await detectCodes(page);
        const key = `${page.width}x${page.height}`;
        let layer = layers.get(key);
        // A seeded generation (tests) draws its own base, so it repeats whatever ran before it.
        const build = input.seed === undefined ? bankedWatermarkLayer : buildWatermarkLayer;
        if (!layer) layers.set(key, (layer = await build(page.width, page.height, random)));
        applyWatermark(page, layer, codes);
        if (i === 0) {
          thumbnail = encodeThumbnail(page);
          thumbnail.catch(() => {}); // awaited below; a failure there must not be unhandled meanwhile
        }
        // The JPEG encoder runs on libvips' thread while the next page is drawn here.
        await pending;
        spare = encoding;
        // A file's first page is not reused: its thumbnail may still be reading it.
        encoding = i === 0 ? undefined : page.data;
        const slot = pages.push({ jpeg: new Uint8Array(), width: page.width, height: page.height }) - 1;
        const done = page;
        pending = encodePageJpeg(done).then((jpeg) => {
          pages[slot] = { jpeg, width: done.width, height: done.height };
        });
        pending.catch(() => {}); // awaited before the next encode or at the end
      }
      files.push({ type: source.type, pages: source.pages, thumbnail: await thumbnail! });
    }
    await pending;
    const pdf = pdfAsChunks(pages, { title: input.title, producer: 'Foyer' });
    return { pdf, pdfBytes: pdf.reduce((sum, chunk) => sum + chunk.byteLength, 0), pageCount: pages.length, files };
  } finally {
    for (const source of sources) source.close();
  }
}

