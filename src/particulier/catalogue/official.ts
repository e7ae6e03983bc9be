import fs from 'node:fs';

/**
 * The official API Particulier v3 OpenAPI document (Etalab, MIT), kept verbatim as YAML in
 * `data/particulier/` and converted once to JSON (scripts/particulier/openapi-json.ts) because the
 * YAML takes seconds to parse. Everything about parameters and responses is read from it.
 */
export const OFFICIAL_V3_PATH = new URL('../../../data/particulier/api-particulier-v3.openapi.json', import.meta.url);

export interface OfficialParameter {
  name: string;
  in: 'query' | 'header';
  required?: boolean;
  description?: string;
  example?: unknown;
  schema: JsonSchema;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type JsonSchema = Record<string, any>;

export interface OfficialExample {
  summary?: string;
  value: unknown;
}

export interface OfficialResponse {
  description: string;
  headers?: Record<string, { schema: JsonSchema; description?: string }>;
  'x-operationId'?: string;
  content?: { 'application/json': { schema: JsonSchema; examples?: Record<string, OfficialExample> } };
}

export interface OfficialOperation {
  summary: string;
  description?: string;
  tags?: string[];
  parameters: OfficialParameter[];
  responses: Record<string, OfficialResponse>;
}

export interface OfficialDocument {
  info: { title: string; version: string; description: string };
  paths: Record<string, { get: OfficialOperation }>;
  components: { schemas: Record<string, JsonSchema>; securitySchemes: Record<string, unknown> };
}

let cached: OfficialDocument | undefined;

export function officialV3(): OfficialDocument {
  cached ??= JSON.parse(fs.readFileSync(OFFICIAL_V3_PATH, 'utf8')) as OfficialDocument;
  return cached;
}
