import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { deleteDocument } from '../tenants/deletion.ts';
import { tenantRoute } from './tenant-route.ts';

export function deleteDocumentRoute(app: RentalApp) {
  tenantRoute(app, {
    method: 'DELETE',
    path: '/tenant/:tenantId/document/:id',
    operationId: 'deleteDocument',
    summary: 'Deletes a document (of any tenant of the apartment, or of their guarantors) and its files',
    ok: Type.Null(),
    async handle(tenantId, id, _request, reply) {
      await deleteDocument(app.rental, tenantId, id!, app.rental.now());
      return reply.code(200).send();
    },
  });
}
