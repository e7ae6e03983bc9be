/**
 * The partner surface's error catalogue (§2). Each code carries its status and its body in this one
 * place; the error handler renders nothing else.
 */
export const RENTAL_ERRORS = {
  /** Bean-validation style: `{"errors":["field: message"]}`. */
  INVALID: { status: 400 },
  /** Malformed JSON: DossierFacile answers this plain text. */
  UNREADABLE_BODY: { status: 400 },
  /** `hasPermissionOnTenant` refused: another partner's tenant, or no tenant at all (§1.3). */
  FORBIDDEN: { status: 403 },
  /** The token's `client_id` names no partner (§1.2). */
  PARTNER_NOT_FOUND: { status: 404 },
  NOT_FOUND: { status: 404 },
  CONFLICT: { status: 409 },
  REQUEST_TIMEOUT: { status: 408 },
  BODY_TOO_LARGE: { status: 413 },
  UNSUPPORTED_MEDIA_TYPE: { status: 415 },
  HEADERS_TOO_LARGE: { status: 431 },
  INTERNAL: { status: 500 },
} as const;

export type RentalErrorCode = keyof typeof RENTAL_ERRORS;

export class RentalError extends Error {
  readonly status: number;
  constructor(
    readonly code: RentalErrorCode,
    /** The field problems of INVALID (`"field: message"`), or the message of the others. */
    readonly problems: string[] = [],
  ) {
    super(problems.join('; ') || code);
    this.name = 'RentalError';
    this.status = RENTAL_ERRORS[code].status;
  }
}

export const invalid = (...problems: string[]) => new RentalError('INVALID', problems);

/** The body of each error, as DossierFacile's handlers shape it. */
export function rentalErrorBody(error: RentalError): { body: unknown; type: string } {
  const json = 'application/json; charset=utf-8';
  switch (error.code) {
    case 'INVALID':
      return { body: { errors: error.problems }, type: json };
    case 'UNREADABLE_BODY':
      return { body: 'Invalid request body', type: 'text/plain; charset=utf-8' };
    case 'FORBIDDEN':
      return { body: { status: 'FORBIDDEN', message: 'Access Denied' }, type: json };
    case 'PARTNER_NOT_FOUND':
      return { body: { status: 'NOT_FOUND', message: 'Partner not found' }, type: json };
    case 'NOT_FOUND':
      return { body: { status: 'NOT_FOUND', message: error.problems[0] ?? 'Not found' }, type: json };
    case 'CONFLICT':
      return { body: { status: 'CONFLICT', message: error.problems[0] ?? 'Conflict' }, type: json };
    case 'BODY_TOO_LARGE':
      return { body: { errors: ['Request body exceeds the maximum allowed'] }, type: json };
    case 'REQUEST_TIMEOUT':
      return { body: { errors: ['Request did not arrive whole within the time limit'] }, type: json };
    case 'HEADERS_TOO_LARGE':
      return { body: { errors: ['Request line and headers exceed the maximum allowed'] }, type: json };
    case 'UNSUPPORTED_MEDIA_TYPE':
      return { body: { status: 'UNSUPPORTED_MEDIA_TYPE', message: error.problems[0] ?? 'Unsupported media type' }, type: json };
    case 'INTERNAL':
      return { body: 'Internal Server Error', type: 'text/plain; charset=utf-8' };
  }
}
