import type { FastifyInstance } from 'fastify';
import { renderedPdfOf } from '../../documents/rendered-access.ts';
import type { RentalRuntime } from '../../module/runtime.ts';
import { sharedBlobRoute } from './shared-blob-route.ts';

export function getSharedDocumentPdfRoute(app: FastifyInstance, runtime: RentalRuntime) {
  sharedBlobRoute(app, runtime, {
    path: '/partage/:token/documents/:id/pdf',
    operationId: 'getSharedDocumentPdf',
    summary: "A document's watermarked PDF, through a full link (404 for a light link, or a document of another file)",
    contentType: 'application/pdf',
    find: renderedPdfOf,
  });
}
