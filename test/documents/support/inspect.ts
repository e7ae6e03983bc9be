import * as mupdf from 'mupdf';
import sharp from 'sharp';
import { readBarcodes } from 'zxing-wasm/full';
import { joinChunks, type RasterPage } from '../../../src/documents/index.ts';
import { zxingFull } from '../../../scripts/documents/synthetic.ts';

/** Opens a produced PDF (its chunks, or one buffer). */
export function openOutput(pdf: Uint8Array | Uint8Array[]): mupdf.PDFDocument {
  return new mupdf.PDFDocument(Array.isArray(pdf) ? joinChunks(pdf) : pdf);
}

/** The page's size in points. */
export function pageSize(doc: mupdf.PDFDocument, index: number): { width: number; height: number } {
  const [x0, y0, x1, y1] = doc.loadPage(index).getBounds();
  return { width: x1 - x0, height: y1 - y0 };
}

/** All text mupdf can extract from the document. */
export function extractText(doc: mupdf.PDFDocument): string {
  let text = '';
  for (let i = 0; i < doc.countPages(); i++) text += doc.loadPage(i).toStructuredText('preserve-whitespace').asText();
  return text;
}

/** The page's embedded JPEG, decoded to RGB. */
export async function pagePixels(doc: mupdf.PDFDocument, index: number): Promise<RasterPage> {
  const image = doc.loadPage(index).getObject().get('Resources').get('XObject').get('Im0');
  const jpeg = image.readRawStream().asUint8Array();
  const { data, info } = await sharp(jpeg).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data) };
}

export function luminance(page: RasterPage, i: number): number {
  return (page.data[i * 3]! * 299 + page.data[i * 3 + 1]! * 587 + page.data[i * 3 + 2]! * 114) / 1000;
}

/** Mean luminance, and the share of pixels darker than `dark`. */
export function pixelStats(page: RasterPage, dark = 200): { mean: number; darkShare: number } {
  const n = page.width * page.height;
  let sum = 0;
  let darkCount = 0;
  for (let i = 0; i < n; i++) {
    const l = luminance(page, i);
    sum += l;
    if (l < dark) darkCount++;
  }
  return { mean: sum / n, darkShare: darkCount / n };
}

export async function decodeQr(page: RasterPage): Promise<string[]> {
  await zxingFull();
  const rgba = new Uint8ClampedArray(page.width * page.height * 4);
  for (let i = 0, p = 0; p < page.data.length; i += 4, p += 3) {
    rgba[i] = page.data[p]!;
    rgba[i + 1] = page.data[p + 1]!;
    rgba[i + 2] = page.data[p + 2]!;
    rgba[i + 3] = 255;
  }
  const found = await readBarcodes({ data: rgba, width: page.width, height: page.height, colorSpace: 'srgb' }, { formats: ['QRCode'], tryHarder: true });
  return found.filter((c) => c.isValid).map((c) => c.text);
}

export function pixel(page: RasterPage, x: number, y: number): [number, number, number] {
  const p = (y * page.width + x) * 3;
  return [page.data[p]!, page.data[p + 1]!, page.data[p + 2]!];
}
