import type { RentalApp } from '../http/context.ts';
import { renderedPdfOf } from '../documents/rendered-access.ts';
import { renderedBlobRoute } from './rendered-blob-route.ts';

export function getDocumentPdf(app: RentalApp) {
  renderedBlobRoute(app, {
    path: '/tenant/:tenantId/document/:id/pdf',
    operationId: 'getDocumentPdf',
    summary: "The document's watermarked, rasterised PDF (§10.1), the model's `name` URL; 404 until it is rendered (`name` null)",
    contentType: 'application/pdf',
    notFound: 'Document not found',
    find: renderedPdfOf,
  });
}
