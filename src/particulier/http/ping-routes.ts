import type { FastifyInstance } from 'fastify';
import { ParticulierError } from '../errors.ts';
import type { ParticulierDeps } from './context.ts';

const json = 'application/json; charset=utf-8';

/**
 * Health routes, public and outside the rate limits: `/api/ping` as the v2 document has it (`"pong"`),
 * and the per-API pings of spec §1.7 listed by `/api/pings` (200 for `ok`/`unknown`, 502 for `bad_gateway`).
 */
export function registerPingRoutes(app: FastifyInstance, deps: ParticulierDeps) {
  const tags = ['Ping'];
  app.get('/api/ping', { schema: { operationId: 'ping', summary: 'Statut du serveur', tags, security: [] } }, async (_request, reply) =>
    reply.type(json).send(JSON.stringify('pong')),
  );
  app.get('/api/pings', { schema: { operationId: 'pings', summary: 'Liste des pings par API', tags, security: [] } }, async (_request, reply) =>
    reply.type(json).send(JSON.stringify(deps.pings.names.map((name) => `${deps.settings.prefix}/api/${name}/ping`))),
  );
  app.get('/api/:name/ping', { schema: { operationId: 'api_ping', summary: "Statut du fournisseur d'une API", tags, security: [] } }, async (request, reply) => {
    const body = deps.pings.body((request.params as { name: string }).name, deps.now().getTime());
    if (!body) throw ParticulierError.generic('00404');
    return reply.code(body.status === 'bad_gateway' ? 502 : 200).type(json).send(JSON.stringify(body));
  });
}
