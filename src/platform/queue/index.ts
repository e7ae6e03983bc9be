import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import { executorFor, type QueryRunner, type SqlExecutor } from '../db/index.ts';

/** One kind of background job: its name is the queue, its handler the worker. Jobs are data. */
export interface JobDefinition<P extends object> {
  name: string;
  /** Bumped when the payload shape changes incompatibly; stored with every job. */
  version: number;
  retryLimit?: number;
  handler: (payload: P, context: { logger: Logger; jobId: string }) => Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJob = JobDefinition<any>;

export function defineJob<P extends object>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

export interface Queue {
  /** Enqueue; pass the transaction so the job exists only if the transaction commits. */
  enqueue<P extends object>(job: JobDefinition<P>, payload: P, within?: QueryRunner): Promise<string | null>;
  /** Resolves when no job of these queues is waiting or running (tests, graceful stop). */
  drain(names: string[], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface QueueOptions {
  executor: SqlExecutor;
  jobs: AnyJob[];
  runWorkers: boolean;
  logger: Logger;
}

export async function startQueue(options: QueueOptions): Promise<Queue> {
  const boss = new PgBoss({
    db: options.executor as PgBoss.Db,
    schema: 'pgboss',
    supervise: true,
    schedule: false,
    migrate: true,
  });
  boss.on('error', (error) => options.logger.error({ err: error }, 'job queue error'));
  await boss.start();
  for (const job of options.jobs) {
    await boss.createQueue(job.name, { name: job.name, retryLimit: job.retryLimit ?? 3, retryBackoff: true });
    if (options.runWorkers) {
      await boss.work<{ v: number; p: object }>(job.name, { pollingIntervalSeconds: 1 }, async ([item]) => {
        if (!item) return;
        const logger = options.logger.child({ job: job.name, jobId: item.id });
        await job.handler(item.data.p, { logger, jobId: item.id });
      });
    }
  }
  return {
    async enqueue(job, payload, within) {
      const connection = within ? { db: executorFor(within) as PgBoss.Db } : {};
      return boss.send(job.name, { v: job.version, p: payload }, connection);
    },
    async drain(names, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        let pending = 0;
        for (const name of names) pending += await boss.getQueueSize(name, { before: 'completed' });
        if (pending === 0) return;
        if (Date.now() > deadline) throw new Error(`queues ${names.join(', ')} not drained after ${timeoutMs} ms`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    async stop() {
      await boss.stop({ graceful: true, wait: true, timeout: 10_000 });
    },
  };
}
