import type { Worker } from 'node:worker_threads';

/** How a pool's failures read to its callers (each pool has its own error type). */
export interface PoolErrors<E extends Error> {
  closed(): E;
  busy(): E;
  timeout(ms: number): E;
  /** The thread crashed or exited under the job. */
  crashed(detail: string): E;
}

export interface ThreadPoolOptions<R extends { id: number }, E extends Error> {
  /** Threads, started on demand. */
  size: number;
  /** Jobs waiting beyond the running ones; more are refused with `errors.busy()`. */
  maxQueue?: number;
  /** A job running longer is abandoned: its thread is terminated and replaced. */
  timeoutMs: number;
  spawn(): Worker;
  /** A thread's reply to job `reply.id`: its value, or the error to reject with. */
  settle(reply: R): { value: unknown } | { error: E };
  errors: PoolErrors<E>;
  /** Idle threads do not keep the process alive. */
  unref?: boolean;
}

interface Job<E> {
  id: number;
  post(worker: Worker, id: number): void;
  resolve(value: unknown): void;
  reject(error: E): void;
}

interface Slot<E> {
  worker: Worker;
  job: Job<E> | null;
  timer: NodeJS.Timeout | null;
}

/**
 * A fixed set of worker threads, each running one job at a time, with a bounded queue and a per-job
 * timeout. A stuck or broken thread is terminated and dropped; the next dispatch starts a fresh one.
 * What a job sends and how a reply reads belong to the pool that uses it.
 */
export class ThreadPool<R extends { id: number }, E extends Error> {
  readonly size: number;
  readonly #slots: Slot<E>[] = [];
  readonly #queue: Job<E>[] = [];
  #nextId = 1;
  #closed = false;

  constructor(private readonly options: ThreadPoolOptions<R, E>) {
    this.size = Math.max(1, options.size);
  }

  /** Queues a job; `post` sends it to the thread that takes it, under the id its reply must carry. */
  submit<T>(post: (worker: Worker, id: number) => void): Promise<T> {
    const { errors, maxQueue = Infinity } = this.options;
    if (this.#closed) return Promise.reject(errors.closed());
    if (this.#queue.length >= maxQueue) return Promise.reject(errors.busy());
    return new Promise<T>((resolve, reject) => {
      this.#queue.push({ id: this.#nextId++, post, resolve: resolve as (value: unknown) => void, reject });
      this.#dispatch();
    });
  }

  stats(): { threads: number; busy: number; queued: number; closed: boolean } {
    return { threads: this.#slots.length, busy: this.#slots.filter((s) => s.job).length, queued: this.#queue.length, closed: this.#closed };
  }

  async close(): Promise<void> {
    this.#closed = true;
    for (const job of this.#queue.splice(0)) job.reject(this.options.errors.closed());
    await Promise.all(
      this.#slots.splice(0).map((slot) => {
        if (slot.timer) clearTimeout(slot.timer);
        slot.job?.reject(this.options.errors.closed());
        return slot.worker.terminate();
      }),
    );
  }

  #dispatch(): void {
    while (this.#queue.length > 0) {
      let slot = this.#slots.find((s) => !s.job);
      if (!slot && this.#slots.length < this.size) slot = this.#spawn();
      if (!slot) return;
      const job = this.#queue.shift()!;
      const taken = slot;
      taken.job = job;
      taken.timer = setTimeout(() => this.#fail(taken, this.options.errors.timeout(this.options.timeoutMs)), this.options.timeoutMs);
      job.post(taken.worker, job.id);
    }
  }

  #spawn(): Slot<E> {
    const worker = this.options.spawn();
    const slot: Slot<E> = { worker, job: null, timer: null };
    worker.on('message', (reply: R) => {
      const job = slot.job;
      if (!job || job.id !== reply.id) return;
      this.#release(slot);
      const outcome = this.options.settle(reply);
      if ('error' in outcome) job.reject(outcome.error);
      else job.resolve(outcome.value);
      this.#dispatch();
    });
    worker.on('error', (error) => this.#fail(slot, this.options.errors.crashed(`${error.name}: ${error.message}`)));
    worker.on('exit', () => this.#fail(slot, this.options.errors.crashed('thread exited')));
    if (this.options.unref) worker.unref();
    this.#slots.push(slot);
    return slot;
  }

  #fail(slot: Slot<E>, error: E): void {
    const index = this.#slots.indexOf(slot);
    if (index < 0) return;
    this.#slots.splice(index, 1);
    const job = slot.job;
    this.#release(slot);
    void slot.worker.terminate();
    job?.reject(error);
    if (!this.#closed) this.#dispatch();
  }

  #release(slot: Slot<E>): void {
    if (slot.timer) clearTimeout(slot.timer);
    slot.timer = null;
    slot.job = null;
  }
}
