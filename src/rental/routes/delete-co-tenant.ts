import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { deleteCoTenant } from '../tenants/deletion.ts';
import { tenantRoute } from './tenant-route.ts';

export function deleteCoTenantRoute(app: RentalApp) {
  tenantRoute(app, {
    method: 'DELETE',
    path: '/tenant/:tenantId/deleteCoTenant/:id',
    operationId: 'deleteCoTenant',
    summary: 'The main (CREATE) tenant removes a JOIN co-tenant of its apartment, account and all',
    ok: Type.Null(),
    async handle(tenantId, id, _request, reply) {
      await deleteCoTenant(app.rental, tenantId, id!, app.rental.now());
      return reply.code(200).send();
    },
  });
}
