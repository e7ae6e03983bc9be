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
  /** The pixels the layer covers at all (about a fifth of the page): the only ones blended. */
  covered: Uint32Array;
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

/**
 * The text at the drawn opacity plus a wide, faint blurred copy of it (§10.1), which makes the
 * watermark harder to erase. The blur runs on a quarter-size copy: same look, a sixteenth of the work.
 */
export async function buildWatermarkLayer(width: number, height: number, random: Random): Promise<WatermarkLayer> {
  const params = watermarkParameters(random, width);
  const coverage = drawTextCoverage(width, height, params);
  const small = { width: Math.max(1, Math.round(width / 4)), height: Math.max(1, Math.round(height / 4)) };
  const haze = await sharp(coverage, { raw: { width, height, channels: 1 } })
    .resize(small.width, small.height, { kernel: 'linear' })
    .blur(Math.max(0.3, params.blurRadius / 8))
    .resize(width, height, { kernel: 'linear' })
    .raw()
    .toBuffer();
  const alpha = new Uint8Array(width * height);
  const hazeWeight = 0.5;
  let count = 0;
  for (let i = 0; i < alpha.length; i++) {
    const value = coverage[i]! * params.opacity + haze[i]! * hazeWeight * params.opacity;
    alpha[i] = value > 255 ? 255 : value;
    if (alpha[i]) count++;
  }
  const covered = new Uint32Array(count);
  for (let i = 0, k = 0; i < alpha.length; i++) if (alpha[i]) covered[k++] = i;
  return { width, height, alpha, covered, opacity: params.opacity };
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
  const { covered } = layer;
  const grey = WATERMARK_GREY;
  for (let k = 0; k < covered.length; k++) {
    const i = covered[k]!;
    const a = alpha[i]!;
    if (a === 0) continue;
    const p = i * 3;
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
