import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/documents/random.ts';
import { applyWatermark, bankedBaseCount, bankedWatermarkLayer, buildWatermarkLayer, WATERMARK_GREY } from '../../src/documents/watermark.ts';

/** Share of the page the layer covers, and its mean alpha there. */
const coverage = (layer: { alpha: Uint8Array; runs: Uint32Array }) => {
  let sum = 0;
  let count = 0;
  for (let r = 0; r < layer.runs.length; r += 2) {
    for (let i = layer.runs[r]!; i < layer.runs[r + 1]!; i++, count++) sum += layer.alpha[i]!;
  }
  return { share: count / layer.alpha.length, meanAlpha: sum / count };
};

/** Whether the runs hold exactly the pixels of non-zero alpha, in order. */
const runsMatchAlpha = (layer: { alpha: Uint8Array; runs: Uint32Array }) => {
  const inRun = new Uint8Array(layer.alpha.length);
  for (let r = 0; r < layer.runs.length; r += 2) {
    if (r > 0 && layer.runs[r]! <= layer.runs[r - 1]!) return false;
    if (layer.runs[r]! >= layer.runs[r + 1]!) return false;
    inRun.fill(1, layer.runs[r]!, layer.runs[r + 1]!);
  }
  return layer.alpha.every((a, i) => (a > 0) === (inRun[i] === 1));
};

describe('watermark bank: drawn bases reused across generations, each generation still its own', () => {
  it('draws three bases per page size, then serves windows of them that all differ, like fresh layers do', async () => {
    const random = seededRandom(42);
    const layers = [];
    for (let i = 0; i < 8; i++) layers.push(await bankedWatermarkLayer(620, 877, random));
    expect(bankedBaseCount()).toBe(3);
    const distinct = new Set(layers.map((l) => Buffer.from(l.alpha.buffer).toString('base64')));
    expect(distinct.size).toBe(8);
    // The band of fresh layers (five seeds), widened by a tenth: banked ones must fall in it.
    const fresh = await Promise.all([1, 2, 3, 4, 5].map(async (seed) => coverage(await buildWatermarkLayer(620, 877, seededRandom(seed)))));
    const band = (key: 'share' | 'meanAlpha') => [Math.min(...fresh.map((f) => f[key])) * 0.9, Math.max(...fresh.map((f) => f[key])) * 1.1] as const;
    for (const layer of layers) {
      const banked = coverage(layer);
      for (const key of ['share', 'meanAlpha'] as const) {
        const [low, high] = band(key);
        expect(banked[key]).toBeGreaterThan(low);
        expect(banked[key]).toBeLessThan(high);
      }
      expect(runsMatchAlpha(layer)).toBe(true);
    }
  });

  it('holds at most six bases, dropping the least recently used page sizes', async () => {
    const random = seededRandom(1);
    for (let size = 0; size < 5; size++) {
      await bankedWatermarkLayer(200 + size, 300, random);
      await bankedWatermarkLayer(200 + size, 300, random);
    }
    expect(bankedBaseCount()).toBe(6);
  });
});

describe('applyWatermark', () => {
  it('blends the grey by each pixel’s alpha, rounded, and leaves the cleared boxes and uncovered pixels as they were', async () => {
    const layer = await buildWatermarkLayer(120, 90, seededRandom(7));
    const data = new Uint8Array(120 * 90 * 3).map((_, i) => (i * 53 + 11) & 255);
    const page = { width: 120, height: 90, data: data.slice() };
    const box = { left: 30, top: 20, width: 40, height: 30 };
    applyWatermark(page, layer, [box]);
    let blended = 0;
    for (let i = 0; i < 120 * 90; i++) {
      const x = i % 120;
      const y = Math.floor(i / 120);
      const inBox = x >= box.left && x < box.left + box.width && y >= box.top && y < box.top + box.height;
      const a = inBox ? 0 : layer.alpha[i]!;
      if (a > 0) blended++;
      for (let c = 0; c < 3; c++) {
        expect(page.data[i * 3 + c]).toBe(Math.round((data[i * 3 + c]! * (255 - a) + WATERMARK_GREY * a) / 255));
      }
    }
    expect(blended).toBeGreaterThan(1000);
  });
});
