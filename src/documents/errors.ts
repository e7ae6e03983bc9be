/**
 * Why a document could not be processed. Each code names one cause the partner can act on; the
 * message is fit for the partner's `{"errors":[...]}` body and never carries personal data.
 */
export const DOCUMENT_ERRORS = {
  EMPTY_FILE: 'the file is empty',
  FILE_TOO_LARGE: 'the file exceeds the size limit',
  UNSUPPORTED_TYPE: 'invalid file type: only PDF, JPEG, PNG and HEIC/HEIF files are accepted',
  PASSWORD_PROTECTED: 'the PDF is password-protected: upload a copy without a password',
  CORRUPT_FILE: 'the file is damaged or truncated and cannot be read',
  TOO_MANY_PAGES: 'the PDF has too many pages',
  PAGE_TOO_LARGE: 'a page of the PDF is larger than the accepted page size',
  IMAGE_TOO_LARGE: 'the image has too many pixels',
  TIMEOUT: 'the document took too long to process',
  BUSY: 'document processing is saturated, retry later',
  WORKER_FAILED: 'document processing failed unexpectedly',
} as const;

export type DocumentErrorCode = keyof typeof DOCUMENT_ERRORS;

export class DocumentError extends Error {
  constructor(
    readonly code: DocumentErrorCode,
    /** Extra detail for operators (limits, page number); still free of personal data. */
    readonly detail?: string,
  ) {
    super(detail ? `${DOCUMENT_ERRORS[code]} (${detail})` : DOCUMENT_ERRORS[code]);
    this.name = 'DocumentError';
  }
}

/** The line a partner sees in `{"errors":[...]}`, in the house's "field: message" style. */
export function documentProblem(error: DocumentError, field = 'documents'): string {
  return `${field}: ${error.message}`;
}

/** Errors cross the worker boundary as plain data; this turns them back into a DocumentError. */
export interface SerializedDocumentError {
  code: DocumentErrorCode;
  detail?: string;
}

export function isDocumentErrorCode(code: unknown): code is DocumentErrorCode {
  return typeof code === 'string' && Object.hasOwn(DOCUMENT_ERRORS, code);
}
