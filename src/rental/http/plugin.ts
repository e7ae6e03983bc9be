import multipart from '@fastify/multipart';
import { registerSurfaceFaults } from '../../platform/http/framework-errors.ts';
import { registerSurfaceDocument } from '../../platform/http/openapi.ts';
import { installSurfaceValidation } from '../../platform/http/validation.ts';
import { RentalError, rentalErrorBody } from '../errors.ts';
import type { RentalRuntime } from '../module/runtime.ts';
import { normalizeBodyEmails } from '../tenants/email.ts';
import { RENTAL_ROUTES } from '../routes/index.ts';
import { partnerAuthHook } from './auth.ts';
import { UPLOAD_LIMITS } from './multipart.ts';
import { OAUTH_SCHEMAS, oauthPaths } from '../oauth/openapi.ts';
import { RENTAL_ERROR_SCHEMAS } from './responses.ts';
import type { RentalApp } from './context.ts';
import { rentalErrorForFault, rentalErrorHandler } from './errors.ts';

/** The DossierFacile-compatible partner surface: its validation, auth, errors, 404 and OpenAPI document. */
export async function rentalPlugin(app: RentalApp, runtime: RentalRuntime, options: { prefix: string; publicUrl: string; oauthPrefix: string }) {
  const issuer = runtime.settings.oauthIssuer;
  app.decorate('rental', runtime);
  app.decorateRequest('partner', null);
  installSurfaceValidation(app);
  app.setErrorHandler(rentalErrorHandler);
  registerSurfaceFaults(app, options.prefix, (fault) => {
    const error = rentalErrorForFault(fault);
    return { status: error.status, body: rentalErrorBody(error).body };
  });
  app.removeContentTypeParser('text/plain');
  for (const schema of RENTAL_ERROR_SCHEMAS) app.addSchema(schema);

  await registerSurfaceDocument(app, {
    decorator: 'rentalOpenapi',
    info: {
      title: 'Foyer — API Partenaire compatible DossierFacile',
      version: '1.0.0',
      description:
        'Remplacement de l\'API Partenaire de DossierFacile : changez seulement l\'URL de base (et l\'émetteur des jetons). ' +
        'Jeton OAuth2 client credentials obtenu sur `POST /oauth/token` (scope `api-partner`). 401 (corps vide) sans jeton ' +
        'ou avec un jeton invalide ; 403 (corps vide) pour un jeton sans `client_id` ou sans le scope. Un locataire d\'un ' +
        'autre partenaire, ou inexistant, répond 403 `{"status":"FORBIDDEN","message":"Access Denied"}`. Erreurs de ' +
        'validation : 400 `{"errors":["champ: message"]}` ; là où DossierFacile répond 500, Foyer répond 400/403/404.',
    },
    serverUrl: `${options.publicUrl}${options.prefix}`,
    components: {
      schemas: OAUTH_SCHEMAS,
      securitySchemes: {
        partnerOAuth: issuer
          ? { type: 'openIdConnect', openIdConnectUrl: `${issuer}/.well-known/openid-configuration`, description: 'Jetons client credentials de l\'émetteur externe (scope `api-partner`, claim `client_id`).' }
          : { type: 'oauth2', flows: { clientCredentials: { tokenUrl: `${options.publicUrl}${options.oauthPrefix}/token`, scopes: { 'api-partner': 'API Partenaire' } } } },
      },
    },
    extraPaths: oauthPaths(options.publicUrl, options.oauthPrefix, issuer !== null),
    security: [{ partnerOAuth: ['api-partner'] }],
  });

  await app.register(async (secured) => {
    await secured.register(multipart, { limits: { files: UPLOAD_LIMITS.files, parts: UPLOAD_LIMITS.parts, fieldSize: UPLOAD_LIMITS.fieldSize, fileSize: UPLOAD_LIMITS.fileSize }, throwFileSizeLimit: true });
    secured.addHook('onRequest', partnerAuthHook(runtime));
    secured.addHook('preValidation', async (request) => normalizeBodyEmails(request.body));
    secured.setNotFoundHandler(() => {
      throw new RentalError('NOT_FOUND');
    });
    for (const route of RENTAL_ROUTES) route(secured);
  });
}
