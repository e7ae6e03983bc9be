import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { RentalError } from '../errors.ts';
import { tenantRoute } from './tenant-route.ts';

export function getFileResource(app: RentalApp) {
  tenantRoute(app, {
    method: 'GET',
    path: '/tenant/:tenantId/file/resource/:id',
    operationId: 'getFileResource',
    summary: 'The original uploaded file (not watermarked), of the tenant or one of its guarantors',
    ok: Type.Unsafe({ type: 'string', format: 'binary' }),
    async handle(tenantId, id, _request, reply) {
      const { db, blobs } = app.rental;
      const file =
        id! > 0 && id! < 2 ** 31
          ? await db
              .selectFrom('rental.files as f')
              .innerJoin('rental.documents as d', 'd.id', 'f.document_id')
              .leftJoin('rental.guarantors as g', 'g.id', 'd.guarantor_id')
              .select(['f.blob_key', 'f.master_key_id', 'f.wrapped_key', 'f.content_type'])
              .where('f.id', '=', id!)
              .where((eb) => eb.or([eb('d.tenant_id', '=', tenantId), eb('g.tenant_id', '=', tenantId)]))
              .executeTakeFirst()
          : undefined;
      if (!file) throw new RentalError('NOT_FOUND', ['File not found']);
      const bytes = await blobs.read(file.blob_key, { keyId: file.master_key_id, wrappedKey: Buffer.from(file.wrapped_key) });
      if (!bytes) throw new RentalError('NOT_FOUND', ['File not found']);
      return reply.type(file.content_type).header('cache-control', 'no-store').header('content-disposition', 'attachment').send(bytes);
    },
  });
}
