import type { RentalApp } from '../http/context.ts';
import { renderedThumbnailOf } from '../documents/rendered-access.ts';
import { renderedBlobRoute } from './rendered-blob-route.ts';

export function getFilePreview(app: RentalApp) {
  renderedBlobRoute(app, {
    path: '/tenant/:tenantId/file/:id/preview',
    operationId: 'getFilePreview',
    summary: "The file's watermarked thumbnail, a 300 px wide JPEG (§10.2), the model's `preview` URL; 404 until it is rendered",
    contentType: 'image/jpeg',
    notFound: 'File not found',
    find: renderedThumbnailOf,
  });
}
