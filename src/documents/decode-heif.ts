import sharp from 'sharp';
import { A4_150, type RasterPage } from './a4.ts';
import { fitImageToA4 } from './decode-image.ts';
import { DocumentError } from './errors.ts';
import type { DocumentLimits } from './limits.ts';

type DecodeAll = typeof import('heic-decode').default.all;
type HeifImages = Awaited<ReturnType<DecodeAll>>;

let decodeAll: Promise<DecodeAll> | null = null;
function heifDecoder(): Promise<DecodeAll> {
  // heic-decode ships libheif as WebAssembly inside the package (sharp's prebuilt libvips has no HEVC).
  decodeAll ??= import('heic-decode').then((m) => m.default.all);
  return decodeAll;
}

/**
 * The primary image of a HEIC/HEIF file as one A4 page. Sizes are read before decoding; HEIC
 * orientation lives in the container (irot/imir) and libheif applies it while decoding.
 */
export async function decodeHeif(bytes: Uint8Array, limits: DocumentLimits, target = A4_150): Promise<RasterPage> {
  let images: HeifImages;
  try {
    images = await (await heifDecoder())({ buffer: bytes });
  } catch {
    throw new DocumentError('CORRUPT_FILE');
  }
  let decoded: Awaited<ReturnType<HeifImages[number]['decode']>>;
  try {
    const first = images[0];
    if (!first) throw new DocumentError('CORRUPT_FILE', 'no image');
    if (first.width * first.height > limits.maxImagePixels) throw new DocumentError('IMAGE_TOO_LARGE', `${first.width}×${first.height}`);
    decoded = await first.decode();
  } catch (error) {
    throw error instanceof DocumentError ? error : new DocumentError('CORRUPT_FILE');
  } finally {
    images.dispose();
  }
  const raw = { width: decoded.width, height: decoded.height, channels: 4 as const };
  return fitImageToA4(sharp(new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength), { raw }), target);
}
