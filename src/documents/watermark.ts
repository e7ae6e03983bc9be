import * as mupdf from 'mupdf';
import sharp from 'sharp';
import type { RasterPage } from './a4.ts';
import type { Box } from './crop-margins.ts';
import type { Random } from './random.ts';

export { WATERMARK_TEXT } from './watermark-text.ts';
import { WATERMARK_TEXT } from './watermark-text.ts';

/** Dark grey, as DossierFacile draws it (§10.1). */
export const WATERMARK_GREY = 64;

/**
 * The watermark of one page size: per pixel, how much of the grey covers it (0–255, opacity
 * included). Built once per generation and page size, then composited on every page.
 */
export interface WatermarkLayer {
  width: number;
  height: number;
  alpha: Uint8Array;
  /**
   * The pixels the layer covers at all (about a fifth of the page), the only ones blended, as runs
   * along the rows: pairs of [start, end) pixel indices (about 15 000 runs at A4 150 DPI).
   */
  runs: Uint32Array;
  opacity: number;
}

/** What varies between generations (§10.1): opacity 0.52–0.60, line spacing, phase, haze blur. */
export function watermarkParameters(random: Random, width: number) {
  const lines = 10;
  return {
    opacity: 0.52 + random() * 0.08,
    fontSize: (28 * width) / 1240,
    angle: -25,
    spacings: Array.from({ length: lines }, () => 0.8 + random() * 0.4),
    phases: Array.from({ length: lines }, () => random()),
    blurRadius: 45 + random() * 20,
  };
}

/** Text coverage (0–255) of the repeated diagonal lines, drawn by mupdf with its built-in Helvetica. */
function drawTextCoverage(width: number, height: number, params: ReturnType<typeof watermarkParameters>): Uint8Array {
  const pixmap = new mupdf.Pixmap(mupdf.ColorSpace.DeviceGray, [0, 0, width, height], false);
  const font = new mupdf.Font('Helvetica');
  const text = new mupdf.Text();
  const device = new mupdf.DrawDevice(mupdf.Matrix.identity, pixmap);
  try {
    pixmap.clear(0);
    const diagonal = Math.hypot(width, height);
    const chunk = `  ${WATERMARK_TEXT}     `;
    const size = params.fontSize;
    const chunkWidth = [...chunk].reduce((sum, ch) => sum + font.advanceGlyph(font.encodeCharacter(ch)) * size, 0);
    const repeats = Math.ceil(diagonal / chunkWidth) + 2;
    const total = params.spacings.reduce((a, b) => a + b, 0);
    let v = -diagonal / 2;
    params.spacings.forEach((spacing, line) => {
      v += (spacing / total) * diagonal;
      const u = -diagonal / 2 - (params.phases[line] ?? 0) * chunkWidth;
      text.showString(font, [size, 0, 0, -size, u, v - (spacing / total) * diagonal * 0.5], chunk.repeat(repeats));
    });
    const ctm = mupdf.Matrix.concat(mupdf.Matrix.rotate(params.angle), mupdf.Matrix.translate(width / 2, height / 2));
    device.fillText(text, ctm, mupdf.ColorSpace.DeviceGray, [1], 1);
    device.close();
    return new Uint8Array(pixmap.getPixels());
  } finally {
    device.destroy();
    text.destroy();
    font.destroy();
    pixmap.destroy();
  }
}

/** The base is drawn this much larger on every side; each generation takes a window at a random offset. */
const MARGIN = 64;
/** Strengths (text coverage plus half the haze, up to 382) are stored scaled by this into one byte. */
const STRENGTH_SCALE = 255 / 382;

/**
 * What costs in a watermark (drawing the text, blurring the haze), drawn a margin larger than the
 * page: the per-generation layer is a window of it at a random offset and opacity.
 */
export interface WatermarkBase {
  width: number;
  height: number;
  /** (width + 2·MARGIN) × (height + 2·MARGIN) strengths, scaled by STRENGTH_SCALE. */
  strength: Uint8Array;
}

/**
 * The text plus a wide, faint blurred copy of it (§10.1), which makes the watermark harder to erase.
 * The blur runs on a quarter-size copy: same look, a sixteenth of the work.
 */
export async function buildWatermarkBase(width: number, height: number, random: Random): Promise<WatermarkBase> {
  const full = { width: width + 2 * MARGIN, height: height + 2 * MARGIN };
  const params = watermarkParameters(random, width);
  const coverage = drawTextCoverage(full.width, full.height, params);
  const small = { width: Math.max(1, Math.round(full.width / 4)), height: Math.max(1, Math.round(full.height / 4)) };
  const haze = await sharp(coverage, { raw: { width: full.width, height: full.height, channels: 1 } })
    .resize(small.width, small.height, { kernel: 'linear' })
    .blur(Math.max(0.3, params.blurRadius / 8))
    .resize(full.width, full.height, { kernel: 'linear' })
    .raw()
    .toBuffer();
  const strength = new Uint8Array(coverage.length);
  for (let i = 0; i < strength.length; i++) strength[i] = Math.round((coverage[i]! + haze[i]! * 0.5) * STRENGTH_SCALE);
  return { width, height, strength };
}

/** One generation's layer: a window of the base at a random offset, at a random opacity (0.52–0.60). */
export function layerFromBase(base: WatermarkBase, random: Random): WatermarkLayer {
  const { width, height, strength } = base;
  const opacity = 0.52 + random() * 0.08;
  const dx = Math.floor(random() * (2 * MARGIN + 1));
  const dy = Math.floor(random() * (2 * MARGIN + 1));
  const stride = width + 2 * MARGIN;
  const factor = opacity / STRENGTH_SCALE;
  const alpha = new Uint8Array(width * height);
  const runs: number[] = [];
  let open = false;
  for (let y = 0, i = 0; y < height; y++) {
    for (let x = 0, s = (y + dy) * stride + dx; x < width; x++, i++, s++) {
      const value = strength[s]! * factor;
      const a = value > 255 ? 255 : value;
      alpha[i] = a;
      // Runs may continue from one row's end to the next row's start: the indices are contiguous.
      if ((alpha[i] !== 0) !== open) {
        runs.push(i);
        open = !open;
      }
    }
  }
  if (open) runs.push(alpha.length);
  return { width, height, alpha, runs: Uint32Array.from(runs), opacity };
}

/** A fresh layer: a new base and a window of it (deterministic for a seeded `random`). */
export async function buildWatermarkLayer(width: number, height: number, random: Random): Promise<WatermarkLayer> {
  return layerFromBase(await buildWatermarkBase(width, height, random), random);
}

/** Bases kept per page size, and in all (each is about 2.6 MB at A4 150 DPI). */
const BASES_PER_SIZE = 3;
const BANK_LIMIT = 6;
/** Page size → its bases; the Map's order is the least recently used first. */
const bank = new Map<string, WatermarkBase[]>();

/**
 * A layer from this thread's bank of bases: the first generations of a page size draw new bases,
 * later ones take one of them at random, with their own offset and opacity, so every generation still
 * differs while the drawing and blurring (most of a page's watermark cost) are paid a few times only.
 */
export async function bankedWatermarkLayer(width: number, height: number, random: Random): Promise<WatermarkLayer> {
  const key = `${width}x${height}`;
  const bases = bank.get(key) ?? [];
  bank.delete(key);
  bank.set(key, bases);
  if (bases.length >= BASES_PER_SIZE) return layerFromBase(bases[Math.floor(random() * bases.length)]!, random);
  const base = await buildWatermarkBase(width, height, random);
  bases.push(base);
  let total = 0;
  for (const list of bank.values()) total += list.length;
  for (const [oldest, list] of bank) {
    if (total <= BANK_LIMIT || oldest === key) break;
    bank.delete(oldest);
    total -= list.length;
  }
  return layerFromBase(base, random);
}

/** How many bases the bank holds (tests). */
export function bankedBaseCount(): number {
  let total = 0;
  for (const list of bank.values()) total += list.length;
  return total;
}

/** Blends the grey into the page where the layer covers it, in place, leaving `keepClear` boxes untouched. */
export function applyWatermark(page: RasterPage, layer: WatermarkLayer, keepClear: Box[] = []): void {
  if (page.width !== layer.width || page.height !== layer.height) throw new Error('watermark layer size differs from the page');
  let alpha = layer.alpha;
  if (keepClear.length > 0) {
    alpha = alpha.slice();
    for (const box of keepClear) {
      for (let y = box.top; y < box.top + box.height; y++) alpha.fill(0, y * layer.width + box.left, y * layer.width + box.left + box.width);
    }
  }
  const { data } = page;
  const { runs } = layer;
  const grey = WATERMARK_GREY;
  // Along runs, the pixel offset steps by 3 and no index is loaded per pixel: about a third less time
  // than visiting a list of covered pixels. A cleared pixel (alpha 0) comes out unchanged.
  for (let r = 0; r < runs.length; r += 2) {
    const end = runs[r + 1]!;
    for (let i = runs[r]!, p = i * 3; i < end; i++, p += 3) {
      const a = alpha[i]!;
      const keep = 255 - a;
      const add = grey * a + 128;
      // (v + (v >> 8)) >> 8 divides by 255 with rounding in integer arithmetic, for v < 65536.
      let v = data[p]! * keep + add;
      data[p] = (v + (v >> 8)) >> 8;
      v = data[p + 1]! * keep + add;
      data[p + 1] = (v + (v >> 8)) >> 8;
      v = data[p + 2]! * keep + add;
      data[p + 2] = (v + (v >> 8)) >> 8;
    }
  }
}
