import type { OpenApiDocument } from './openapi.ts';

type Json = Record<string, unknown>;

/** Schemas smaller than this (serialised) stay inline: a reference would not be shorter. */
const MIN_HOISTED_LENGTH = 200;

/**
 * Route schemas are written inline (one TypeBox object per route), so a shared error body appears
 * once per status of every operation. This moves every request or response schema used more than
 * once into `components.schemas` and points each use at it: the document shrinks several-fold and
 * client generators produce one type per shape instead of one per operation. Pure: returns a copy.
 */
export function hoistRepeatedSchemas(document: OpenApiDocument): OpenApiDocument {
  const copy = structuredClone(document) as unknown as Json;
  const sites = mediaSchemaSites(copy);
  const byShape = new Map<string, { schema: Json; name: string; uses: Json[] }>();
  for (const site of sites) {
    const schema = site.media.schema as Json;
    const shape = JSON.stringify(schema);
    if (shape.length < MIN_HOISTED_LENGTH || '$ref' in schema) continue;
    const entry = byShape.get(shape);
    if (entry) entry.uses.push(site.media);
    else byShape.set(shape, { schema, name: site.name, uses: [site.media] });
  }
  const components = ((copy.components ??= {}) as Json);
  const schemas = ((components.schemas ??= {}) as Json);
  const taken = new Set(Object.keys(schemas));
  for (const entry of byShape.values()) {
    if (entry.uses.length < 2) continue;
    const name = uniqueName(typeof entry.schema.title === 'string' ? entry.schema.title : entry.name, taken);
    schemas[name] = entry.schema;
    for (const media of entry.uses) media.schema = { $ref: `#/components/schemas/${name}` };
  }
  return copy as unknown as OpenApiDocument;
}

interface SchemaSite {
  media: Json;
  /** A readable name from the first place the schema appears (`createProspect409`). */
  name: string;
}

function mediaSchemaSites(document: Json): SchemaSite[] {
  const sites: SchemaSite[] = [];
  for (const pathItem of Object.values((document.paths ?? {}) as Record<string, Json>)) {
    for (const [method, operation] of Object.entries(pathItem)) {
      if (typeof operation !== 'object' || operation === null || !('responses' in operation)) continue;
      const op = operation as Json;
      const base = typeof op.operationId === 'string' ? op.operationId : method;
      const body = op.requestBody as Json | undefined;
      for (const media of contentOf(body)) sites.push({ media, name: `${base}Body` });
      for (const [status, response] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
        for (const media of contentOf(response)) sites.push({ media, name: `${base}${status}` });
      }
    }
  }
  return sites;
}

/**
 * The media schemas of a request body or response. fastify-swagger copies a schema's description
 * onto the response too; the copy inside the schema is dropped so that one shape described for
 * several statuses is still one shape.
 */
function contentOf(holder: Json | undefined): Json[] {
  const content = holder?.content as Record<string, Json> | undefined;
  if (!content) return [];
  const medias = Object.values(content).filter((media) => typeof media.schema === 'object' && media.schema !== null);
  for (const media of medias) {
    const schema = media.schema as Json;
    if (holder!.description !== undefined && schema.description === holder!.description) delete schema.description;
  }
  return medias;
}

function uniqueName(wanted: string, taken: Set<string>): string {
  const base = wanted.replace(/[^A-Za-z0-9._-]/g, '_') || 'Schema';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}${n}`;
  taken.add(name);
  return name;
}
