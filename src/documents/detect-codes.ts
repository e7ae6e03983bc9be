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

// zxing-wasm reads RGBA only; one buffer per thread is reused so pages do not churn 8 MB each.
let scratch: Uint8ClampedArray<ArrayBuffer> = new Uint8ClampedArray(0);
function rgbaBuffer(length: number): Uint8ClampedArray<ArrayBuffer> {
  if (scratch.length !== length) scratch = new Uint8ClampedArray(length);
  return scratch;
}

/** The boxes (with the clear margin, clamped to the page) of every QR code and 2D-Doc found. */
export async function detectCodes(page: RasterPage, margin = CODE_MARGIN): Promise<Box[]> {
  await zxing();
  const { width, height, data } = page;
  const rgba = rgbaBuffer(width * height * 4);
  for (let i = 0, p = 0; p < data.length; i += 4, p += 3) {
    rgba[i] = data[p]!;
    rgba[i + 1] = data[p + 1]!;
    rgba[i + 2] = data[p + 2]!;
  }
  const found = await readBarcodes({ data: rgba, width, height, colorSpace: 'srgb' }, OPTIONS);
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
