import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { RentalError } from '../errors.ts';
import { renderedThumbnailOf } from '../documents/rendered-access.ts';
import { tenantRoute } from './tenant-route.ts';

export function getFilePreview(app: RentalApp) {
  tenantRoute(app, {
    method: 'GET',
    path: '/tenant/:tenantId/file/:id/preview',
    operationId: 'getFilePreview',
    summary: "The file's watermarked thumbnail, a 300 px wide JPEG (§10.2), the model's `preview` URL; 404 until it is rendered",
    ok: Type.Unsafe({ type: 'string', format: 'binary', description: 'image/jpeg' }),
    async handle(tenantId, id, _request, reply) {
      const { db, blobs } = app.rental;
      const thumbnail = await renderedThumbnailOf(db, tenantId, id!);
      const bytes = thumbnail ? await blobs.read(thumbnail.key, thumbnail.envelope) : null;
      if (!thumbnail || !bytes) throw new RentalError('NOT_FOUND', ['File not found']);
      return reply.type('image/jpeg').header('cache-control', 'no-store').send(bytes);
    },
  });
}
