import os from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { DocumentError, isDocumentErrorCode } from './errors.ts';
import type { ProcessDocumentInput, ProcessDocumentOutput } from './process.ts';
import { ownedBytes } from './transfer.ts';
import type { JpegPage } from './assemble-pdf.ts';
import type { TextPagesInput, TextPagesOutput } from './text-pages.ts';
import type { JobReply, JobRequest } from './worker-protocol.ts';
import { ThreadPool } from '../platform/threads/thread-pool.ts';
import { workerEntry } from '../platform/threads/worker-entry.ts';

/**
 * The threads' default nice value. bench/processing (the API under load, in the same run): one thread
 * per core kept full made profile reads' p99 ×4–6 the idle pool's; nice 10 brought it to ×2 and kept
 * 93–94 % of the pages/s while the API is quiet, where cores − 1 threads gave about the same p99 for
 * 65–78 % of the pages/s. At 10 a thread still gets about a tenth of a core the event loop holds, far
 * from the job timeout; 19 favours the API more but its pages/s collapse when the cores are contended.
 */
export const DEFAULT_NICENESS = 10;

export interface DocumentPoolOptions {
  /** Threads; the cores by default. */
  size?: number;
  /** Jobs waiting beyond the running ones; more are refused with BUSY rather than piling up. */
  maxQueue?: number;
  /** A job running longer is abandoned: its thread is terminated and replaced (§10.1 allows 60 s). */
  timeoutMs?: number;
  /** V8 heap bounds per thread (WebAssembly memory is bounded by the limits checked before decoding). */
  resourceLimits?: ResourceLimits;
  /**
   * Nice value (0–19) each thread gives itself, on Linux only, where a thread's nice value is its own
   * (setpriority on its thread id): the event loop then wins a contended core when it has work, and
   * the threads keep every core when it has none. 0: unchanged. DEFAULT_NICENESS by default.
   */
  niceness?: number;
}

/**
 * A fixed set of worker threads doing all document CPU work off the HTTP event loop. Input buffers
 * are transferred to the thread (the caller gives them up) and results transferred back.
 */
export class DocumentPool {
  readonly size: number;
  readonly #threads: ThreadPool<JobReply, DocumentError>;

  constructor(options: DocumentPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? os.availableParallelism());
    const resourceLimits = options.resourceLimits ?? { maxOldGenerationSizeMb: 256 };
    const niceness = Math.min(19, Math.max(0, Math.trunc(options.niceness ?? DEFAULT_NICENESS)));
    this.#threads = new ThreadPool<JobReply, DocumentError>({
      size: this.size,
      maxQueue: options.maxQueue ?? this.size * 8,
      timeoutMs: options.timeoutMs ?? 60_000,
      spawn: () => {
        const { entry, eval: isEval } = workerEntry(import.meta.url, 'worker');
        return new Worker(entry, { eval: isEval, resourceLimits, workerData: { niceness } });
      },
      settle: (reply) => (reply.ok ? { value: reply.output } : { error: new DocumentError(isDocumentErrorCode(reply.code) ? reply.code : 'WORKER_FAILED', reply.detail) }),
      errors: {
        closed: () => new DocumentError('WORKER_FAILED', 'pool closed'),
        busy: () => new DocumentError('BUSY'),
        timeout: (ms) => new DocumentError('TIMEOUT', `more than ${ms} ms`),
        crashed: (detail) => new DocumentError('WORKER_FAILED', detail),
      },
    });
  }

  /** Processes one document on a pool thread. Rejects with a DocumentError only. */
  run(input: ProcessDocumentInput): Promise<ProcessDocumentOutput> {
    return this.#threads.submit((worker, id) => {
      const files = input.files.map(ownedBytes);
      worker.postMessage({ id, task: { kind: 'process', input: { ...input, files } } } satisfies JobRequest, files.map((f) => f.buffer));
    });
  }

  /** The pages of a watermarked document PDF as JPEGs, taken as they are (for the full-file PDF). The bytes are transferred. */
  async pdfPages(pdf: Uint8Array): Promise<JpegPage[]> {
    const output = await this.#threads.submit<{ pages: JpegPage[] }>((worker, id) => {
      const owned = ownedBytes(pdf);
      worker.postMessage({ id, task: { kind: 'pdf-pages', pdf: owned } } satisfies JobRequest, [owned.buffer]);
    });
    return output.pages;
  }

  /** Text laid out on A4 pages: one content stream per page (fonts /F1 Helvetica, /F2 Helvetica-Bold). */
  textPages(input: TextPagesInput): Promise<TextPagesOutput> {
    return this.#threads.submit((worker, id) => worker.postMessage({ id, task: { kind: 'text-pages', input } } satisfies JobRequest));
  }

  stats() {
    const { threads, busy, queued } = this.#threads.stats();
    return { threads, busy, queued };
  }

  close(): Promise<void> {
    return this.#threads.close();
  }
}
