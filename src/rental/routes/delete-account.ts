import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { deleteAccount } from '../tenants/deletion.ts';
import { tenantRoute } from './tenant-route.ts';

export function deleteAccountRoute(app: RentalApp) {
  tenantRoute(app, {
    method: 'DELETE',
    path: '/tenant/:tenantId/user/deleteAccount',
    operationId: 'deleteAccount',
    summary: 'Deletes the account (GDPR); a main tenant takes its co-tenants and the apartment with it',
    ok: Type.Null(),
    async handle(tenantId, _id, _request, reply) {
      await deleteAccount(app.rental, tenantId, app.rental.now());
      return reply.code(200).send();
    },
  });
}
