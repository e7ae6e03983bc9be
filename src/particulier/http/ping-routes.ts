import type { FastifyInstance } from 'fastify';
import { ParticulierError } from '../errors.ts';
import type { ParticulierDeps } from './context.ts';
import { connectionErrorResponses, ERROR_SCHEMA, surfaceErrorResponse } from './openapi.ts';

const json = 'application/json; charset=utf-8';

const PING_BODY = {
  type: 'object',
  required: ['status', 'last_update', 'last_ok_status'],
  properties: {
    status: { type: 'string', enum: ['ok', 'unknown', 'bad_gateway'] },
    last_update: { type: ['string', 'null'], format: 'date-time' },
    last_ok_status: { type: ['string', 'null'], format: 'date-time' },
  },
};

/**
 * Health routes, public and outside the rate limits: `/api/ping` as the v2 document has it (`"pong"`),
 * and the per-API pings of spec §1.7 listed by `/api/pings` (200 for `ok`/`unknown`, 502 for `bad_gateway`).
 */
export function registerPingRoutes(app: FastifyInstance, deps: ParticulierDeps) {
  const tags = ['Ping'];
  app.get('/api/ping', { schema: { operationId: 'ping', summary: 'Statut du serveur', tags, security: [], response: { 200: { description: '"pong"', type: 'string', const: 'pong' }, ...connectionErrorResponses(), 500: surfaceErrorResponse('500') } } }, async (_request, reply) =>
    reply.type(json).send(JSON.stringify('pong')),
  );
  app.get('/api/pings', { schema: { operationId: 'pings', summary: 'Liste des pings par API', tags, security: [], response: { 200: { description: 'Les URL des pings', type: 'array', items: { type: 'string' } }, ...connectionErrorResponses(), 500: surfaceErrorResponse('500') } } }, async (_request, reply) =>
    reply.type(json).send(JSON.stringify(deps.pings.names.map((name) => `${deps.settings.prefix}/api/${name}/ping`))),
  );
  app.get('/api/:name/ping', {
      schema: {
        operationId: 'api_ping',
        summary: "Statut du fournisseur d'une API",
        tags,
        security: [],
        params: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] },
        response: {
          200: { description: 'Fournisseur joignable (ou état inconnu)', ...PING_BODY },
          400: surfaceErrorResponse('400'),
          404: { description: 'API inconnue. Code : 00404', ...ERROR_SCHEMA },
          ...connectionErrorResponses(),
          500: surfaceErrorResponse('500'),
          502: { description: 'Fournisseur en erreur', ...PING_BODY },
        },
      },
    }, async (request, reply) => {
    const body = deps.pings.body((request.params as { name: string }).name, deps.now().getTime());
    if (!body) throw ParticulierError.generic('00404');
    return reply.code(body.status === 'bad_gateway' ? 502 : 200).type(json).send(JSON.stringify(body));
  });
}
