import { Type } from 'typebox';
import { attachmentDisposition } from '../../platform/http/content-disposition.ts';
import type { BackofficeApp } from '../http/context.ts';
import { operatorRoute } from '../http/route.ts';
import { BackofficeError } from '../errors.ts';
import { binary } from '../http/responses.ts';
import { Id } from './schemas.ts';

export function getDocumentPdf(app: BackofficeApp) {
  operatorRoute(app, {
    method: 'GET',
    url: '/files/:tenantId/documents/:documentId/pdf',
    operationId: 'getDocumentPdf',
    summary: "A document's watermarked PDF (§10.1); 404 until it is rendered",
    tags: ['files'],
    role: 'OPERATOR',
    params: Type.Object({ tenantId: Id, documentId: Id }),
    ok: binary('application/pdf'),
    async handler(request, reply) {
      const { tenantId, documentId } = request.params as { tenantId: number; documentId: number };
      const blob = await app.backoffice.desk.pdf(tenantId, documentId);
      if (!blob) throw new BackofficeError('NOT_FOUND', 'Document not found, or its PDF is not rendered yet');
      return reply.type(blob.contentType).header('cache-control', 'no-store').header('content-disposition', attachmentDisposition(blob.downloadName ?? `document_${documentId}.pdf`)).send(blob.bytes);
    },
  });
}
