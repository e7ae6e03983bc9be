import { Worker } from 'node:worker_threads';
import type { CompiledQuery, QueryResult } from 'kysely';
import { workerEntry } from '../threads/worker-entry.ts';
import type { PGliteReply, PGliteRequest, PGliteThreadData } from './pglite-thread-protocol.ts';

interface Pending {
  resolve(result: QueryResult<unknown>): void;
  reject(error: Error): void;
}

/**
 * The embedded database in a thread of its own (`pglite-thread.ts`): statements go over a message
 * port, the rows come back as structured clones. The thread keeps the process alive only while a
 * statement is in flight, so a command that forgets to close still exits.
 */
export class PGliteThread {
  #worker: Worker;
  #pending = new Map<number, Pending>();
  #nextId = 1;
  #failure: Error | null = null;

  private constructor(worker: Worker) {
    this.#worker = worker;
    worker.on('message', (reply: PGliteReply) => this.#answer(reply));
    worker.on('error', (error) => this.#fail(error));
    worker.on('exit', (code) => this.#fail(new Error(`the embedded database thread stopped (exit code ${code})`)));
  }

  static start(data: PGliteThreadData): Promise<PGliteThread> {
    const { entry, eval: isEval } = workerEntry(import.meta.url, 'pglite-thread');
    const worker = new Worker(entry, { eval: isEval, workerData: data });
    return new Promise((resolve, reject) => {
      const onStart = (reply: PGliteReply) => {
        worker.off('error', onError);
        if ('ready' in reply) {
          const thread = new PGliteThread(worker);
          worker.unref();
          resolve(thread);
        } else {
          void worker.terminate();
          reject(rebuildError('error' in reply ? reply.error : { message: 'unexpected answer' }));
        }
      };
      const onError = (error: Error) => reject(error);
      worker.once('message', onStart);
      worker.once('error', onError);
    });
  }

  execute<R>(compiled: CompiledQuery): Promise<QueryResult<R>> {
    return this.#send({ kind: 'query', id: this.#nextId++, sql: compiled.sql, parameters: compiled.parameters }) as Promise<QueryResult<R>>;
  }

  async close(): Promise<void> {
    if (this.#failure) return;
    await this.#send({ kind: 'close', id: this.#nextId++ });
    await this.#worker.terminate();
  }

  #send(request: PGliteRequest): Promise<QueryResult<unknown>> {
    if (this.#failure) return Promise.reject(this.#failure);
    return new Promise((resolve, reject) => {
      try {
        this.#worker.postMessage(request);
      } catch (error) {
        // A parameter that cannot cross threads (a function, a class with private state…).
        reject(new TypeError(`a statement parameter cannot be sent to the embedded database: ${(error as Error).message}`));
        return;
      }
      if (this.#pending.size === 0) this.#worker.ref();
      this.#pending.set(request.id, { resolve, reject });
    });
  }

  #answer(reply: PGliteReply): void {
    const pending = this.#pending.get(reply.id);
    if (!pending) return;
    this.#pending.delete(reply.id);
    if (this.#pending.size === 0) this.#worker.unref();
    if ('error' in reply) pending.reject(rebuildError(reply.error));
    else if ('rows' in reply) pending.resolve({ rows: reply.rows, numAffectedRows: reply.affected });
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    for (const pending of this.#pending.values()) pending.reject(error);
    this.#pending.clear();
  }
}

/** The thread's error with the same fields (SQLSTATE `code`, `constraint`, `detail`…) as PGlite's. */
function rebuildError(fields: Record<string, unknown>): Error {
  const error = new Error(String(fields.message ?? 'embedded database error'));
  const { message: _message, stack: _stack, ...rest } = fields;
  return Object.assign(error, rest);
}
