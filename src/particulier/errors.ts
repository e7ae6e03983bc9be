import type { DataProvider } from './catalogue/operations.ts';

/** One error of the v3 body `{errors:[{code,title,detail,source,meta}]}` (spec §3.1). */
export interface ErrorObject {
  code: string;
  title: string;
  detail: string;
  source: { parameter: string } | null;
  meta: Record<string, unknown>;
}

interface Entry {
  status: number;
  title: string;
  detail: string;
  parameter?: string;
  meta?: Record<string, unknown>;
}

const UNPROCESSABLE = 'Entité non traitable';

/**
 * The surface's error catalogue: the generic codes of the official document (§3.3) with their exact
 * titles and details, the implementation's codes (§3.4), and the few framework situations the
 * contract does not name (marked "Foyer"), which keep the same body and a code in the `00` family.
 */
export const GENERIC_ERRORS = {
  '00015': {
    status: 409,
    title: 'Conflit',
    detail:
      "Une requête associé à votre jeton est déjà en cours de traitement pour ces paramètres. Veuillez attendre la fin du traitement avant d'effectuer une nouvelle requête.",
  },
  '00100': {
    status: 403,
    title: 'Privilèges insuffisants',
    detail: 'Votre token est valide mais vos privilèges sont insuffisants. Listez vos privilèges sur /api/introspect',
    parameter: 'token',
  },
  '00101': { status: 401, title: 'Interdit', detail: "Votre token n'est pas valide ou n'est pas renseigné", parameter: 'token' },
  '00103': { status: 401, title: 'Jeton expiré', detail: 'Votre token est expiré. Vous devez refaire une demande', parameter: 'token' },
  '00105': {
    status: 401,
    title: 'Jeton sur liste noire',
    detail:
      'Votre jeton est sur liste noire, celui-ci a certainement été divulgué sur un canal non-sécurisé. Vous pouvez trouver un jeton valide sur votre espace personnel: https://particulier.api.gouv.fr/compte',
    parameter: 'token',
  },
  '00203': { status: 422, title: UNPROCESSABLE, detail: 'Le paramètre recipient est obligatoire', parameter: 'recipient' },
  '00210': { status: 422, title: UNPROCESSABLE, detail: "Le paramètre recipient n'est pas un siret valide", parameter: 'recipient' },
  '00360': { status: 422, title: UNPROCESSABLE, detail: "Le numéro d'INE n'est pas correctement formatté" },
  '00366': { status: 422, title: UNPROCESSABLE, detail: 'Un ou plusieurs paramètres de civilité ne sont pas correctement formatés' },
  '00380': { status: 422, title: UNPROCESSABLE, detail: "L'identifiant est manquant" },
  '00391': {
    status: 422,
    title: UNPROCESSABLE,
    detail:
      'Les paramètres d\'identité correspondent à plusieurs personnes. Nous ne pouvons pas fournir les informations de service civique pour cet individu.',
  },
  '00419': {
    status: 422,
    title: UNPROCESSABLE,
    detail: 'Les paramètres codeEtablissement et périmètre (codesBcnRegions/codesBcnDepartements) sont mutuellement exclusifs',
  },
  '00427': { status: 422, title: UNPROCESSABLE, detail: "Le sexe de l'état civil est manquant" },
  '00429': { status: 429, title: 'Trop de requêtes', detail: 'Vous avez effectué trop de requêtes' },
  '00501': {
    status: 504,
    title: 'Erreur réseau',
    detail:
      "Problème de connexion au serveur distant. L'erreur peut venir soit du fournisseur, soit de API Entreprise. Il s'agit souvent d'une erreur temporaire.",
    meta: { retry_in: 10 },
  },
  '00402': { status: 404, title: "Version d'API non prise en charge", detail: "La version vN n'est pas supportée pour cet endpoint" },
  // FranceConnect (spec §3.4, §7.2).
  '50001': { status: 401, title: 'Accès non autorisé', detail: "Le jeton d'accès FranceConnect est mal formé.", meta: { provider: 'FranceConnect' } },
  '50002': {
    status: 401,
    title: 'Accès non autorisé',
    detail: "Le jeton d'accès n'a pas été trouvé ou est expiré.",
    meta: { provider: 'FranceConnect' },
  },
  '50003': {
    status: 401,
    title: 'Accès non autorisé',
    detail: "Le jeton d'accès FranceConnect ne contient pas les scopes d'identité pivot requis.",
    meta: { provider: 'FranceConnect' },
  },
  '50004': { status: 401, title: 'Accès non autorisé', detail: "Le jeton d'accès FranceConnect est manquant.", meta: { provider: 'FranceConnect' } },
  '50999': {
    status: 502,
    title: 'Erreur inconnue du fournisseur de données',
    detail: 'La réponse retournée par FranceConnect est invalide et inconnue de notre service.',
    meta: { provider: 'FranceConnect' },
  },
  // Foyer: situations of the HTTP layer the contract does not name.
  '00404': { status: 404, title: 'Ressource introuvable', detail: "Cette route n'existe pas. Les routes sont listées dans le document OpenAPI." },
  '00400': { status: 400, title: 'Requête invalide', detail: "La requête n'a pas pu être lue." },
  '00408': {
    status: 408,
    title: 'Délai dépassé',
    detail: "La requête n'est pas arrivée entière dans le délai autorisé : la connexion est fermée.",
  },
  '00413': { status: 413, title: 'Requête trop volumineuse', detail: 'Le corps de la requête dépasse la taille autorisée.' },
  '00431': {
    status: 431,
    title: 'En-têtes trop volumineux',
    detail: 'La ligne de requête et les en-têtes dépassent la taille autorisée (16 Kio) : la connexion est fermée.',
  },
  '00503': {
    status: 503,
    title: 'Service indisponible',
    detail: "Le journal des accès ne peut pas être écrit pour le moment : l'appel n'est pas servi sans être tracé. Réessayez dans quelques instants.",
  },
  '00500': { status: 500, title: 'Erreur interne', detail: "Une erreur interne est survenue. Transmettez l'X-Request-ID au support." },
} satisfies Record<string, Entry>;

export type GenericCode = keyof typeof GENERIC_ERRORS;

/** Provider situations (spec §3.1: prefix + sub-code), with their statuses. */
const PROVIDER_ERRORS = {
  unavailable: { sub: '001', status: 504, title: 'Service non disponible', detail: 'Service du fournisseur de données temporairement indisponible ou en maintenance.' },
  timeout: { sub: '002', status: 504, title: 'Intermédiaire hors-délai', detail: 'Temps d’attente d’une réponse du fournisseur de données écoulé.' },
  dns: { sub: '004', status: 504, title: 'Erreur de résolution DNS', detail: "Problème de résolution DNS de l'adresse du serveur" },
  throttled: {
    sub: '008',
    status: 504,
    title: 'Erreur auprès du fournisseur de données : trop de requêtes',
    detail: 'Erreur de fournisseur de donnée : Trop de requêtes effectuées, veuillez réessayer plus tard.',
  },
  unknown: {
    sub: '999',
    status: 502,
    title: 'Erreur inconnue du fournisseur de données',
    detail:
      "La réponse retournée par le fournisseur de données est invalide et inconnue de notre service. L'équipe technique a été notifiée de cette erreur pour investigation.",
  },
} as const;

export type ProviderSituation = keyof typeof PROVIDER_ERRORS;

/** A failure of the surface, rendered as the contract's body with its status. */
export class ParticulierError extends Error {
  override name = 'ParticulierError';
  constructor(
    readonly status: number,
    readonly body: ErrorObject,
    /** Extra response headers (Retry-After…). */
    readonly headers: Record<string, string> = {},
  ) {
    super(`${body.code} ${body.title}`);
  }

  static generic(code: GenericCode, overrides: { parameter?: string; detail?: string; meta?: Record<string, unknown> } = {}): ParticulierError {
    const entry: Entry = GENERIC_ERRORS[code];
    const parameter = overrides.parameter ?? entry.parameter;
    return new ParticulierError(entry.status, {
      code,
      title: entry.title,
      detail: overrides.detail ?? entry.detail,
      source: parameter ? { parameter } : null,
      meta: overrides.meta ?? entry.meta ?? {},
    });
  }

  static provider(provider: DataProvider, situation: ProviderSituation): ParticulierError {
    const entry = PROVIDER_ERRORS[situation];
    return new ParticulierError(entry.status, {
      code: `${provider.code}${entry.sub}`,
      title: entry.title,
      detail: entry.detail,
      source: null,
      meta: { provider: provider.name },
    });
  }
}

export function errorBody(...errors: ErrorObject[]): { errors: ErrorObject[] } {
  return { errors };
}
