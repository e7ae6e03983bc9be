import type { JsonSchema } from '../catalogue/official.ts';
import type { Operation } from '../catalogue/operations.ts';

/**
 * The official schemas are OpenAPI 3.0 (`nullable: true`); the surface's document is 3.1, where a
 * nullable value is a type union. Pure: returns a converted copy.
 */
export function toJsonSchema2020(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema)) return schema.map((s) => toJsonSchema2020(s)) as unknown as JsonSchema;
  if (!schema || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'nullable') continue;
    if (key === 'properties' || key === 'patternProperties') {
      out[key] = Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, toJsonSchema2020(v as JsonSchema)]));
    } else if (key === 'example') {
      out.examples = [value];
    } else if (typeof value === 'object' && value !== null && !['enum', 'required', 'examples', 'default'].includes(key)) {
      out[key] = toJsonSchema2020(value as JsonSchema);
    } else {
      out[key] = value;
    }
  }
  if (schema.nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null'];
    if (Array.isArray(out.enum) && !out.enum.includes(null)) out.enum = [...out.enum, null];
  }
  return out;
}

export const ERROR_SCHEMA = {
  type: 'object',
  required: ['errors'],
  properties: {
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['code', 'title', 'detail'],
        properties: {
          code: { type: 'string', pattern: '^\\d{5}$' },
          title: { type: 'string' },
          detail: { type: 'string' },
          source: { type: ['object', 'null'], properties: { parameter: { type: 'string' } } },
          meta: { type: 'object' },
        },
      },
    },
  },
};

/** The schema with no `required` list at any depth: the scope mask may omit any key of an answer's `data`. Pure. */
export function withoutRequired(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema)) return schema.map((s) => withoutRequired(s)) as unknown as JsonSchema;
  if (!schema || typeof schema !== 'object') return schema;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'required' && Array.isArray(value)) continue;
    if (key === 'properties' || key === 'patternProperties') out[key] = Object.fromEntries(Object.entries(value as JsonSchema).map(([k, v]) => [k, withoutRequired(v as JsonSchema)]));
    else out[key] = typeof value === 'object' && value !== null && !['enum', 'examples', 'default', 'const'].includes(key) ? withoutRequired(value as JsonSchema) : value;
  }
  return out;
}

/**
 * What every operation of this service may answer besides the official document's own list (the
 * document must list every status a route can return): the gates before the provider (framework
 * faults, credentials, limits, the in-flight guard, the access log) and the provider situations of
 * upstream mode (§3.1), whatever the official document shows for that route.
 */
const SURFACE_STATUSES = {
  '400': { description: 'Requête illisible', codes: ['00400'] },
  '401': { description: 'Jeton absent, invalide, expiré ou révoqué', codes: ['00101', '00103', '00105'] },
  '403': { description: 'Jeton sans le scope, le destinataire ou l’adresse IP de cet appel', codes: ['00100'] },
  '404': { description: 'Aucune donnée pour ces critères', codes: [] },
  '408': { description: 'Requête pas arrivée entière dans le délai (30 s par défaut), connexion fermée', codes: ['00408'] },
  '409': { description: 'La même requête est déjà en cours', codes: ['00015'] },
  '413': { description: 'Requête trop volumineuse', codes: ['00413'] },
  '429': { description: 'Trop de requêtes', codes: ['00429'] },
  '431': { description: 'Ligne de requête et en-têtes au-delà de 16 Kio, connexion fermée', codes: ['00431'] },
  '500': { description: 'Erreur interne', codes: ['00500'] },
  '502': { description: 'Erreur inconnue du fournisseur de données', codes: [] },
  '503': { description: 'Journal des accès indisponible', codes: ['00503'] },
  '504': { description: 'Fournisseur de données indisponible ou hors délai', codes: [] },
} satisfies Record<string, { description: string; codes: string[] }>;
/** One of the statuses above as a response of the document (routes outside the catalogue: introspection, pings). */
export function surfaceErrorResponse(status: keyof typeof SURFACE_STATUSES) {
  const { description, codes } = SURFACE_STATUSES[status]!;
  return { description: codes.length ? `${description}. Codes : ${codes.join(', ')}` : description, ...ERROR_SCHEMA };
}

/** What Node itself answers on any route, before it runs (headers too large, request timeout): for the routes outside the catalogue. */
export const connectionErrorResponses = () => ({ 408: surfaceErrorResponse('408'), 431: surfaceErrorResponse('431') });

const FRANCE_CONNECT_STATUSES: Record<string, string[]> = { '401': ['50001', '50002', '50003', '50004'], '502': ['50999'] };

/** Fastify route schema of one operation: parameters and responses as the official document has them, and the surface's own statuses. */
export function routeSchema(op: Operation, querystring: JsonSchema) {
  const ok = toJsonSchema2020(op.responseSchema);
  if (ok.properties?.data) ok.properties.data = withoutRequired(ok.properties.data as JsonSchema);
  const response: Record<string, unknown> = {
    200: { description: 'Succès. Les clés des scopes que le jeton ne détient pas sont omises (§2.3) : sous `data`, aucune clé n’est donc garantie.', ...ok },
  };
  const statuses = new Map<string, { description: string; codes: Set<string> }>();
  for (const [status, { description, examples }] of Object.entries(op.errorResponses)) statuses.set(status, { description, codes: new Set(examples.map((e) => e.code)) });
  for (const [status, { description, codes }] of Object.entries(SURFACE_STATUSES)) {
    const entry = statuses.get(status) ?? { description, codes: new Set<string>() };
    for (const code of codes) entry.codes.add(code);
    // Every FranceConnect route introspects the caller's token (§7.2): its own 401s, and 502 50999
    // for an answer of FranceConnect this service cannot read or trust.
    if (op.modality === 'france_connect') for (const code of FRANCE_CONNECT_STATUSES[status] ?? []) entry.codes.add(code);
    statuses.set(status, entry);
  }
  for (const [status, { description, codes }] of [...statuses].sort(([a], [b]) => Number(a) - Number(b))) {
    response[status] = { description: codes.size ? `${description}. Codes : ${[...codes].join(', ')}` : description, ...ERROR_SCHEMA };
  }
  return {
    operationId: op.id,
    summary: op.summary,
    description: op.description,
    tags: op.tags,
    querystring: toJsonSchema2020(querystring),
    headers: { type: 'object', properties: { 'Cache-Control': { type: 'string', description: '`no-cache` contourne le cache (routes DSS).' } } },
    response,
  };
}
