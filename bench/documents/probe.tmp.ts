import sharp from 'sharp';
import { openPdf, renderPdfPage } from '../../src/documents/render-pdf.ts';
import { detectCodes } from '../../src/documents/detect-codes.ts';
import { buildWatermarkLayer, applyWatermark } from '../../src/documents/watermark.ts';
import { encodePageJpeg } from '../../src/documents/encode.ts';
import { seededRandom } from '../../src/documents/random.ts';
import { DEFAULT_LIMITS } from '../../src/documents/limits.ts';
import { decodeImage } from '../../src/documents/decode-image.ts';
import { mixedCorpus } from './corpus.ts';
sharp.concurrency(1); sharp.cache(false);
const corpus = await mixedCorpus();
const layer = await buildWatermarkLayer(1240, 1754, seededRandom(1));
const tot: Record<string, number> = {};
const add = (k: string, v: number) => { tot[k] = (tot[k] ?? 0) + v; };
for (const item of corpus) for (const f of item.files) {
  const isPdf = f[0] === 0x25;
  const doc = isPdf ? openPdf(f, DEFAULT_LIMITS) : null;
  const n = doc ? doc.countPages() : 1;
  for (let i = 0; i < n; i++) {
    let a = performance.now(); const page = doc ? renderPdfPage(doc, i) : await decodeImage(f, DEFAULT_LIMITS); add(isPdf ? (item.name.startsWith('text') ? 'render-text' : 'render-scan') : 'decode-photo', performance.now() - a);
    a = performance.now(); const codes = await detectCodes(page); add('zxing', performance.now() - a);
    a = performance.now(); applyWatermark(page, layer, codes); add('composite', performance.now() - a);
    a = performance.now(); await encodePageJpeg(page); add('jpeg', performance.now() - a);
  }
}
console.log(Object.fromEntries(Object.entries(tot).map(([k, v]) => [k, (v).toFixed(0)])));
