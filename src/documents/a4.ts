/** An A4 page at 150 DPI, as DossierFacile writes it (§10.1): 1240 × 1754 pixels. */
export interface PageSize {
  width: number;
  height: number;
}

export const A4_150: PageSize = { width: 1240, height: 1754 };

/** A4 in PDF points (1/72 inch). */
export const A4_POINTS = { width: 595.28, height: 841.89 } as const;

/** RGB pixels, 3 bytes per pixel, rows packed without padding. */
export interface RasterPage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** Scale and offset that fit a `w × h` box inside the page, aspect kept, centred. */
export function fitCentred(w: number, h: number, page: PageSize = A4_150) {
  const scale = Math.min(page.width / w, page.height / h);
  const width = Math.max(1, Math.round(w * scale));
  const height = Math.max(1, Math.round(h * scale));
  return { scale, width, height, left: Math.floor((page.width - width) / 2), top: Math.floor((page.height - height) / 2) };
}

export function blankPage(width: number = A4_150.width, height: number = A4_150.height): RasterPage {
  return { width, height, data: new Uint8Array(width * height * 3).fill(255) };
}
