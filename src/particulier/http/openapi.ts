import type { JsonSchema } from '../catalogue/official.ts';
import type { Operation } from '../catalogue/operations.ts';
import { ParticulierError } from '../errors.ts';

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

const ERROR_SCHEMA = {
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

/** Fastify route schema of one operation: parameters and responses as the official document has them. */
export function routeSchema(op: Operation, querystring: JsonSchema) {
  const response: Record<string, unknown> = {
    200: { description: 'Succès', ...toJsonSchema2020(op.responseSchema) },
  };
  const statuses = { ...op.errorResponses };
  // Every FranceConnect route introspects the caller's token: an answer of FranceConnect this
  // service cannot read or trust (§7.2, an unexpected JWE or signature) is 502 50999, which the
  // official document lists on two of them only.
  if (op.modality === 'france_connect') {
    const current = statuses['502'] ?? { description: 'Erreur du fournisseur de données', examples: [] };
    statuses['502'] = { ...current, examples: [...current.examples, ParticulierError.generic('50999').body] };
  }
  for (const [status, { description, examples }] of Object.entries(statuses)) {
    response[status] = { description: `${description}. Codes : ${[...new Set(examples.map((e) => e.code))].join(', ')}`, ...ERROR_SCHEMA };
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
