import fs from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import type { RasterPage } from './a4.ts';
import type { Box } from './crop-margins.ts';

/** Space left clear around a code, as DossierFacile does (§10.1), so the quiet zone survives too. */
export const CODE_MARGIN = 20;

const OPTIONS: ReaderOptions = {
  formats: ['QRCode', 'MicroQRCode', 'DataMatrix'],
  // QR and DataMatrix detectors find codes at any angle; rotating and inverting the page only
  // serves other symbologies and triples the work.
  tryHarder: false,
  tryRotate: false,
  tryInvert: false,
  tryDownscale: false,
  maxNumberOfSymbols: 16,
};

let ready: Promise<unknown> | null = null;
function zxing(): Promise<unknown> {
  // The WebAssembly binary is read from the package; by default zxing-wasm would fetch it from a CDN.
  ready ??= (async () => {
    const wasm = fs.readFileSync(createRequire(import.meta.url).resolve('zxing-wasm/reader/zxing_reader.wasm'));
    const wasmBinary = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
    return prepareZXingModule({ overrides: { wasmBinary }, fireImmediately: true });
  })();
  return ready;
}

// One buffer per thread is reused, so pages do not churn megabytes each.
let scratch = new Uint8Array(0);

/**
 * The page as a binary PGM (grey, 1 byte per pixel). zxing-wasm's pixel input wants RGBA and then
 * converts it to grey in JavaScript; an encoded PGM goes through its image decoder as a plain copy,
 * so one pass here replaces two passes over a 4-byte-per-pixel copy (≈ 3× faster overall).
 */
export function toPgm(page: RasterPage): Uint8Array {
  const { width, height, data } = page;
  const header = new TextEncoder().encode(`P5\n${width} ${height}\n255\n`);
  const length = header.length + width * height;
  if (scratch.length !== length) scratch = new Uint8Array(length);
  // A local and a constant bound: the loop then runs ~16 % faster than on the module binding (about
  // 1.3 ms of a page's 8 ms, bench of one A4 page at 150 DPI), with the same bytes.
  const out = scratch;
  out.set(header);
  const end = width * height * 3;
  // zxing-cpp's own RGB-to-luminance weights.
  for (let o = header.length, p = 0; p < end; o++, p += 3) out[o] = (306 * data[p]! + 601 * data[p + 1]! + 117 * data[p + 2]! + 512) >> 10;
  return out;
}

/** The boxes (with the clear margin, clamped to the page) of every QR code and 2D-Doc found. */
export async function detectCodes(page: RasterPage, margin = CODE_MARGIN): Promise<Box[]> {
  await zxing();
  const { width, height } = page;
  const found = await readBarcodes(toPgm(page), OPTIONS);
  return found.filter((code) => code.isValid).map((code) => {
    const { topLeft, topRight, bottomRight, bottomLeft } = code.position;
    const xs = [topLeft.x, topRight.x, bottomRight.x, bottomLeft.x];
    const ys = [topLeft.y, topRight.y, bottomRight.y, bottomLeft.y];
    const left = Math.max(0, Math.floor(Math.min(...xs)) - margin);
    const top = Math.max(0, Math.floor(Math.min(...ys)) - margin);
    const right = Math.min(width, Math.ceil(Math.max(...xs)) + margin + 1);
    const bottom = Math.min(height, Math.ceil(Math.max(...ys)) + margin + 1);
    return { left, top, width: right - left, height: bottom - top };
  });
}
