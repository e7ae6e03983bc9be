import { Type, type TSchema } from 'typebox';

/**
 * The error bodies of the partner surface (§2), each declared once as a component of the OpenAPI
 * document (`#/components/schemas/<$id>`) and referenced by every operation that can answer it.
 */
const statusMessage = (id: string, status: string, description: string) =>
  Type.Object({ status: Type.Literal(status), message: Type.String() }, { $id: id, description });

export const RENTAL_ERROR_SCHEMAS = [
  Type.Object(
    { errors: Type.Array(Type.String(), { maxItems: 50 }) },
    { $id: 'RentalErrors', description: 'Erreurs de validation (Bean Validation) : `["champ: message", …]`.' },
  ),
  Type.Literal('Invalid request body', { $id: 'RentalUnreadableBody', description: 'Corps illisible (JSON ou multipart mal formé), en text/plain comme DossierFacile.' }),
  statusMessage('RentalForbidden', 'FORBIDDEN', '`hasPermissionOnTenant` refusé : locataire d\'un autre partenaire, ou inexistant.'),
  statusMessage('RentalNotFound', 'NOT_FOUND', '"Partner not found" (le `client_id` du jeton ne nomme aucun partenaire), ressource ou route inconnue.'),
  statusMessage('RentalConflict', 'CONFLICT', 'État incompatible (`TenantIllegalStateException`, e-mail de colocataire déjà pris).'),
  statusMessage('RentalUnsupportedMediaType', 'UNSUPPORTED_MEDIA_TYPE', 'Type de corps non accepté.'),
  Type.Null({ $id: 'Empty', description: 'Corps vide.' }),
];

const ref = (id: string) => Type.Unsafe({ $ref: `${id}#` });
const json = (schema: TSchema) => ({ 'application/json': { schema } });
const emptyOr = (id: string) => Type.Union([ref(id), ref('Empty')]);

export interface ResponseParts {
  /** The request has a body: JSON, or a multipart form with files. */
  body?: 'json' | 'multipart';
  /** 404 with an empty body (§3.1: by-email and apartment reads). */
  emptyNotFound?: boolean;
  /** The operation can meet a state it refuses with 409. */
  conflict?: boolean;
}

/** Every status an operation can answer, each with its body: the success, then the errors its parts can cause. */
export function rentalResponses(ok: TSchema, parts: ResponseParts = {}) {
  return {
    200: ok,
    400: {
      description: 'Validation : `{"errors":["champ: message"]}` (avant le contrôle du locataire, §2)' + (parts.body ? ' ; corps illisible : "Invalid request body" en text/plain.' : '.'),
      content: parts.body ? { ...json(ref('RentalErrors')), 'text/plain': { schema: ref('RentalUnreadableBody') } } : json(ref('RentalErrors')),
    },
    401: Type.Null({ description: 'Corps vide : jeton absent, mal formé, expiré ou d\'un autre émetteur (`WWW-Authenticate: Bearer`).' }),
    403: {
      description: 'Corps vide : jeton sans `client_id` ou sans le scope `api-partner` ; sinon `{"status":"FORBIDDEN",…}` : locataire non lié au partenaire.',
      content: json(emptyOr('RentalForbidden')),
    },
    404: {
      description: parts.emptyNotFound ? 'Corps vide : inconnu ; ou "Partner not found".' : '"Partner not found", ou ressource inconnue.',
      content: json(parts.emptyNotFound ? emptyOr('RentalNotFound') : ref('RentalNotFound')),
    },
    408: {
      description: 'La requête (en-têtes et corps) n\'est pas arrivée entière dans le délai du service (30 s par défaut) ; la connexion est fermée.',
      content: json(ref('RentalErrors')),
    },
    ...(parts.conflict ? { 409: { description: 'État incompatible.', content: json(ref('RentalConflict')) } } : {}),
    ...(parts.body
      ? {
          413: {
            description: parts.body === 'multipart' ? 'Corps au-delà de la limite du service.' : 'Corps JSON au-delà de la limite du service (1 Mio par défaut).',
            content: json(ref('RentalErrors')),
          },
          415: {
            description: parts.body === 'multipart' ? 'Envoyez le formulaire en multipart/form-data.' : 'Envoyez le corps en application/json.',
            content: json(ref('RentalUnsupportedMediaType')),
          },
        }
      : {}),
    431: { description: 'Ligne de requête et en-têtes au-delà de 16 Kio ; la connexion est fermée.', content: json(ref('RentalErrors')) },
  };
}
