import type { TSchema } from 'typebox';
import { MAX_DETAILS } from '../../platform/http/validation.ts';
import { BrokerErrorSchema } from '../errors.ts';

/** The request parts an operation reads: each brings the errors it can cause. */
export interface OperationParts {
  body?: boolean;
  params?: boolean;
  query?: boolean;
}

const error = (description: string) => ({ ...BrokerErrorSchema, description });

/**
 * Every status an operation can answer, each with its schema: the success, then the errors of the
 * catalogue that its parts can cause (all in the body of guide §4, `details` naming the fields).
 */
export function brokerResponses<S extends TSchema>(ok: S, parts: OperationParts, notFound = false) {
  return {
    200: ok,
    ...(parts.body || parts.params
      ? { 400: error('"Bad request." : corps de taille différente de son Content-Length, ou chemin mal encodé (%).') }
      : {}),
    404: error(
      '"API KEY not found." : clé absente, inconnue ou révoquée (vérifiée avant tout le reste).' +
        (notFound ? ' "Request not found." : la ressource n\'existe pas, ou appartient à un autre courtier.' : ''),
    ),
    409: error(
      'Formulaire refusé : "Incomplete form." (champ requis absent ou vide), "Too many arguments." (champ inconnu, ' +
        'liste trop longue), "Invalid form." (type, valeur, format, JSON illisible, texte non enregistrable : U+0000 ou ' +
        `surrogate UTF-16 isolé), ou une règle du guide. \`details\` nomme les champs par chemin JSON (${MAX_DETAILS} au plus).`,
    ),
    ...(parts.body
      ? {
          413: error('"Request body too large." : corps au-delà de la limite du service (1 Mio par défaut).'),
          415: error('"Unsupported media type." : envoyez le corps en JSON avec Content-Type: application/json.'),
        }
      : {}),
    ...(parts.params ? { 414: error('"Request URI too long." : paramètre de chemin de plus de 100 caractères.') } : {}),
    408: error('"Request timeout." : la requête (en-têtes et corps) n\'est pas arrivée entière dans le délai du service (30 s par défaut) ; la connexion est fermée.'),
    431: error('"Request header fields too large." : ligne de requête et en-têtes au-delà de 16 Kio ; la connexion est fermée.'),
    428: error('"CORS not enabled." : requête de navigateur (en-tête Origin) depuis une origine non déclarée sur la clé.'),
    500: error('"Internal error." : une panne du service, jamais une erreur du client.'),
  };
}
