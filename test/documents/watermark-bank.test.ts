import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../src/documents/random.ts';
import { bankedBaseCount, bankedWatermarkLayer, buildWatermarkLayer } from '../../src/documents/watermark.ts';

/** Share of the page the layer covers, and its mean alpha there. */
const coverage = (layer: { alpha: Uint8Array; covered: Uint32Array }) => {
  let sum = 0;
  for (const i of layer.covered) sum += layer.alpha[i]!;
  return { share: layer.covered.length / layer.alpha.length, meanAlpha: sum / layer.covered.length };
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
      expect(layer.covered.every((i) => layer.alpha[i]! > 0)).toBe(true);
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
