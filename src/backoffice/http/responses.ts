import { Type, type TSchema } from 'typebox';

export const BACKOFFICE_ERROR_SCHEMA = Type.Object(
  {
    error: Type.String({ description: 'A code of the back-office error catalogue' }),
    message: Type.String(),
    details: Type.Optional(Type.Array(Type.String(), { maxItems: 50, description: 'INVALID only: `"where: problem"` per field' })),
  },
  { $id: 'BackofficeError', description: 'Every error of the back-office API.' },
);

const error = (description: string) => ({ description, content: { 'application/json': { schema: Type.Unsafe({ $ref: 'BackofficeError#' }) } } });

export const binary = (description: string) => Type.Unsafe({ type: 'string', format: 'binary', description });

export interface ResponseParts {
  /** The route needs a session (every route but login). */
  auth: boolean;
  /** Answers 404 for an unknown resource. */
  notFound?: boolean;
  /** Refuses a state with 409. */
  conflict?: string;
  /** 429 (login). */
  throttled?: boolean;
  /** Success status (default 200). */
  okStatus?: number;
}

/** Every status an operation can answer: the success, then what its parts can cause. */
export function backofficeResponses(ok: TSchema, parts: ResponseParts) {
  return {
    [parts.okStatus ?? 200]: ok,
    400: error('INVALID (a field, named in `details`) or UNREADABLE_BODY'),
    ...(parts.auth ? { 401: error('UNAUTHENTICATED: no session cookie, or an expired or closed session') } : { 401: error('BAD_CREDENTIALS: wrong email or password (the same answer for both)') }),
    ...(parts.auth ? { 403: error('CSRF: a write without the `x-csrf-token` header of the session, or with a wrong one; ROLE: the role does not allow the operation') } : {}),
    404: error('NOT_FOUND: unknown resource (or route)'),
    408: error('REQUEST_TIMEOUT: the request (headers and body) did not arrive whole within the time limit (30 s by default); the connection is closed'),
    ...(parts.conflict ? { 409: error(parts.conflict) } : {}),
    413: error('BODY_TOO_LARGE'),
    415: error('UNSUPPORTED_MEDIA_TYPE: the body must be application/json'),
    ...(parts.throttled ? { 429: error('THROTTLED: too many failed logins for this account or from this address; `Retry-After` gives the seconds to wait') } : {}),
    431: error('HEADERS_TOO_LARGE: the request line and headers exceed 16 KiB; the connection is closed'),
  };
}
