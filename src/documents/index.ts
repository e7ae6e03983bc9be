// The documents module: pure processing steps and the thread pool that runs them. Other modules
// import only this file (module walls). It declares no routes, tables or jobs of its own yet.
export { A4_150, A4_POINTS, type PageSize, type RasterPage } from './a4.ts';
export { downloadName, normalizeNamePart, type DownloadNameInput } from './download-name.ts';
export { DOCUMENT_ERRORS, DocumentError, documentProblem, type DocumentErrorCode } from './errors.ts';
export { DEFAULT_LIMITS, type DocumentLimits } from './limits.ts';
export { DocumentPool, type DocumentPoolOptions } from './pool.ts';
export { processDocument, type ProcessDocumentInput, type ProcessDocumentOutput, type ProcessedFile } from './process.ts';
export { sniff, type SourceType } from './sniff.ts';
export { statementText, type Statement, type StatementInput, type StatementKind } from './statement.ts';
export { WATERMARK_TEXT } from './watermark.ts';
