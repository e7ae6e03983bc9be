/** Bounds checked before any decoding work, so hostile input costs little. */
export interface DocumentLimits {
  /** Bytes of one source file (the upload limit is 10 MB, §4.1; a little room for HEIC). */
  maxFileBytes: number;
  /** Pages of one PDF (the largest category allows 50, §4.2). */
  maxPdfPages: number;
  /** Longest side of a PDF page, in points (72 per inch). */
  maxPageSidePoints: number;
  /** Pixels of one decoded image, or of one image embedded in a PDF. */
  maxImagePixels: number;
}

export const DEFAULT_LIMITS: DocumentLimits = {
  maxFileBytes: 20 * 1024 * 1024,
  maxPdfPages: 100,
  maxPageSidePoints: 100 * 72,
  maxImagePixels: 100_000_000,
};
