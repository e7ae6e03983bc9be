import sharp from 'sharp';
import type { RasterPage } from './a4.ts';

/** JPEG quality of the pages (DossierFacile writes 0.9, §10.1). */
export const PAGE_JPEG_QUALITY = 90;
export const THUMBNAIL_WIDTH = 300;

function fromRaw(page: RasterPage) {
  return sharp(page.data, { raw: { width: page.width, height: page.height, channels: 3 } });
}

/** The page's only encoding: raw pixels to JPEG, once. Huffman optimisation would double the time for ~8 % of size. */
export async function encodePageJpeg(page: RasterPage): Promise<Uint8Array> {
  return fromRaw(page).jpeg({ quality: PAGE_JPEG_QUALITY, chromaSubsampling: '4:2:0', mozjpeg: false, optimiseCoding: false }).toBuffer();
}

/** A 300 px wide JPEG of the page (§10.2), height kept in proportion. */
export async function encodeThumbnail(page: RasterPage): Promise<Uint8Array> {
  return fromRaw(page).resize({ width: THUMBNAIL_WIDTH }).jpeg({ quality: 80, mozjpeg: false }).toBuffer();
}
