import { Type } from 'typebox';
import { MAX_DETAILS } from '../platform/http/validation.ts';
import { printableText } from '../platform/http/storable-text.ts';

/**
 * The broker surface's error catalogue (CREDITEO guide §4). Each code carries its HTTP status,
 * its exact public message and the guide section it links to, in this one place.
 */
export const BROKER_ERRORS = {
  REQUEST_NOT_FOUND: { status: 404, message: 'Request not found.', section: 'erreurs' },
  API_KEY_NOT_FOUND: { status: 404, message: 'API KEY not found.', section: 'auth' },
  INCOMPLETE_FORM: { status: 409, message: 'Incomplete form.', section: 'erreurs' },
  TOO_MANY_ARGUMENTS: { status: 409, message: 'Too many arguments.', section: 'erreurs' },
  INVALID_FORM: { status: 409, message: 'Invalid form.', section: 'erreurs' },
  CREDIT_FIELDS_MISSING: { status: 409, message: 'Required fields are missing for a credit.', section: 'erreurs' },
  PAID_PROPERTY_WITH_CREDIT: { status: 409, message: 'A property already paid can\'t have a credit.', section: 'erreurs' },
  CORS_NOT_ENABLED: { status: 428, message: 'CORS not enabled.', section: 'prerequis' },
  // Not in the guide, which has no word for these; same body shape, honest status.
  BAD_REQUEST: { status: 400, message: 'Bad request.', section: 'erreurs' },
  REQUEST_TIMEOUT: { status: 408, message: 'Request timeout.', section: 'erreurs' },
  BODY_TOO_LARGE: { status: 413, message: 'Request body too large.', section: 'erreurs' },
  URI_TOO_LONG: { status: 414, message: 'Request URI too long.', section: 'erreurs' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, message: 'Unsupported media type.', section: 'erreurs' },
  HEADERS_TOO_LARGE: { status: 431, message: 'Request header fields too large.', section: 'erreurs' },
  INTERNAL: { status: 500, message: 'Internal error.', section: 'erreurs' },
} as const;

export type BrokerErrorCode = keyof typeof BROKER_ERRORS;

/** One offending field, by JSON path (`$.emprunteurs[0].email`), with a human message. */
export interface FieldProblem {
  field: string;
  message: string;
}

export class BrokerError extends Error {
  readonly status: number;
  constructor(readonly code: BrokerErrorCode, readonly details: FieldProblem[] = []) {
    super(BROKER_ERRORS[code].message);
    this.name = 'BrokerError';
    this.status = BROKER_ERRORS[code].status;
  }
}

export interface BrokerErrorBody {
  error: string;
  apiguide: string;
  code: number;
  details?: FieldProblem[];
}

/** The error body as the OpenAPI document shows it, for every status of every operation. */
export const BrokerErrorSchema = Type.Object(
  {
    error: Type.String({ description: 'Message public du catalogue ("Invalid form.", "API KEY not found."…).' }),
    apiguide: Type.String({ description: 'Lien vers la section du guide qui explique l’erreur.' }),
    code: Type.Integer({ description: 'Le statut HTTP de la réponse.' }),
    details: Type.Optional(
      Type.Array(
        Type.Object({
          field: Type.String({ description: 'Chemin JSON du champ fautif ($.emprunteurs[0].email), "$" pour la requête entière.' }),
          message: Type.String(),
        }, { additionalProperties: false }),
        { maxItems: MAX_DETAILS, description: `Les champs fautifs (${MAX_DETAILS} au plus).` },
      ),
    ),
  },
  { additionalProperties: false, title: 'BrokerError' },
);

export function brokerErrorBody(error: BrokerError, guideUrl: string): BrokerErrorBody {
  const entry = BROKER_ERRORS[error.code];
  const body: BrokerErrorBody = { error: entry.message, apiguide: `${guideUrl}#${entry.section}`, code: entry.status };
  if (error.details.length) body.details = error.details.slice(0, MAX_DETAILS);
  return body;
}

/**
 * Turns an Ajv-style instance path (`/emprunteurs/0/email`) into `$.emprunteurs[0].email`. A key the
 * database could not store is echoed with its bad characters written as `\uXXXX`.
 */
export function jsonPath(pointer: string, extra?: string): string {
  const parts = pointer.split('/').slice(1).map((p) => printableText(p.replace(/~1/g, '/').replace(/~0/g, '~')));
  if (extra !== undefined) parts.push(printableText(extra));
  return parts.reduce((acc, part) => (/^\d+$/.test(part) ? `${acc}[${part}]` : `${acc}.${part}`), '$');
}
