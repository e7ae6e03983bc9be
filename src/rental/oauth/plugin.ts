import { parse as parseQueryString } from 'node:querystring';
import type { FastifyInstance } from 'fastify';
import { registerSurfaceFaults } from '../../platform/http/framework-errors.ts';
import { authenticateClient } from '../partners/partners.ts';
import type { RentalRuntime } from '../module/runtime.ts';
import { grantScopes, readTokenRequest } from './client-credentials.ts';
import { clientClaims } from './tokens.ts';
import { OAuthError, oauthErrorBody } from './errors.ts';

/** `POST /oauth/token` (client credentials) and `GET /oauth/jwks`: the partner API's token issuer. */
export async function oauthPlugin(app: FastifyInstance, runtime: RentalRuntime, prefix: string) {
  const invalidRequest = (status: number, description: string) => ({ status, body: oauthErrorBody(new OAuthError('invalid_request', description)) });
  registerSurfaceFaults(app, prefix, (fault) => {
    switch (fault.kind) {
      case 'body-too-large':
        return invalidRequest(413, 'the request body is too large');
      case 'headers-too-large':
        return invalidRequest(431, 'the request line and headers are too large');
      case 'request-timeout':
        return invalidRequest(408, 'the request did not arrive whole within the time limit');
      default:
        return invalidRequest(400, 'the request could not be read');
    }
  });
  app.setErrorHandler((error, request, reply) => {
    const oauth =
      error instanceof OAuthError
        ? error
        : (error as { code?: string }).code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE'
          ? new OAuthError('invalid_request', 'send the parameters as application/x-www-form-urlencoded')
          : typeof (error as { statusCode?: number }).statusCode === 'number' && (error as { statusCode: number }).statusCode < 500
            ? new OAuthError('invalid_request', 'the request could not be read')
            : null;
    if (!oauth) {
      request.log.error({ err: error }, 'oauth request failed');
      return reply.code(500).header('cache-control', 'no-store').send({ error: 'server_error', error_description: 'internal error' });
    }
    if (oauth.status === 401 && oauth.basic) reply.header('www-authenticate', 'Basic realm="foyer", charset="UTF-8"');
    return reply.code(oauth.status).header('cache-control', 'no-store').header('pragma', 'no-cache').send(oauthErrorBody(oauth));
  });
  app.removeContentTypeParser('application/json');
  app.removeContentTypeParser('text/plain');
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 8192 }, (_req, body, done) => {
    done(null, { ...parseQueryString(body as string) });
  });
  app.setNotFoundHandler((_request, reply) => reply.code(404).send({ error: 'not_found', error_description: 'no such endpoint' }));

  // With an external issuer, tokens come from it alone: a local one would not verify (§1.1).
  if (runtime.settings.oauthIssuer) {
    const elsewhere = { error: 'not_found', error_description: `tokens are issued by ${runtime.settings.oauthIssuer}` };
    app.post('/token', { schema: { hide: true } }, async (_request, reply) => reply.code(404).header('cache-control', 'no-store').send(elsewhere));
    app.get('/jwks', { schema: { hide: true } }, async (_request, reply) => reply.code(404).send(elsewhere));
    return;
  }

  app.post('/token', { schema: { hide: true } }, async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, string | string[] | undefined>;
    const asked = readTokenRequest(form, request.headers.authorization);
    const partner = await authenticateClient(runtime.db, asked.clientId, asked.clientSecret);
    if (!partner) throw new OAuthError('invalid_client', 'unknown client or wrong secret', asked.basic);
    const scopes = grantScopes(asked.scopes, partner.scopes);
    const ttl = runtime.settings.tokenTtlSeconds;
    const token = await runtime.issuer.sign(clientClaims(partner.name, scopes), ttl);
    return reply
      .header('cache-control', 'no-store')
      .header('pragma', 'no-cache')
      .send({ access_token: token, token_type: 'Bearer', expires_in: ttl, scope: scopes.join(' ') });
  });

  app.get('/jwks', { schema: { hide: true } }, async (_request, reply) => reply.header('cache-control', 'public, max-age=300').send(runtime.issuer.jwks()));
}
