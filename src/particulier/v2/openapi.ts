import fs from 'node:fs';
import type { JsonSchema } from '../catalogue/official.ts';
import { toJsonSchema2020, withoutRequired } from '../http/openapi.ts';

/**
 * The v2 routes' part of the surface's document, read from the official v2 document kept in
 * `data/particulier/` (parameters and the 200 schema, its `$ref`s inlined), with the statuses this
 * layer answers: v2's flat error body for every failure the v3 pipeline can produce, translated as
 * `v2Status` does (422 → 400, 502 → 503).
 */
const OFFICIAL_V2_PATH = new URL('../../../data/particulier/api-particulier-v2.openapi.json', import.meta.url);

interface OfficialV2 {
  paths: Record<string, { get?: { summary?: string; description?: string; parameters?: (JsonSchema & { in: string; name: string })[]; responses: Record<string, JsonSchema> } }>;
  components: { schemas: Record<string, JsonSchema> };
}

let cached: OfficialV2 | undefined;
const officialV2 = (): OfficialV2 => (cached ??= JSON.parse(fs.readFileSync(OFFICIAL_V2_PATH, 'utf8')) as OfficialV2);

export const V2_ERROR_SCHEMA = {
  type: 'object',
  required: ['error', 'reason', 'message'],
  properties: { error: { type: 'string' }, reason: { type: 'string' }, message: { type: 'string' } },
};

const V2_ERRORS: Record<number, string> = {
  400: 'Paramètres invalides ou manquants (dont `recipient`)',
  401: 'Jeton absent, invalide, expiré ou révoqué',
  403: 'Jeton sans le scope, le destinataire ou l’adresse IP de cet appel',
  404: 'Aucune donnée pour ces critères',
  408: 'Requête pas arrivée entière dans le délai (30 s par défaut), connexion fermée',
  409: 'La même requête est déjà en cours',
  413: 'Requête trop volumineuse',
  429: 'Trop de requêtes',
  431: 'Ligne de requête et en-têtes au-delà de 16 Kio, connexion fermée',
  500: 'Erreur interne',
  503: 'Fournisseur de données en erreur, ou journal des accès indisponible',
  504: 'Fournisseur de données hors délai',
};

function inlineRefs(schema: unknown, components: Record<string, JsonSchema>, depth = 0): unknown {
  if (depth > 32 || schema === null || typeof schema !== 'object') return schema;
  if (Array.isArray(schema)) return schema.map((s) => inlineRefs(s, components, depth + 1));
  const ref = (schema as { $ref?: string }).$ref;
  if (typeof ref === 'string' && ref.startsWith('#/components/schemas/')) return inlineRefs(components[ref.slice('#/components/schemas/'.length)] ?? {}, components, depth + 1);
  return Object.fromEntries(Object.entries(schema).map(([k, v]) => [k, inlineRefs(v, components, depth + 1)]));
}

/** Fastify route schema of one v2 route, from its path in the official v2 document. */
export function v2RouteSchema(path: string, operationId: string) {
  const doc = officialV2();
  const official = doc.paths[path]?.get;
  if (!official) throw new Error(`no ${path} in the official v2 document`);
  const query = (official.parameters ?? []).filter((p) => p.in === 'query');
  const properties: Record<string, unknown> = Object.fromEntries(query.map((p) => [p.name, { ...(toJsonSchema2020(p.schema as JsonSchema) as object), ...(p.description ? { description: p.description } : {}) }]));
  properties.recipient ??= { type: 'string', description: 'SIRET du destinataire des données.' };
  properties.token = { type: 'string', description: 'Jeton API (compatibilité v2 ; préférez l’en-tête X-Api-Key).' };
  const ok = official.responses['200']?.content?.['application/json']?.schema as JsonSchema | undefined;
  // Scopes mask v2 answers too: no key is guaranteed.
  const response: Record<string, unknown> = { 200: { description: 'Succès (format v2) ; les clés des scopes absents sont omises', ...withoutRequired(toJsonSchema2020(inlineRefs(ok ?? {}, doc.components.schemas) as JsonSchema)) } };
  for (const [status, description] of Object.entries(V2_ERRORS)) response[status] = { description, ...V2_ERROR_SCHEMA };
  return {
    operationId,
    summary: `${official.summary ?? path} (v2, compatibilité → v3)`,
    tags: ['v2'],
    security: [{ x_api_key: [] }, { france_connect: [] }] as Record<string, string[]>[],
    querystring: { type: 'object', properties, required: ['recipient'] },
    response,
  };
}
