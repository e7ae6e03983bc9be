import { partnerOf } from '../http/auth.ts';
import type { RentalApp } from '../http/context.ts';
import { rentalResponses } from '../http/responses.ts';
import { TenantIdParams, TenantModelSchema } from '../http/schemas.ts';
import { requireLinkedTenant } from '../tenants/access.ts';
import { loadTenantModel } from '../tenants/tenant-model.ts';

export function getProfile(app: RentalApp) {
  app.get(
    '/tenant/:tenantId/profile',
    {
      schema: {
        operationId: 'getTenantProfile',
        tags: ['tenant'],
        summary: 'The tenant file (TenantModel) of a tenant linked to the partner',
        params: TenantIdParams,
        response: rentalResponses(TenantModelSchema),
      },
    },
    async (request, reply) => {
      const { db, profiles } = app.rental;
      const partnerId = partnerOf(request).id;
      const requested = (request.params as { tenantId: number }).tenantId;
      const cached = profiles?.get(partnerId, requested);
      if (cached !== undefined) return reply.type('application/json; charset=utf-8').send(cached);
      const epoch = profiles?.epoch ?? 0;
      const tenantId = await requireLinkedTenant(db, partnerId, requested);
      const text = JSON.stringify(await loadTenantModel(db, tenantId, app.rental.apiBase, { sharing: app.rental.sharing, partnerId: partnerOf(request).id }));
      profiles?.set(partnerId, tenantId, epoch, text);
      return reply.type('application/json; charset=utf-8').send(text);
    },
  );
}
