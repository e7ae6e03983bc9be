import helmet from '@fastify/helmet';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

export interface DocumentedSurface {
  name: string;
  title: string;
  prefix: string;
  openapi: string;
}

/**
 * The pages a person reads: no inline script, our own origin only. Swagger UI sets its styles
 * inline, hence 'unsafe-inline' for styles alone.
 */
export const DOCS_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

/** `/docs`: an interactive reference offering every surface's OpenAPI document, with helmet's headers and a CSP. */
export async function registerDocs(app: FastifyInstance, surfaces: DocumentedSurface[]): Promise<void> {
  await app.register(async (pages) => {
    await pages.register(helmet, { contentSecurityPolicy: false });
    pages.addHook('onSend', async (_request, reply) => {
      reply.header('content-security-policy', DOCS_CSP);
    });
    await pages.register(swaggerUi, {
      routePrefix: '/docs',
      uiConfig: {
        urls: [...surfaces.map((s) => ({ url: s.openapi, name: s.title })), { url: '/docs/json', name: 'Platform' }],
      },
    });
  });
}

/** `GET /`: what this service offers and where its documents are, instead of a bare 404. */
export function registerIndex(app: FastifyInstance, info: { name: string; surfaces: DocumentedSurface[] }): void {
  const body = {
    service: info.name,
    docs: '/docs',
    health: '/health',
    ready: '/ready',
    surfaces: info.surfaces.map((s) => ({ name: s.name, title: s.title, prefix: s.prefix, openapi: s.openapi })),
  };
  app.get('/', { schema: { operationId: 'index', summary: 'The surfaces of this service and their documents' } }, async () => body);
}
