import type { FastifyInstance } from 'fastify';
import { renderedThumbnailOf } from '../../documents/rendered-access.ts';
import type { RentalRuntime } from '../../module/runtime.ts';
import { sharedBlobRoute } from './shared-blob-route.ts';

export function getSharedFilePreviewRoute(app: FastifyInstance, runtime: RentalRuntime) {
  sharedBlobRoute(app, runtime, {
    path: '/partage/:token/files/:id/preview',
    operationId: 'getSharedFilePreview',
    summary: "A file's watermarked thumbnail (JPEG, 300 px), through a full link (404 for a light link, or a file of another file)",
    contentType: 'image/jpeg',
    find: renderedThumbnailOf,
  });
}
