import { partnerOf } from '../http/auth.ts';
import type { RentalApp } from '../http/context.ts';
import { rentalResponses } from '../http/responses.ts';
import { TenantIdParams, TenantModelSchema } from '../http/schemas.ts';
import { RentalError } from '../errors.ts';
import { tenantIdInRange } from '../tenants/access.ts';
import { loadLinkedTenantModel } from '../tenants/tenant-model.ts';

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
      let cached = profiles?.get(partnerId, requested);
      // PostgreSQL: only once the changes committed before this read have reached the cache (profile-listener.ts).
      if (cached !== undefined && profiles!.barrier) cached = (await profiles!.barrier()) ? profiles!.get(partnerId, requested) : undefined;
      if (cached !== undefined) return reply.type('application/json; charset=utf-8').send(cached);
      const epoch = profiles?.epoch ?? 0;
      // Not linked, or no such tenant: the same 403 as `requireLinkedTenant`.
      const model = tenantIdInRange(requested) ? await loadLinkedTenantModel(db, partnerId, requested, app.rental.apiBase, app.rental.sharing) : null;
      if (!model) throw new RentalError('FORBIDDEN');
      const text = JSON.stringify(model);
      profiles?.set(partnerId, requested, epoch, text);
      return reply.type('application/json; charset=utf-8').send(text);
    },
  );
}
