import swagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import type { OpenAPIV3_1 } from 'openapi-types';
import { hoistRepeatedSchemas } from './openapi-hoist.ts';

export type OpenApiDocument = OpenAPIV3_1.Document;

export interface SurfaceDocument {
  /** Decorator that holds the document generator; unique per surface (e.g. `brokerOpenapi`). */
  decorator: string;
  info: OpenAPIV3_1.InfoObject;
  serverUrl: string;
  components?: OpenAPIV3_1.ComponentsObject;
  security?: OpenAPIV3_1.SecurityRequirementObject[];
  /** Where the document is served, relative to the surface's prefix. */
  path?: string;
  /** Operations served outside the surface's own context (e.g. its token endpoint), each path item with its `servers`. */
  extraPaths?: OpenAPIV3_1.PathsObject;
}

/**
 * One OpenAPI 3.1 document per surface: registered inside the surface's encapsulated context, so it
 * lists that surface's routes only, and served (publicly) at `path` under its prefix.
 */
export async function registerSurfaceDocument(app: FastifyInstance, document: SurfaceDocument): Promise<() => OpenApiDocument> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: document.info,
      servers: [{ url: document.serverUrl }],
      ...(document.components ? { components: document.components } : {}),
      ...(document.security ? { security: document.security } : {}),
    },
    decorator: document.decorator,
    // Shared schemas (`app.addSchema`) become components named by their `$id`, not `def-N`.
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => (typeof json.$id === 'string' ? json.$id : `def-${i}`) },
    ...(document.extraPaths ? { transformObject: (doc: object) => {
          const { openapiObject } = doc as { openapiObject: Partial<OpenApiDocument> };
          return { ...openapiObject, paths: { ...openapiObject.paths, ...document.extraPaths } };
        } } : {}),
  });
  // Routes are all registered once the server is ready: the document is built once, then served as is.
  let built: OpenApiDocument | undefined;
  const generate = () => (built ??= hoistRepeatedSchemas((app as unknown as Record<string, () => OpenApiDocument>)[document.decorator]!()));
  app.get(document.path ?? '/openapi.json', { schema: { hide: true } }, async () => generate());
  return generate;
}
