// The documents module: pure processing steps and the thread pool that runs them. Other modules
// import only this file (module walls). It declares no routes, tables or jobs of its own yet; the pool
// runs three tasks: a document's render, a rendered PDF's pages as JPEGs, text pages (full-file PDF).
// Nothing here loads mupdf, sharp or zxing: the HTTP process only holds the pool, the threads load them.
import type { ProcessDocumentInput, ProcessDocumentOutput } from './process.ts';

export { A4_150, A4_POINTS, type PageSize, type RasterPage } from './a4.ts';
export { assemblePdf, joinChunks, type JpegPage } from './assemble-pdf.ts';
export { StreamingPdfWriter } from './pdf-writer.ts';
export type { TextBlock, TextPagesInput, TextPagesOutput } from './text-pages.ts';
export { downloadName, normalizeNamePart, type DownloadNameInput } from './download-name.ts';
export { DOCUMENT_ERRORS, DocumentError, documentProblem, type DocumentErrorCode } from './errors.ts';
export { DEFAULT_LIMITS, type DocumentLimits } from './limits.ts';
export { DEFAULT_NICENESS, DocumentPool, type DocumentPoolOptions } from './pool.ts';
export type { ProcessDocumentInput, ProcessDocumentOutput, ProcessedFile } from './process.ts';
export { sniff, type SourceType } from './sniff.ts';
export { statementText, type Statement, type StatementInput, type StatementKind } from './statement-text.ts';
export { WATERMARK_TEXT } from './watermark-text.ts';

/** Processes a document on the calling thread: for scripts and tests, never on the HTTP event loop (use DocumentPool). */
export async function processDocument(input: ProcessDocumentInput): Promise<ProcessDocumentOutput> {
  return (await import('./process.ts')).processDocument(input);
}
