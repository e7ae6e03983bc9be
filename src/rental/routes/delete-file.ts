import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { deleteFile } from '../tenants/deletion.ts';
import { tenantRoute } from './tenant-route.ts';

export function deleteFileRoute(app: RentalApp) {
  tenantRoute(app, {
    method: 'DELETE',
    path: '/tenant/:tenantId/file/:id',
    operationId: 'deleteFile',
    summary: 'Deletes one file; the last file of a document deletes the document',
    ok: Type.Null(),
    async handle(tenantId, id, _request, reply) {
      await deleteFile(app.rental, tenantId, id!, app.rental.now());
      return reply.code(200).send();
    },
  });
}
