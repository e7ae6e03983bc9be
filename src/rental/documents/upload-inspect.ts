import { createHash } from 'node:crypto';
import { countPdfPages } from './pdf-pages.ts';

/** What an upload needs to know of a received file besides its type: its pages (§4.1) and its MD5. */
export interface UploadInspection {
  /** Null for a PDF whose pages cannot be read (the upload is refused). */
  pages: number | null;
  md5: string;
}

/**
 * The work of an upload pool thread, also callable in place: `countPages` of sniff.ts (a PDF counts
 * its pages, an image 1) without loading the type sniffer in the thread.
 */
export function inspectUpload(bytes: Buffer, contentType: string): UploadInspection {
  return { pages: contentType === 'application/pdf' ? countPdfPages(bytes) : 1, md5: createHash('md5').update(bytes).digest('hex') };
}

export interface InspectRequest {
  id: number;
  /** A view on shared memory (the caller keeps the bytes), or a copy. */
  bytes: Uint8Array;
  contentType: string;
}

export type InspectReply = ({ id: number; ok: true } & UploadInspection) | { id: number; ok: false; detail: string };
