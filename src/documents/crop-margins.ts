import sharp from 'sharp';
import { fitImageToA4 } from './decode-image.ts';
import type { RasterPage } from './a4.ts';

export interface Box {
  left: number;
  top: number;
  width: number;
  height: number;
}

/** A pixel whose every channel is at least this is margin ("white" on a scan, paper grain included). */
const WHITE_THRESHOLD = 235;
const PADDING = 12;

function isInk(data: Uint8Array, p: number): boolean {
  return data[p]! < WHITE_THRESHOLD || data[p + 1]! < WHITE_THRESHOLD || data[p + 2]! < WHITE_THRESHOLD;
}

/** The smallest box holding every non-white pixel, padded a little; null for a blank page. */
export function contentBox(page: RasterPage, padding = PADDING): Box | null {
  const { width, height, data } = page;
  let top = -1;
  let bottom = -1;
  let left = width;
  let right = -1;
  for (let y = 0; y < height; y++) {
    const row = y * width * 3;
    let first = -1;
    let last = -1;
    for (let x = 0; x < width; x++) {
      if (isInk(data, row + x * 3)) {
        first = x;
        break;
      }
    }
    if (first < 0) continue;
    for (let x = width - 1; x >= first; x--) {
      if (isInk(data, row + x * 3)) {
        last = x;
        break;
      }
    }
    if (top < 0) top = y;
    bottom = y;
    left = Math.min(left, first);
    right = Math.max(right, last);
  }
  if (top < 0) return null;
  const x0 = Math.max(0, left - padding);
  const y0 = Math.max(0, top - padding);
  const x1 = Math.min(width - 1, right + padding);
  const y1 = Math.min(height - 1, bottom + padding);
  return { left: x0, top: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/**
 * ID documents (§10.1) lose their white margins: the content box is cut out and fitted to the page
 * again, so a card scanned on a full sheet fills the page. A blank page is returned unchanged.
 */
export async function cropMargins(page: RasterPage): Promise<RasterPage> {
  const box = contentBox(page);
  if (!box || (box.width === page.width && box.height === page.height)) return page;
  const raw = { width: page.width, height: page.height, channels: 3 as const };
  return fitImageToA4(sharp(page.data, { raw }).extract(box), page);
}
