/**
 * Synthetic documents for the tests, the bench and the hostile corpus, made locally from nothing
 * (no download): text PDFs, scanned-style PDFs, images with a QR code, EXIF-rotated photos.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import * as mupdf from 'mupdf';
import sharp from 'sharp';
import { prepareZXingModule, writeBarcode } from 'zxing-wasm/full';

let zxingReady: Promise<unknown> | null = null;
/** zxing-wasm's reader and writer, from the package's own WebAssembly file (it would fetch it from a CDN). */
export function zxingFull(): Promise<unknown> {
  zxingReady ??= (async () => {
    const wasm = fs.readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/full/zxing_full.wasm'));
    const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  })();
  return zxingReady;
}

const WORDS = 'bail loyer charges locataire garant revenus mensuels employeur contrat adresse montant periode quittance avis impot'.split(' ');

function pseudoRandom(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

function pdfString(text: string): string {
  return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
}

/** A text PDF of `pages` A4 pages, each with a title and ~50 lines of words (a payslip-like density). */
export function textPdf(pages: number, options: { lines?: number; seed?: number; width?: number; height?: number } = {}): Uint8Array {
  const doc = new mupdf.PDFDocument();
  const font = doc.addSimpleFont(new mupdf.Font('Helvetica'), 'Latin');
  const random = pseudoRandom(options.seed ?? 1);
  const width = options.width ?? 595;
  const height = options.height ?? 842;
  for (let p = 0; p < pages; p++) {
    let content = `BT /F1 18 Tf 56 ${height - 70} Td ${pdfString(`Bulletin de salaire page ${p + 1}`)} Tj ET\n`;
    for (let l = 0; l < (options.lines ?? 50); l++) {
      const line = Array.from({ length: 9 }, () => WORDS[Math.floor(random() * WORDS.length)]).join(' ') + ` ${Math.floor(random() * 10000)} EUR`;
      content += `BT /F1 10 Tf 56 ${height - 110 - l * 14} Td ${pdfString(line)} Tj ET\n`;
    }
    content += `0.2 0.2 0.6 rg 56 60 ${width - 112} 2 re f\n`;
    const resources = doc.addObject({ Font: { F1: font } });
    doc.insertPage(-1, doc.addPage([0, 0, width, height], 0, resources, content));
  }
  return new Uint8Array(doc.saveToBuffer('compress').asUint8Array());
}

/** A photo-like JPEG (noise over a gradient), so it compresses like a scan does. */
export async function scanJpeg(width: number, height: number, seed = 1, quality = 80): Promise<Uint8Array> {
  const random = pseudoRandom(seed);
  const data = Buffer.alloc(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const base = 200 + ((x + y) % 40) - 20;
      const v = base - ((x * 7 + y * 13) % 97 < 6 ? 150 : 0) + Math.floor(random() * 40) - 20;
      const p = (y * width + x) * 3;
      data[p] = data[p + 1] = Math.max(0, Math.min(255, v));
      data[p + 2] = Math.max(0, Math.min(255, v - 10));
    }
  }
  return new Uint8Array(await sharp(data, { raw: { width, height, channels: 3 } }).jpeg({ quality }).toBuffer());
}

/** A PDF of full-page scanned images: `pages` pages of about `bytesPerPage` each. */
export async function scannedPdf(pages: number, options: { quality?: number; distinct?: number } = {}): Promise<Uint8Array> {
  const doc = new mupdf.PDFDocument();
  const distinct = options.distinct ?? Math.min(pages, 5);
  const images = [];
  for (let i = 0; i < distinct; i++) {
    images.push(doc.addImage(new mupdf.Image(await scanJpeg(1240, 1754, i + 1, options.quality ?? 80))));
  }
  for (let p = 0; p < pages; p++) {
    const resources = doc.addObject({ XObject: { Im0: images[p % distinct] } });
    doc.insertPage(-1, doc.addPage([0, 0, 595, 842], 0, resources, 'q 595 0 0 842 0 0 cm /Im0 Do Q'));
  }
  return new Uint8Array(doc.saveToBuffer('').asUint8Array());
}

/** A QR code (or a DataMatrix, the 2D-Doc symbology) as a PNG, `scale` pixels per module, with its quiet zone. */
export async function qrPng(text: string, scale = 6, format: 'QRCode' | 'DataMatrix' = 'QRCode'): Promise<Uint8Array> {
  await zxingFull();
  const written = await writeBarcode(text, { format, scale, ...(format === 'QRCode' ? { ecLevel: 'M' } : { forceSquareDataMatrix: true }) });
  if (!written.image) throw new Error(written.error || 'QR code not written');
  return new Uint8Array(await written.image.arrayBuffer());
}

/** A PNG page: text-like rows and a QR code at (left, top). */
export async function pageWithQr(text: string, at = { left: 800, top: 1300 }): Promise<Uint8Array> {
  const qr = await qrPng(text);
  const lines = Array.from({ length: 30 }, (_, i) => ({
    input: { create: { width: 700 + (i % 3) * 60, height: 12, channels: 3 as const, background: { r: 40, g: 40, b: 40 } } },
    left: 100,
    top: 150 + i * 32,
  }));
  return new Uint8Array(
    await sharp({ create: { width: 1240, height: 1754, channels: 3, background: '#ffffff' } })
      .composite([...lines, { input: Buffer.from(qr), left: at.left, top: at.top }])
      .png()
      .toBuffer(),
  );
}

/** A one-page PDF with nothing on it: what the watermark alone looks like. */
export function blankPdf(width = 595, height = 842): Uint8Array {
  const doc = new mupdf.PDFDocument();
  doc.insertPage(-1, doc.addPage([0, 0, width, height], 0, doc.addObject({}), ''));
  return new Uint8Array(doc.saveToBuffer('').asUint8Array());
}

/**
 * A landscape JPEG (800 × 400, red left half, blue right half) tagged EXIF orientation 6: a viewer
 * turns it a quarter clockwise, so the page must show it portrait with red on top.
 */
export async function exifRotatedJpeg(): Promise<Uint8Array> {
  return new Uint8Array(
    await sharp({ create: { width: 800, height: 400, channels: 3, background: { r: 0, g: 0, b: 255 } } })
      .composite([{ input: { create: { width: 400, height: 400, channels: 3, background: { r: 255, g: 0, b: 0 } } }, left: 0, top: 0 }])
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer(),
  );
}
