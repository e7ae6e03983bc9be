import { Type } from 'typebox';

/** The public share-link routes' errors: one catalogue, one body shape `{"status","message"}`. */
export const SHARE_ERRORS = {
  BAD_REQUEST: { status: 400, message: 'Bad request' },
  NOT_FOUND: { status: 404, message: 'Link not found' },
  REQUEST_TIMEOUT: { status: 408, message: 'Request timeout' },
  DOCUMENT_NOT_FOUND: { status: 404, message: 'Document not found' },
  NOT_READY: { status: 409, message: 'File is not yet available retry later' },
  NOT_VALIDATED: { status: 417, message: 'The file is not fully validated, or some of its documents are not processed yet' },
  TOO_MANY_REQUESTS: { status: 429, message: 'Too many requests, retry later' },
  HEADERS_TOO_LARGE: { status: 431, message: 'Request header fields too large' },
  INTERNAL: { status: 500, message: 'Internal error' },
} as const;

export type ShareErrorCode = keyof typeof SHARE_ERRORS;

const STATUS_NAMES: Record<number, string> = {
  400: 'BAD_REQUEST',
  404: 'NOT_FOUND',
  408: 'REQUEST_TIMEOUT',
  409: 'CONFLICT',
  417: 'EXPECTATION_FAILED',
  429: 'TOO_MANY_REQUESTS',
  431: 'REQUEST_HEADER_FIELDS_TOO_LARGE',
  500: 'INTERNAL_SERVER_ERROR',
};

export class ShareError extends Error {
  readonly status: number;
  constructor(readonly code: ShareErrorCode) {
    super(SHARE_ERRORS[code].message);
    this.name = 'ShareError';
    this.status = SHARE_ERRORS[code].status;
  }

  get body() {
    return { status: STATUS_NAMES[this.status]!, message: this.message };
  }
}

export const ShareErrorSchema = Type.Object({ status: Type.String(), message: Type.String() }, { $id: 'ShareError', description: '`{"status":"NOT_FOUND","message":"Link not found"}`…' });

const ref = Type.Unsafe({ $ref: 'ShareError#' });
const error = (description: string) => ({ description, content: { 'application/json': { schema: ref } } });

/** The statuses every public route can answer, beside its own. */
export const COMMON_ERRORS = {
  400: error('Requête illisible (en-têtes, corps) : `Bad request`.'),
  404: error('Lien inconnu, expiré ou révoqué (tous répondent de même) : `Link not found` ; ou pièce hors du dossier du lien : `Document not found`.'),
  408: error('Requête pas arrivée entière dans le délai du service (30 s par défaut) : `Request timeout` ; la connexion est fermée.'),
  429: error('Trop de requêtes de cette adresse : `Too many requests, retry later`, avec `Retry-After` (secondes).'),
  431: error('Ligne de requête et en-têtes au-delà de 16 Kio : `Request header fields too large` ; la connexion est fermée.'),
};
