import { Type, type TSchema } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { partnerOf } from '../http/auth.ts';
import { rentalResponses } from '../http/responses.ts';
import type { RentalApp } from '../http/context.ts';
import { requireLinkedTenant } from '../tenants/access.ts';


/**
 * A route under `/tenant/{tenantId}/…{id}`: the partner must be linked to `tenantId` (403 otherwise,
 * the same for a tenant that does not exist), then the handler runs with both ids.
 */
export function tenantRoute(
  app: RentalApp,
  route: {
    method: 'GET' | 'POST' | 'PUT' | 'DELETE';
    path: string;
    operationId: string;
    summary: string;
    body?: TSchema;
    /** The success body (200). */
    ok: TSchema;
    handle(tenantId: number, id: number | null, request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
  },
) {
  const hasId = route.path.includes(':id');
  app.route({
    method: route.method,
    url: route.path,
    schema: {
      operationId: route.operationId,
      tags: ['tenant'],
      summary: route.summary,
      params: hasId ? Type.Object({ tenantId: Type.Integer(), id: Type.Integer() }) : Type.Object({ tenantId: Type.Integer() }),
      ...(route.body ? { body: route.body } : {}),
      // A DELETE or PUT may carry a body too: Fastify reads it, so its size and type can be refused.
      response: rentalResponses(route.ok, route.method === 'GET' ? {} : { body: 'json' }),
    },
    async handler(request, reply) {
      const params = request.params as { tenantId: number; id?: number };
      const tenantId = await requireLinkedTenant(app.rental.db, partnerOf(request).id, params.tenantId);
      return route.handle(tenantId, params.id ?? null, request, reply);
    },
  });
}
