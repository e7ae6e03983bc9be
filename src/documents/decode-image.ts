import sharp, { type Metadata, type Sharp, type SharpOptions } from 'sharp';
import { A4_150, type RasterPage } from './a4.ts';
import { DocumentError } from './errors.ts';
import type { DocumentLimits } from './limits.ts';

const WHITE = { r: 255, g: 255, b: 255, alpha: 1 };

/** Reads the header only, so a pixel flood is refused before any pixel is decoded. */
async function checkedMetadata(input: Sharp, limits: DocumentLimits) {
  let meta: Metadata;
  try {
    meta = await input.metadata();
  } catch {
    throw new DocumentError('CORRUPT_FILE');
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (!pixels) throw new DocumentError('CORRUPT_FILE', 'no image size');
  if (pixels > limits.maxImagePixels) throw new DocumentError('IMAGE_TOO_LARGE', `${meta.width}×${meta.height}`);
  return meta;
}

/** Decoded pixels (any channel count) fitted onto a white A4 raster; EXIF orientation applied. */
export async function fitImageToA4(input: Sharp, target = A4_150): Promise<RasterPage> {
  try {
    const { data, info } = await input
      .rotate()
      .flatten({ background: WHITE })
      .resize(target.width, target.height, { fit: 'contain', background: WHITE })
      .toColourspace('srgb')
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
  } catch (error) {
    if (error instanceof DocumentError) throw error;
    throw new DocumentError('CORRUPT_FILE');
  }
}

/** A JPEG or PNG file as one A4 page. */
export async function decodeImage(bytes: Uint8Array, limits: DocumentLimits, target = A4_150): Promise<RasterPage> {
  const options: SharpOptions = { limitInputPixels: limits.maxImagePixels, failOn: 'error', sequentialRead: true };
  // The header is read without sharp's own pixel limit, so a flood gets IMAGE_TOO_LARGE, not a decode error.
  await checkedMetadata(sharp(bytes, { ...options, limitInputPixels: false }), limits);
  return fitImageToA4(sharp(bytes, options), target);
}
