import { Worker } from 'node:worker_threads';
import type { InspectReply, InspectRequest, UploadInspection } from './upload-inspect.ts';
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

interface Job {
  request: Omit<InspectRequest, 'id'>;
  resolve(inspection: UploadInspection): void;
  reject(error: UploadPoolError): void;
}

interface Slot {
  worker: Worker;
  job: (Job & { id: number }) | null;
  timer: NodeJS.Timeout | null;
}

/**
 * The CPU work of an upload that does not need the event loop: hashing each received file and
 * counting a PDF's pages (a 10 MB PDF is read whole). A few light threads (they load neither mupdf
 * nor sharp, unlike the documents render pool). The bytes are shared with the thread when they live
 * in a SharedArrayBuffer (as `readMultipart` receives them), copied otherwise; the caller keeps them.
 */
export class UploadPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private readonly timeoutMs: number;
  private nextId = 1;
  private closed = false;

  constructor(private readonly options: UploadPoolOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000;
  }

  inspect(bytes: Uint8Array, contentType: string): Promise<UploadInspection> {
    if (this.closed) return Promise.reject(new UploadPoolError('closed', 'upload pool closed'));
    return new Promise((resolve, reject) => {
      this.queue.push({ request: { bytes, contentType }, resolve, reject });
      this.dispatch();
    });
  }

  stats(): { threads: number; busy: number; queued: number; closed: boolean } {
    return { threads: this.slots.length, busy: this.slots.filter((s) => s.job).length, queued: this.queue.length, closed: this.closed };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new UploadPoolError('closed', 'upload pool closed'));
    await Promise.all(
      this.slots.splice(0).map((slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        slot.job?.reject(new UploadPoolError('closed', 'upload pool closed'));
        return slot.worker.terminate();
      }),
    );
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < Math.max(1, this.options.size)) slot = this.spawn();
      if (!slot) return;
      const job = { ...this.queue.shift()!, id: this.nextId++ };
      slot.job = job;
      slot.timer = setTimeout(() => this.fail(slot, new UploadPoolError('failed', `more than ${this.timeoutMs} ms`)), this.timeoutMs);
      slot.worker.postMessage({ id: job.id, ...job.request } satisfies InspectRequest);
    }
  }

  private spawn(): Slot {
    const { entry, eval: isEval } = workerEntry(import.meta.url, 'upload-worker');
    // The page counter bounds what it inflates (64 MB); the heap bound keeps a hostile file from growing the process.
    const worker = new Worker(entry, { eval: isEval, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    const slot: Slot = { worker, job: null, timer: null };
    worker.on('message', (reply: InspectReply) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      this.release(slot);
      if (reply.ok) job.resolve({ pages: reply.pages, md5: reply.md5 });
      else job.reject(new UploadPoolError('failed', reply.detail));
      this.dispatch();
    });
    worker.on('error', (error) => this.fail(slot, new UploadPoolError('failed', `${error.name}: ${error.message}`)));
    worker.on('exit', () => this.fail(slot, new UploadPoolError('failed', 'thread exited')));
    // Idle threads do not keep the process alive.
    worker.unref();
    this.slots.push(slot);
    return slot;
  }

  /** A stuck or broken thread is dropped; the next dispatch starts a fresh one. */
  private fail(slot: Slot, error: UploadPoolError): void {
    const index = this.slots.indexOf(slot);
    if (index < 0) return;
    this.slots.splice(index, 1);
    const job = slot.job;
    this.release(slot);
    void slot.worker.terminate();
    job?.reject(error);
    if (!this.closed) this.dispatch();
  }

  private release(slot: Slot): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }
}
