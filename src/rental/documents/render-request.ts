import type { Queue } from '../../platform/queue/index.ts';
import type { RentalDb } from '../db.ts';
import { renderDocumentJob } from '../module/render-job.ts';

/** What asking for a render needs: the module's queue and the debounce delay. */
export interface RenderRequester {
  queue: Queue;
  settings: { renderDelaySeconds: number };
}

/**
 * Called in the transaction of every change to a document's content (save, file added or deleted):
 * bumps its render version, so that a render in flight discards its now stale result, and enqueues a
 * render in the same transaction. One render waits per document (singletonKey): a burst of uploads
 * within the delay makes one render, of the document as it is when the render starts.
 */
export async function requestRender(trx: RentalDb, deps: RenderRequester, documentId: number): Promise<void> {
  await trx.updateTable('rental.documents').set((eb) => ({ render_version: eb('render_version', '+', 1) })).where('id', '=', documentId).execute();
  await enqueueRender(trx, deps, documentId);
}

/** The second half of `requestRender`, for a caller that moved the render version on in its own write of the document. */
export async function enqueueRender(trx: RentalDb, deps: RenderRequester, documentId: number): Promise<void> {
  await deps.queue.enqueue(renderDocumentJob, { documentId }, trx, { singletonKey: String(documentId), startAfterSeconds: deps.settings.renderDelaySeconds });
}
