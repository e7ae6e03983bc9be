import { defineJob } from '../../platform/queue/index.ts';
import { renderDocument } from '../documents/render.ts';
import { rentalRuntime } from './runtime.ts';

/**
 * Renders a document's watermarked PDF and its files' thumbnails (§10.1, §10.2), enqueued by every
 * change to the document (`requestRender`). Transient failures (timeout, saturated or crashed pool)
 * are retried with backoff: 5 s, 10 s, 20 s… (then dead-lettered, the failure staying recorded).
 */
export const renderDocumentJob = defineJob<{ documentId: number }>({
  name: 'rental-document-render',
  version: 1,
  policy: 'short',
  retryLimit: 5,
  retryDelaySeconds: 5,
  retryBackoff: true,
  async handler(payload, { logger, module }) {
    const runtime = await rentalRuntime(module);
    const outcome = await renderDocument(runtime, payload.documentId, module.now());
    logger.info({ documentId: payload.documentId, outcome }, 'rental document render');
  },
});
