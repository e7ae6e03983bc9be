/**
 * The naive chain the issue measured (~1.8 A4 pages/s): each page rendered to a PNG, the watermark
 * an SVG overlay rasterised again for every page, composited, then JPEG-encoded; the same PDF writer
 * at the end. The baseline for bench/processing.
 */
import * as mupdf from 'mupdf';
import sharp from 'sharp';
import { assemblePdf, WATERMARK_TEXT, type JpegPage } from '../../src/documents/index.ts';

const W = 1240;
const H = 1754;

function watermarkSvg(): string {
  const lines = Array.from({ length: 10 }, (_, i) => {
    const y = -400 + i * 260 + Math.random() * 60;
    return `<text x="-600" y="${y}" font-family="DejaVu Sans" font-size="28" fill="#404040" fill-opacity="${0.52 + Math.random() * 0.08}">${`  ${WATERMARK_TEXT}     `.repeat(4)}</text>`;
  }).join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><g transform="rotate(-25 ${W / 2} ${H / 2})">${lines}</g></svg>`;
}

async function pagePng(bytes: Uint8Array, type: 'pdf' | 'image'): Promise<Buffer[]> {
  if (type === 'image') return [await sharp(bytes).rotate().resize(W, H, { fit: 'contain', background: '#ffffff' }).flatten({ background: '#ffffff' }).png().toBuffer()];
  const doc = new mupdf.PDFDocument(bytes);
  const out: Buffer[] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const page = doc.loadPage(i);
    const [x0, y0, x1, y1] = page.getBounds();
    const scale = Math.min(W / (x1 - x0), H / (y1 - y0));
    const png = page.toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, false, true).asPNG();
    out.push(await sharp(png).resize(W, H, { fit: 'contain', background: '#ffffff' }).png().toBuffer());
    page.destroy();
  }
  doc.destroy();
  return out;
}

export async function naiveDocument(files: Uint8Array[]): Promise<Uint8Array> {
  const pages: JpegPage[] = [];
  for (const bytes of files) {
    const isPdf = bytes[0] === 0x25;
    for (const png of await pagePng(bytes, isPdf ? 'pdf' : 'image')) {
      const overlay = await sharp(Buffer.from(watermarkSvg())).png().toBuffer();
      const jpeg = await sharp(png).composite([{ input: overlay }]).jpeg({ quality: 90 }).toBuffer();
      pages.push({ jpeg, width: W, height: H });
    }
  }
  return assemblePdf(pages, { title: 'naive' });
}
