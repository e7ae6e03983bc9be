import { describe, expect, it, vi } from 'vitest';
import { processDocument } from '../../src/documents/index.ts';
import { DEFAULT_LIMITS } from '../../src/documents/limits.ts';
import { openPdf, renderPdfPage } from '../../src/documents/render-pdf.ts';
import type { RasterPage } from '../../src/documents/a4.ts';
import { textPdf } from '../../scripts/documents/synthetic.ts';
import { openOutput, pagePixels } from './support/inspect.ts';

// The JPEG encoder reads its raster only after a delay, as a busy libvips thread would: a raster
// drawn over before its encode is finished would then show in the output as another page.
vi.mock('../../src/documents/encode.ts', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../src/documents/encode.ts')>();
  return {
    ...actual,
    encodePageJpeg: async (page: RasterPage) => {
      await new Promise((resolve) => setTimeout(resolve, 40));
      return actual.encodePageJpeg(page);
    },
  };
});

describe('processDocument reuses page rasters', () => {
  it('only once their JPEG is written: every output page shows its own source page', async () => {
    const source = textPdf(5, { seed: 3 });
    const out = await processDocument({ files: [source], title: 't', seed: 1, keepCodesClear: false });
    const { doc } = openPdf(source, DEFAULT_LIMITS);
    const drawn = [0, 1, 2, 3, 4].map((i) => renderPdfPage(doc, i).data);
    doc.destroy();
    const output = openOutput(out.pdf);
    // Summed difference over the text block, where the pages differ; the watermark is the same on every page.
    const distance = (a: Uint8Array, b: Uint8Array) => {
      let sum = 0;
      for (let p = 200 * 1240 * 3; p < 1500 * 1240 * 3; p += 7) sum += Math.abs(a[p]! - b[p]!);
      return sum;
    };
    for (let i = 0; i < 5; i++) {
      const page = (await pagePixels(output, i)).data;
      const own = distance(page, drawn[i]!);
      for (let j = 0; j < 5; j++) if (j !== i) expect(own).toBeLessThan(distance(page, drawn[j]!) * 0.8);
    }
  });
});
