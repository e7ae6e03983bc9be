import { Type } from 'typebox';
import type { Envelope } from '../../platform/crypto/envelope.ts';
import { attachmentDisposition } from '../../platform/http/content-disposition.ts';
import type { RentalDb } from '../db.ts';
import { RentalError } from '../errors.ts';
import type { RentalApp } from '../http/context.ts';
import { tenantRoute } from './tenant-route.ts';

/** A GET of something the render job produced, unsealed for a partner linked to the tenant; 404 until rendered. */
export function renderedBlobRoute(
  app: RentalApp,
  route: {
    path: string;
    operationId: string;
    summary: string;
    contentType: 'application/pdf' | 'image/jpeg';
    notFound: string;
    find(db: RentalDb, tenantId: number, id: number): Promise<{ key: string; envelope: Envelope; downloadName?: string } | undefined>;
  },
) {
  tenantRoute(app, {
    method: 'GET',
    path: route.path,
    operationId: route.operationId,
    summary: route.summary,
    ok: Type.Unsafe({ type: 'string', format: 'binary', description: route.contentType }),
    async handle(tenantId, id, _request, reply) {
      const { db, blobs } = app.rental;
      const found = await route.find(db, tenantId, id!);
      const bytes = found ? await blobs.read(found.key, found.envelope) : null;
      if (!found || !bytes) throw new RentalError('NOT_FOUND', [route.notFound]);
      reply.type(route.contentType).header('cache-control', 'no-store');
      if (found.downloadName) reply.header('content-disposition', attachmentDisposition(found.downloadName));
      return reply.send(bytes);
    },
  });
}
