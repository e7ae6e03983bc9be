import { Type } from 'typebox';
import type { RentalApp } from '../http/context.ts';
import { RentalError } from '../errors.ts';
import { renderedPdfOf } from '../documents/rendered-access.ts';
import { tenantRoute } from './tenant-route.ts';

/** RFC 6266: an ASCII fallback and the UTF-8 name (download names keep their accents, `Identité_42.pdf`). */
function attachment(name: string): string {
  const ascii = name.normalize('NFD').replace(/[^\x20-\x7e]/g, '').replace(/["\\]/g, '');
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function getDocumentPdf(app: RentalApp) {
  tenantRoute(app, {
    method: 'GET',
    path: '/tenant/:tenantId/document/:id/pdf',
    operationId: 'getDocumentPdf',
    summary: "The document's watermarked, rasterised PDF (§10.1), the model's `name` URL; 404 until it is rendered (`name` null)",
    ok: Type.Unsafe({ type: 'string', format: 'binary', description: 'application/pdf' }),
    async handle(tenantId, id, _request, reply) {
      const { db, blobs } = app.rental;
      const pdf = await renderedPdfOf(db, tenantId, id!);
      const bytes = pdf ? await blobs.read(pdf.key, pdf.envelope) : null;
      if (!pdf || !bytes) throw new RentalError('NOT_FOUND', ['Document not found']);
      return reply.type('application/pdf').header('cache-control', 'no-store').header('content-disposition', attachment(pdf.downloadName)).send(bytes);
    },
  });
}
