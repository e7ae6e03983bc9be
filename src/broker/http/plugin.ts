import { parse as parseQueryString } from 'node:querystring';
import { registerSurfaceFaults } from '../../platform/http/framework-errors.ts';
import { registerSurfaceDocument } from '../../platform/http/openapi.ts';
import { installSurfaceValidation } from '../../platform/http/validation.ts';
import { BrokerError, brokerErrorBody } from '../errors.ts';
import { brokerAuthHook } from './auth.ts';
import type { BrokerApp, BrokerDeps } from './context.ts';
import { brokerErrorForFault, brokerErrorHandler } from './errors.ts';
import { BROKER_VALIDATION } from './validation.ts';
import { guidePage } from './guide-page.ts';
import { BROKER_ROUTES } from '../routes/index.ts';

/** The CREDITEO-compatible surface: its own validation, auth, errors, 404 and OpenAPI document. */
export async function brokerPlugin(app: BrokerApp, deps: BrokerDeps & { openapiServerUrl: string; prefix: string }) {
  app.decorateRequest('brokerActor', null);
  installSurfaceValidation(app, BROKER_VALIDATION);
  app.setErrorHandler(brokerErrorHandler(deps.guideUrl));
  // Faults Fastify raises before any of our hooks (bad URL, over-long path parameter) get our body too.
  registerSurfaceFaults(app, deps.prefix, (fault) => {
    const error = brokerErrorForFault(fault);
    return { status: error.status, body: brokerErrorBody(error, deps.guideUrl) };
  });
  // Bodies are JSON, or a form as the guide's own jQuery example posts (its fields arrive as strings).
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    const text = body as string;
    // `curl -d '{…}'` sends JSON labelled as a form: its one "key" would be the whole document.
    if (/^\s*[[{]/.test(text)) {
      done(new BrokerError('INVALID_FORM', [{ field: '$', message: 'the body is JSON sent as a form: send it with Content-Type: application/json' }]));
      return;
    }
    done(null, { ...parseQueryString(text) });
  });

  await registerSurfaceDocument(app, {
    decorator: 'brokerOpenapi',
    info: {
      title: 'Foyer — API courtier compatible CREDITEO',
      version: '1.0.0',
      description:
        'Remplacement direct de l\'API CREDITEO : changez seulement l\'URL de base. Authentification par l\'en-tête ' +
        '`X-CREDITEO-USER-AUTH-TOKEN`. Toute erreur a le corps `{"error", "apiguide", "code"}` du guide (§4), plus ' +
        '`details` : la liste des champs fautifs par chemin JSON. CORS : une requête de navigateur (en-tête `Origin`) ' +
        'doit venir d\'une origine déclarée sur la clé, sinon 428 "CORS not enabled." ; une requête sans `Origin` ' +
        '(de serveur à serveur) est acceptée ; le pré-vol OPTIONS est accepté pour toute origine déclarée sur une clé active.',
    },
    serverUrl: deps.openapiServerUrl,
    components: {
      securitySchemes: {
        crediteoToken: {
          type: 'apiKey',
          in: 'header',
          name: 'X-CREDITEO-USER-AUTH-TOKEN',
          description:
            'Clé d\'API du courtier. Une clé révoquée cesse de fonctionner aussitôt sur le serveur qui a exécuté la révocation, ' +
            'et au plus 5 secondes après sur les autres serveurs (déploiements PostgreSQL à plusieurs processus).',
        },
      },
    },
    security: [{ crediteoToken: [] }],
  });

  const guide = guidePage(deps.prefix);
  app.get('/guide', { schema: { hide: true } }, async (_request, reply) =>
    reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'")
      .send(guide),
  );

  // Everything below is authenticated; the OpenAPI document above is public.
  await app.register(async (secured) => {
    secured.addHook('onRequest', brokerAuthHook(deps));
    secured.setNotFoundHandler(() => {
      throw new BrokerError('REQUEST_NOT_FOUND');
    });
    for (const route of BROKER_ROUTES) route(secured as BrokerApp, deps);
  });
}
