import type { FastifyInstance, FastifyRequest } from 'fastify';
import { registerSurfaceFaults, type FrameworkFault } from '../../platform/http/framework-errors.ts';
import { registerSurfaceDocument } from '../../platform/http/openapi.ts';
import { errorBody, ParticulierError, type GenericCode } from '../errors.ts';
import { querySchema } from '../params/validation.ts';
import { authenticate } from './auth.ts';
import { callRouteLogLevel } from './call-log-level.ts';
import type { ParticulierDeps } from './context.ts';
import { particulierErrorHandler } from './framework-errors.ts';
import { CALL_RECORD, callRecordOf, operationHandler } from './operation-handler.ts';
import { connectionErrorResponses, routeSchema, surfaceErrorResponse } from './openapi.ts';
import { registerV2Routes } from '../v2/routes.ts';
import { v2ErrorBody, v2Status } from '../v2/errors.ts';
import { V2_ROUTES } from '../v2/requests.ts';
import { registerPingRoutes } from './ping-routes.ts';

const DESCRIPTION = `Remplacement compatible d'API Particulier v3 (et des routes v4) : changez seulement l'URL de base.

- Authentification \`Authorization: Bearer <JWT>\` (HS256) ; le jeton est recherché par son \`jti\` : la base fait foi pour les scopes, l'expiration et la révocation. Routes FranceConnect : le jeton d'accès FranceConnect remplace le jeton API, ses scopes s'appliquent.
- \`recipient\` (SIRET, clé de Luhn) est obligatoire sur toutes les routes : absent → 422 \`00203\`, invalide → 422 \`00210\`.
- Erreurs au format \`{"errors":[{"code","title","detail","source","meta"}]}\`. Un paramètre mal formé ou manquant sans code documenté reçoit \`00366\` avec \`source.parameter\` ; \`00360\` (INE), \`00380\` (identifiant manquant), \`00419\` (MEN), \`00427\` (sexe manquant, DSNJ) comme documenté. Codes propres à Foyer pour ce que le contrat ne nomme pas : \`00404\` route inconnue, \`00400\` requête illisible, \`00408\` requête pas arrivée entière dans le délai (30 s par défaut), \`00413\` corps trop gros, \`00431\` ligne de requête et en-têtes au-delà de 16 Kio (408 et 431 ferment la connexion ; sur les routes v2, au format v2 \`request_timeout\` / \`request_header_fields_too_large\`), \`00500\` erreur interne ; \`00402\` version non prise en charge.
- Les clés des scopes absents sont omises ; le bac à sable de Foyer applique ce masque (le staging officiel ne le fait pas).
- \`RateLimit-Limit\`, \`RateLimit-Remaining\`, \`RateLimit-Reset\` (fenêtres fixes alignées sur l'epoch) sur les réponses des opérations ; 429 \`00429\` avec \`Retry-After\`.
- Jeton restreint à des SIRET destinataires ou à des adresses IP : hors liste → 403 \`00100\`.`;

const FAULT_CODES: Partial<Record<FrameworkFault['kind'], GenericCode>> = { 'body-too-large': '00413', 'headers-too-large': '00431', 'request-timeout': '00408' };

/** The API Particulier-compatible surface: one route per catalogue operation, its errors, 404s and document. */
export async function particulierPlugin(app: FastifyInstance, deps: ParticulierDeps) {
  app.setErrorHandler(particulierErrorHandler);
  // Faults Fastify or Node raise before any of our hooks (bad URL, headers too large, timeout) get our
  // body too: v2's flat one on the v2 routes.
  const v2Paths = new Set(V2_ROUTES.map((route) => `${deps.settings.prefix}${route.path}`));
  registerSurfaceFaults(app, deps.settings.prefix, (fault, path) => {
    const failure = ParticulierError.generic(FAULT_CODES[fault.kind] ?? '00400');
    return v2Paths.has(path) ? { status: v2Status(failure.status), body: v2ErrorBody(failure.status, failure.body) } : { status: failure.status, body: errorBody(failure.body) };
  });
  // Parameters are checked by the handler, after the credentials, with the contract's codes;
  // bodies are serialised by the handler.
  app.setValidatorCompiler(() => () => true);
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.decorateRequest(CALL_RECORD, null);
  // Callback-style hooks: they run on every call, and cost less than async ones.
  app.addHook('onRequest', (request, reply, done) => {
    if (deps.bans.isBanned(request.ip, deps.now().getTime())) {
      // A banned address gets no HTTP answer at all (spec §4): the connection is dropped.
      reply.hijack();
      request.raw.destroy();
      request.raw.socket?.destroy();
      return;
    }
    reply.header('X-Request-ID', String(request.id));
    done();
  });
  app.addHook('onResponse', (request, reply, done) => {
    const record = callRecordOf(request);
    if (!record) return done();
    deps.accessLog.add({
      at: record.at,
      requestId: String(request.id),
      tokenJti: record.tokenJti,
      operation: record.operation,
      recipient: record.recipient,
      status: reply.statusCode,
      durationMs: performance.now() - record.startedAt,
      paramsHash: record.paramsHash,
    });
    done();
  });
  app.addHook('onClose', async () => {
    await deps.accessLog.close();
  });

  await registerSurfaceDocument(app, {
    decorator: 'particulierOpenapi',
    info: { title: 'Foyer — API compatible API Particulier v3', version: '3.0.0', description: DESCRIPTION },
    serverUrl: deps.openapiServerUrl,
    components: {
      securitySchemes: {
        jwt_bearer_token: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
        x_api_key: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'Routes v2 : le jeton API.' },
        france_connect: { type: 'http', scheme: 'bearer', description: 'Routes v2 FranceConnectées : le jeton d’accès FranceConnect remplace X-Api-Key.' },
      },
    },
    security: [{ jwt_bearer_token: [] }],
  });

  const byApi = new Map(deps.operations.filter((o) => o.modality === 'identite').map((o) => [o.api, o]));
  const logLevel = callRouteLogLevel(app, deps.settings.callLogLevel);
  for (const op of deps.operations) {
    const base = querySchema(op);
    const querystring = {
      ...base,
      properties: { recipient: { type: 'string', description: 'SIRET du destinataire des données.', example: '13002526500013' }, ...base.properties },
      required: ['recipient', ...base.required],
    };
    app.get(op.path, { schema: routeSchema(op, querystring), ...logLevel }, operationHandler(op, deps, byApi.get(op.api)));
  }

  registerV2Routes(app, deps);
  registerPingRoutes(app, deps);

  app.get('/api/introspect', {
      schema: {
        operationId: 'introspect',
        summary: 'Droits du jeton',
        tags: ['Jeton'],
        querystring: { type: 'object', properties: { token: { type: 'string', description: 'Le jeton, si ni Authorization ni X-Api-Key ne le portent.' } } },
        response: {
          200: {
            description: 'Le jeton',
            type: 'object',
            required: ['_id', 'name', 'scopes'],
            properties: { _id: { type: 'string' }, name: { type: ['string', 'null'] }, scopes: { type: 'array', items: { type: 'string' } } },
          },
          400: surfaceErrorResponse('400'),
          401: surfaceErrorResponse('401'),
          ...connectionErrorResponses(),
          500: surfaceErrorResponse('500'),
        },
      },
    }, async (request: FastifyRequest, reply) => {
    const query = request.query as Record<string, unknown>;
    const header = /^Bearer\s+(\S+)\s*$/i.exec(String(request.headers.authorization ?? ''))?.[1];
    const apiKey = request.headers['x-api-key'];
    const token = header ?? (typeof apiKey === 'string' ? apiKey : null) ?? (typeof query.token === 'string' ? query.token : null);
    const row = await authenticate(token, deps.secret, deps.tokens, deps.now());
    return reply.type('application/json; charset=utf-8').send(JSON.stringify({ _id: row.jti, name: row.name, scopes: row.scopes }));
  });

  const routes = new Set(deps.operations.map((o) => o.path.replace(/^\/v\d+/, '')));
  const paths = new Set(deps.operations.map((o) => o.path));
  app.setNotFoundHandler((request) => {
    const path = request.url.split('?')[0]!.slice(deps.settings.prefix.length);
    const version = /^\/v(\d+)(\/.*)$/.exec(path);
    // A known route in a version that does not serve it (not another method on a served path).
    if (version && !paths.has(path) && routes.has(version[2]!.replace(/\/+$/, ''))) {
      throw ParticulierError.generic('00402', { detail: `La version v${version[1]} n'est pas supportée pour cet endpoint` });
    }
    throw ParticulierError.generic('00404');
  });
}
