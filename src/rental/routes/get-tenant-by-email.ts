import { Type } from 'typebox';
import { partnerOf } from '../http/auth.ts';
import { sendModel, type RentalApp } from '../http/context.ts';
import { rentalResponses } from '../http/responses.ts';
import { TenantModelSchema } from '../http/schemas.ts';
import { loadTenantModel } from '../tenants/tenant-model.ts';

/** §3.1: 404 (empty) when no tenant has exactly this email, 403 (empty) when it is not linked to the partner. */
export function getTenantByEmail(app: RentalApp) {
  app.get(
    '/email/:email/tenant',
    {
      schema: {
        operationId: 'getTenantByEmail',
        tags: ['tenant'],
        summary: 'The TenantModel of the tenant with exactly this email (case-sensitive), if linked to the partner',
        params: Type.Object({ email: Type.String({ maxLength: 320 }) }),
        response: rentalResponses(TenantModelSchema, { emptyNotFound: true }),
      },
    },
    async (request, reply) => {
      const { db } = app.rental;
      const { email } = request.params as { email: string };
      const tenant = await db.selectFrom('rental.tenants').select('id').where('email', '=', email).executeTakeFirst();
      if (!tenant) return reply.code(404).send();
      const link = await db.selectFrom('rental.tenant_partners').select('tenant_id').where('tenant_id', '=', tenant.id).where('partner_id', '=', partnerOf(request).id).executeTakeFirst();
      if (!link) return reply.code(403).send();
      return sendModel(reply, await loadTenantModel(db, tenant.id, app.rental.apiBase, { sharing: app.rental.sharing, partnerId: partnerOf(request).id }));
    },
  );
}
