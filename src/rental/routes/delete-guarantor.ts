import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { deleteGuarantor } from '../tenants/deletion.ts';
import { tenantRoute } from './tenant-route.ts';

export function deleteGuarantorRoute(app: RentalApp) {
  tenantRoute(app, {
    method: 'DELETE',
    path: '/tenant/:tenantId/guarantor/:id',
    operationId: 'deleteGuarantor',
    summary: 'Deletes a guarantor and its documents; the status is recomputed',
    ok: Type.Null(),
    async handle(tenantId, id, _request, reply) {
      await deleteGuarantor(app.rental, tenantId, id!, app.rental.now());
      return reply.code(200).send();
    },
  });
}
