import { partnerOf } from '../http/auth.ts';
import { sendModel, type RentalApp } from '../http/context.ts';
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
      const { db } = app.rental;
      const tenantId = await requireLinkedTenant(db, partnerOf(request).id, (request.params as { tenantId: number }).tenantId);
      return sendModel(reply, await loadTenantModel(db, tenantId));
    },
  );
}
