import type { OpenAPIV3_1 } from 'openapi-types';
import { OAUTH_ERRORS } from './errors.ts';

/** The `/oauth` operations, written into the partner API's document (they live in their own Fastify context). */
export const OAUTH_SCHEMAS: Record<string, OpenAPIV3_1.SchemaObject> = {
  OAuthError: {
    type: 'object',
    description: 'Erreur OAuth2 (RFC 6749 §5.2).',
    required: ['error', 'error_description'],
    properties: { error: { type: 'string', enum: [...Object.keys(OAUTH_ERRORS), 'not_found', 'server_error'] }, error_description: { type: 'string' } },
  },
  OAuthToken: {
    type: 'object',
    required: ['access_token', 'token_type', 'expires_in', 'scope'],
    properties: { access_token: { type: 'string' }, token_type: { const: 'Bearer' }, expires_in: { type: 'integer' }, scope: { type: 'string' } },
  },
  Jwks: { type: 'object', required: ['keys'], properties: { keys: { type: 'array', items: { type: 'object', required: ['kty'], properties: { kty: { type: 'string' } } } } } },
};

const json = (name: string, description: string) => ({ description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } } });
const oauthError = (description: string) => json('OAuthError', description);

/**
 * `servers` names the public origin: these paths are not under the partner API's prefix. With an
 * external issuer (FOYER_RENTAL_OAUTH_ISSUER) both answer 404 `not_found`: tokens come from that issuer.
 */
export function oauthPaths(publicUrl: string, oauthPrefix: string, external: boolean): OpenAPIV3_1.PathsObject {
  const servers = [{ url: publicUrl }];
  const notFound = oauthError(external ? 'Émetteur externe configuré : les jetons viennent de lui (`not_found`).' : 'Route inconnue (`not_found`).');
  const timeout = oauthError('`invalid_request` : la requête n\'est pas arrivée entière dans le délai du service (30 s par défaut) ; la connexion est fermée.');
  const headersTooLarge = oauthError('`invalid_request` : ligne de requête et en-têtes au-delà de 16 Kio ; la connexion est fermée.');
  const paths = {
    [`${oauthPrefix}/token`]: {
      servers,
      post: {
        operationId: 'oauthToken',
        tags: ['oauth'],
        summary: 'Jeton client credentials (JWT ES256, scope `api-partner`), corps application/x-www-form-urlencoded ou HTTP Basic',
        security: [],
        requestBody: {
          content: {
            'application/x-www-form-urlencoded': {
              schema: {
                type: 'object',
                required: ['grant_type'],
                properties: {
                  grant_type: { const: 'client_credentials' },
                  client_id: { type: 'string', maxLength: 255 },
                  client_secret: { type: 'string', maxLength: 255 },
                  scope: { type: 'string', maxLength: 255 },
                },
              },
            },
          },
        },
        responses: {
          200: json('OAuthToken', 'Jeton d\'accès.'),
          400: oauthError('`invalid_request`, `unsupported_grant_type`, `invalid_scope` (RFC 6749 §5.2).'),
          401: oauthError('`invalid_client` : client inconnu ou secret faux (avec `WWW-Authenticate: Basic` si HTTP Basic).'),
          404: notFound,
          408: timeout,
          413: oauthError('`invalid_request` : corps trop grand (8 Kio).'),
          431: headersTooLarge,
        },
      },
    },
    [`${oauthPrefix}/jwks`]: {
      servers,
      get: {
        operationId: 'oauthJwks',
        tags: ['oauth'],
        summary: 'Clés publiques de vérification des jetons (JWKS)',
        security: [],
        responses: { 200: json('Jwks', 'JWKS.'), 404: notFound, 408: timeout, 431: headersTooLarge },
      },
    },
  };
  // openapi-types types a 3.1 path item's responses with its 3.0 media objects.
  return paths as unknown as OpenAPIV3_1.PathsObject;
}
