import * as mupdf from 'mupdf';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { processDocument } from '../../src/documents/index.ts';
import { openOutput, pagePixels } from './support/inspect.ts';
import type { RasterPage } from '../../src/documents/index.ts';

// mupdf's colour management is off (render-pdf.ts: disableICC): CMYK fills in a PDF take mupdf's
// plain formulas. Sharp decodes CMYK JPEGs with its own profiles. Either way a cyan must come out
// cyan, not inverted or grey, under the watermark's light haze.

const QUADRANTS = [
  { name: 'cyan', cmyk: [1, 0, 0, 0] },
  { name: 'magenta', cmyk: [0, 1, 0, 0] },
  { name: 'yellow', cmyk: [0, 0, 1, 0] },
  { name: 'black', cmyk: [0, 0, 0, 1] },
] as const;
/** DeviceCMYK's plain conversion (PDF 32000-1 §10.3.5), what mupdf draws without colour management. */
const plainRgb = ([c, m, y, k]: readonly number[]) => [c!, m!, y!].map((v) => Math.round(255 * (1 - Math.min(1, v + k!)))) as [number, number, number];
/** The watermark's haze lightens a colour by up to this much per channel where no text falls. */
const HAZE = 20;

/** An A4 page cut in four quadrants, filled in DeviceCMYK with the four process colours (top-left, top-right, bottom-left, bottom-right). */
function cmykPdf(): Uint8Array {
  const doc = new mupdf.PDFDocument();
  const [w, h] = [595, 842];
  const origins = [
    [0, h / 2],
    [w / 2, h / 2],
    [0, 0],
    [w / 2, 0],
  ];
  const content = QUADRANTS.map((q, i) => `${q.cmyk.join(' ')} k ${origins[i]![0]} ${origins[i]![1]} ${w / 2} ${h / 2} re f`).join('\n');
  doc.insertPage(-1, doc.addPage([0, 0, w, h], 0, doc.addObject({}), content));
  return new Uint8Array(doc.saveToBuffer('').asUint8Array());
}

/** The same four quadrants as a CMYK JPEG (an Adobe-style scan), with the colours sharp reads back from it in sRGB. */
async function cmykJpeg(): Promise<{ file: Uint8Array; colours: [number, number, number][] }> {
  const [w, h] = [620, 876];
  const rgb = Buffer.alloc(w * h * 3);
  const colours = [
    [0, 255, 255],
    [255, 0, 255],
    [255, 255, 0],
    [0, 0, 0],
  ];
  for (let y = 0; y < h; y++)
    for (let x = 0; x < w; x++) {
      const c = colours[(y < h / 2 ? 0 : 2) + (x < w / 2 ? 0 : 1)]!;
      rgb.set(c, (y * w + x) * 3);
    }
  const jpeg = await sharp(rgb, { raw: { width: w, height: h, channels: 3 } }).toColourspace('cmyk').jpeg({ quality: 95 }).toBuffer();
  expect((await sharp(jpeg).metadata()).space).toBe('cmyk');
  const srgb = await sharp(jpeg).toColourspace('srgb').raw().toBuffer();
  const at = (x: number, y: number) => [...srgb.subarray((y * w + x) * 3, (y * w + x) * 3 + 3)] as [number, number, number];
  return { file: new Uint8Array(jpeg), colours: [at(w / 4, h / 4), at((3 * w) / 4, h / 4), at(w / 4, (3 * h) / 4), at((3 * w) / 4, (3 * h) / 4)] };
}

/** Median of each channel over the middle third of a quadrant. */
function quadrantColour(page: RasterPage, index: number): [number, number, number] {
  const qx = (index % 2) * (page.width / 2);
  const qy = Math.floor(index / 2) * (page.height / 2);
  const channels: number[][] = [[], [], []];
  for (let y = Math.floor(qy + page.height / 6); y < qy + page.height / 3; y += 3)
    for (let x = Math.floor(qx + page.width / 6); x < qx + page.width / 3; x += 3)
      for (let c = 0; c < 3; c++) channels[c]!.push(page.data[(y * page.width + x) * 3 + c]!);
  return channels.map((v) => v.sort((a, b) => a - b)[v.length >> 1]!) as [number, number, number];
}

describe('CMYK inputs keep their colours', () => {
  it.each([
    ['a PDF filled in DeviceCMYK (mupdf, colour management off)', async () => ({ file: cmykPdf(), colours: QUADRANTS.map((q) => plainRgb(q.cmyk)) })],
    ['a CMYK JPEG (sharp, as sharp itself reads it in sRGB)', cmykJpeg],
  ])('%s', async (_name, make) => {
    const { file, colours } = await make();
    const out = await processDocument({ files: [file], title: 't', seed: 3 });
    const page = await pagePixels(openOutput(out.pdf), 0);
    for (const [i, q] of QUADRANTS.entries()) {
      const seen = quadrantColour(page, i);
      const off = seen.map((v, c) => v - colours[i]![c]!);
      // Never darker or of another hue than the input; at most the haze lighter.
      expect(off.every((d) => d >= -15 && d <= HAZE), `${q.name}: ${seen.join(',')} for ${colours[i]!.join(',')}`).toBe(true);
    }
  });
});
