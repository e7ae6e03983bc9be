import { Type, type TSchema } from 'typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { partnerOf } from '../http/auth.ts';
import type { RentalApp } from '../http/context.ts';
import { rentalResponses } from '../http/responses.ts';
import { requireLinkedTenant } from '../tenants/access.ts';

/**
 * A share-link operation under `/tenant/{tenantId}/shareLinks`: the partner must be linked to the
 * tenant (403 otherwise, as every tenant route), then the handler gets the tenant's apartment.
 */
export function shareLinkRoute(
  app: RentalApp,
  route: {
    method: 'GET' | 'POST' | 'DELETE';
    path: string;
    operationId: string;
    summary: string;
    body?: TSchema;
    status: 200 | 201;
    ok: TSchema;
    /** Extra statuses (404 is always there: "Partner not found", unknown link). */
    conflict?: boolean;
    handle(context: { tenantId: number; apartmentId: number; partnerId: number; id: number | null }, request: FastifyRequest, reply: FastifyReply): Promise<unknown>;
  },
) {
  const hasId = route.path.includes(':id');
  // A DELETE may carry a body too: Fastify reads it, so its size and type can be refused (as tenantRoute documents).
  const { 200: ok, ...errors } = rentalResponses(route.ok, { ...(route.method !== 'GET' ? { body: 'json' as const } : {}), conflict: route.conflict ?? false });
  app.route({
    method: route.method,
    url: route.path,
    schema: {
      operationId: route.operationId,
      tags: ['share links'],
      summary: route.summary,
      params: hasId ? Type.Object({ tenantId: Type.Integer(), id: Type.Integer() }) : Type.Object({ tenantId: Type.Integer() }),
      ...(route.body ? { body: route.body } : {}),
      response: { [route.status]: ok, ...errors },
    },
    async handler(request, reply) {
      const params = request.params as { tenantId: number; id?: number };
      const partnerId = partnerOf(request).id;
      const tenantId = await requireLinkedTenant(app.rental.db, partnerId, params.tenantId);
      const tenant = await app.rental.db.selectFrom('rental.tenants').select('apartment_sharing_id').where('id', '=', tenantId).executeTakeFirstOrThrow();
      return route.handle({ tenantId, apartmentId: tenant.apartment_sharing_id, partnerId, id: params.id ?? null }, request, reply);
    },
  });
}
