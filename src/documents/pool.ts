import os from 'node:os';
import { Worker, type ResourceLimits } from 'node:worker_threads';
import { DocumentError, isDocumentErrorCode } from './errors.ts';
import type { ProcessDocumentInput, ProcessDocumentOutput } from './process.ts';
import { ownedBytes } from './transfer.ts';
import type { JpegPage } from './assemble-pdf.ts';
import type { TextPagesInput, TextPagesOutput } from './text-pages.ts';
import type { JobReply, JobRequest, Task, TaskOutput } from './worker-protocol.ts';
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

interface Job {
  id: number;
  task: Task;
  resolve(output: TaskOutput): void;
  reject(error: DocumentError): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer: NodeJS.Timeout | null;
}

/**
 * A fixed set of worker threads doing all document CPU work off the HTTP event loop. Input buffers
 * are transferred to the thread (the caller gives them up) and results transferred back.
 */
export class DocumentPool {
  readonly size: number;
  private readonly maxQueue: number;
  private readonly timeoutMs: number;
  private readonly resourceLimits: ResourceLimits;
  private readonly niceness: number;
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: DocumentPoolOptions = {}) {
    this.size = Math.max(1, options.size ?? os.availableParallelism());
    this.maxQueue = options.maxQueue ?? this.size * 8;
    this.timeoutMs = options.timeoutMs ?? 60_000;
    this.resourceLimits = options.resourceLimits ?? { maxOldGenerationSizeMb: 256 };
    this.niceness = Math.min(19, Math.max(0, Math.trunc(options.niceness ?? DEFAULT_NICENESS)));
  }

  /** Processes one document on a pool thread. Rejects with a DocumentError only. */
  run(input: ProcessDocumentInput): Promise<ProcessDocumentOutput> {
    return this.submit({ kind: 'process', input }) as Promise<ProcessDocumentOutput>;
  }

  /** The pages of a watermarked document PDF as JPEGs, taken as they are (for the full-file PDF). The bytes are transferred. */
  async pdfPages(pdf: Uint8Array): Promise<JpegPage[]> {
    return ((await this.submit({ kind: 'pdf-pages', pdf })) as { pages: JpegPage[] }).pages;
  }

  /** Text laid out on A4 pages: one content stream per page (fonts /F1 Helvetica, /F2 Helvetica-Bold). */
  textPages(input: TextPagesInput): Promise<TextPagesOutput> {
    return this.submit({ kind: 'text-pages', input }) as Promise<TextPagesOutput>;
  }

  private submit(task: Task): Promise<TaskOutput> {
    if (this.closed) return Promise.reject(new DocumentError('WORKER_FAILED', 'pool closed'));
    if (this.queue.length >= this.maxQueue) return Promise.reject(new DocumentError('BUSY'));
    return new Promise((resolve, reject) => {
      this.queue.push({ id: this.nextId++, task, resolve, reject });
      this.dispatch();
    });
  }

  stats() {
    return { threads: this.slots.length, busy: this.slots.filter((s) => s.job).length, queued: this.queue.length };
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new DocumentError('WORKER_FAILED', 'pool closed'));
    await Promise.all(this.slots.splice(0).map((slot) => {
      if (slot.timer) clearTimeout(slot.timer);
      slot.job?.reject(new DocumentError('WORKER_FAILED', 'pool closed'));
      return slot.worker.terminate();
    }));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot && this.slots.length < this.size) slot = this.spawn();
      if (!slot) return;
      this.start(slot, this.queue.shift()!);
    }
  }

  private spawn(): Slot {
    const { entry, eval: isEval } = workerEntry(import.meta.url, 'worker');
    const worker = new Worker(entry, { eval: isEval, resourceLimits: this.resourceLimits, workerData: { niceness: this.niceness } });
    const slot: Slot = { worker, job: null, timer: null };
    worker.on('message', (reply: JobReply) => this.finish(slot, reply));
    worker.on('error', (error) => this.fail(slot, new DocumentError('WORKER_FAILED', `${error.name}: ${error.message}`)));
    worker.on('exit', () => this.fail(slot, new DocumentError('WORKER_FAILED', 'thread exited')));
    this.slots.push(slot);
    return slot;
  }

  private start(slot: Slot, job: Job): void {
    slot.job = job;
    slot.timer = setTimeout(() => this.fail(slot, new DocumentError('TIMEOUT', `more than ${this.timeoutMs} ms`)), this.timeoutMs);
    const { task } = job;
    if (task.kind === 'process') {
      const files = task.input.files.map(ownedBytes);
      const request: JobRequest = { id: job.id, task: { kind: 'process', input: { ...task.input, files } } };
      slot.worker.postMessage(request, files.map((f) => f.buffer));
    } else if (task.kind === 'pdf-pages') {
      const pdf = ownedBytes(task.pdf);
      slot.worker.postMessage({ id: job.id, task: { kind: 'pdf-pages', pdf } } satisfies JobRequest, [pdf.buffer]);
    } else {
      slot.worker.postMessage({ id: job.id, task } satisfies JobRequest);
    }
  }

  private finish(slot: Slot, reply: JobReply): void {
    const job = slot.job;
    if (!job || job.id !== reply.id) return;
    this.release(slot);
    if (reply.ok) job.resolve(reply.output);
    else job.reject(new DocumentError(isDocumentErrorCode(reply.code) ? reply.code : 'WORKER_FAILED', reply.detail));
    this.dispatch();
  }

  /** A stuck or broken thread is terminated and dropped; the next dispatch spawns a fresh one. */
  private fail(slot: Slot, error: DocumentError): void {
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
