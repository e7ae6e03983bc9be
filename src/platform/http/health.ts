import type { FastifyInstance } from 'fastify';
import type { Database } from '../db/index.ts';

export function registerHealthRoutes(app: FastifyInstance, db: Database) {
  app.get('/health', { schema: { operationId: 'health', summary: 'Liveness' } }, async () => ({ status: 'ok' }));
  app.get('/ready', { schema: { operationId: 'ready', summary: 'Readiness: the database answers' } }, async (_req, reply) => {
    try {
      await db.ping();
      return { status: 'ready', database: db.kind };
    } catch {
      return reply.code(503).send({ status: 'unavailable', database: db.kind });
    }
  });
}
