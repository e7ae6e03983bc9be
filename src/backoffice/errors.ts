/**
 * The back-office's error catalogue: each code carries its HTTP status and its public message in this
 * one place. Every error body is `{"error": CODE, "message": text}` (plus `details` for INVALID).
 */
export const BACKOFFICE_ERRORS = {
  INVALID: { status: 400, message: 'The request is invalid' },
  UNREADABLE_BODY: { status: 400, message: 'The request body is not valid JSON' },
  UNAUTHENTICATED: { status: 401, message: 'Log in first: no valid session cookie' },
  BAD_CREDENTIALS: { status: 401, message: 'Wrong email or password' },
  CSRF: { status: 403, message: 'Missing or wrong x-csrf-token header: send the token returned at login' },
  ROLE: { status: 403, message: 'Your role does not allow this' },
  NOT_FOUND: { status: 404, message: 'Not found' },
  NOT_TO_PROCESS: { status: 409, message: 'Only a TO_PROCESS file can be decided' },
  STALE_VERSION: { status: 409, message: 'The file changed since you opened it: open it again' },
  REQUEST_TIMEOUT: { status: 408, message: 'The request did not arrive whole within the time limit' },
  CONFLICT: { status: 409, message: 'Conflict' },
  BODY_TOO_LARGE: { status: 413, message: 'The request body is too large' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Send the body as application/json' },
  THROTTLED: { status: 429, message: 'Too many failed logins: try again later' },
  HEADERS_TOO_LARGE: { status: 431, message: 'The request line and headers are too large' },
  INTERNAL: { status: 500, message: 'Internal error' },
} as const;

export type BackofficeErrorCode = keyof typeof BACKOFFICE_ERRORS;

export class BackofficeError extends Error {
  readonly status: number;
  constructor(
    readonly code: BackofficeErrorCode,
    message?: string,
    readonly details: string[] = [],
    /** Seconds, for THROTTLED's Retry-After. */
    readonly retryAfter?: number,
  ) {
    super(message ?? BACKOFFICE_ERRORS[code].message);
    this.name = 'BackofficeError';
    this.status = BACKOFFICE_ERRORS[code].status;
  }
}

export function backofficeErrorBody(error: BackofficeError): { error: string; message: string; details?: string[] } {
  return { error: error.code, message: error.message, ...(error.code === 'INVALID' ? { details: error.details } : {}) };
}
