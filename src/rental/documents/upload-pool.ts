import { Worker } from 'node:worker_threads';
import type { InspectReply, InspectRequest, UploadInspection } from './upload-inspect.ts';
import { ThreadPool } from '../../platform/threads/thread-pool.ts';
import { workerEntry } from '../../platform/threads/worker-entry.ts';

export interface UploadPoolOptions {
  /** Threads, started at the first upload. */
  size: number;
  /** A job running longer is abandoned: its thread is terminated and replaced. */
  timeoutMs?: number;
}

/** Why the pool gave no answer: closed (the app is stopping), or the thread failed on this file (crash, timeout). */
export class UploadPoolError extends Error {
  override name = 'UploadPoolError';
  constructor(readonly reason: 'closed' | 'failed', message: string) {
    super(message);
  }
}

/**
 * The CPU work of an upload that does not need the event loop: hashing each received file and
 * counting a PDF's pages (a 10 MB PDF is read whole). A few light threads (they load neither mupdf
 * nor sharp, unlike the documents render pool). The bytes are shared with the thread when they live
 * in a SharedArrayBuffer (as `readMultipart` receives them), copied otherwise; the caller keeps them.
 */
export class UploadPool {
  readonly #threads: ThreadPool<InspectReply, UploadPoolError>;

  constructor(options: UploadPoolOptions) {
    this.#threads = new ThreadPool<InspectReply, UploadPoolError>({
      size: options.size,
      timeoutMs: options.timeoutMs ?? 30_000,
      spawn: () => {
        const { entry, eval: isEval } = workerEntry(import.meta.url, 'upload-worker');
        // The page counter bounds what it inflates (64 MB); the heap bound keeps a hostile file from growing the process.
        return new Worker(entry, { eval: isEval, resourceLimits: { maxOldGenerationSizeMb: 256 } });
      },
      settle: (reply) => (reply.ok ? { value: { pages: reply.pages, md5: reply.md5 } } : { error: new UploadPoolError('failed', reply.detail) }),
      errors: {
        closed: () => new UploadPoolError('closed', 'upload pool closed'),
        busy: () => new UploadPoolError('failed', 'upload pool busy'),
        timeout: (ms) => new UploadPoolError('failed', `more than ${ms} ms`),
        crashed: (detail) => new UploadPoolError('failed', detail),
      },
      unref: true,
    });
  }

  inspect(bytes: Uint8Array, contentType: string): Promise<UploadInspection> {
    return this.#threads.submit((worker, id) => worker.postMessage({ id, bytes, contentType } satisfies InspectRequest));
  }

  stats(): { threads: number; busy: number; queued: number; closed: boolean } {
    return this.#threads.stats();
  }

  close(): Promise<void> {
    return this.#threads.close();
  }
}
