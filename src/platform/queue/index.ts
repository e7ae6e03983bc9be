import PgBoss from 'pg-boss';
import type { Logger } from 'pino';
import type { ModuleContext } from '../module.ts';
import { executorFor, type QueryRunner, type SqlExecutor } from '../db/index.ts';
import { deadLetterQueueOf } from './dead-letters.ts';
import { checkPayload, type StoredPayload } from './payload-version.ts';

export { deadLetterQueueOf };

/** Cron expressions are read in the time zone of the people the service works for. */
export const SCHEDULE_TIME_ZONE = 'Europe/Paris';

/** One kind of background job: its name is the queue, its handler the worker. Jobs are data. */
export interface JobDefinition<P extends object> {
  name: string;
  /** Bumped when the payload shape changes incompatibly; stored with every job and checked before the handler. */
  version: number;
  /**
   * Turns a payload stored by an older version into this version's shape. Without it, a job of
   * another version never reaches the handler: it fails at once into the dead-letter queue.
   */
  migrate?: (payload: unknown, fromVersion: number) => P;
  /** Retries after the first failure (default 3); then the job goes to the dead-letter queue. */
  retryLimit?: number;
  /** Delay before a retry, in seconds (default 1, doubled at each retry with `retryBackoff`). */
  retryDelaySeconds?: number;
  /** Exponential backoff between retries (default true). */
  retryBackoff?: boolean;
  /**
   * pg-boss queue policy. `short`: at most one job per `singletonKey` waits (not yet started); a
   * send while one waits is dropped, which debounces bursts when sent with a `startAfterSeconds`.
   */
  policy?: 'standard' | 'short';
  /**
   * Enqueue this payload on a cron expression (minute granularity, Europe/Paris time); a function
   * reads it from the module's settings (a schedule the operator configures).
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  schedule?: { cron: string | ((settings: any) => string); payload: P };
  handler: (payload: P, context: JobContext) => Promise<void>;
}

/** What a handler runs with: its module's context (database, queue, keys, settings, clock). */
export interface JobContext {
  logger: Logger;
  jobId: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  module: ModuleContext<any>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyJob = JobDefinition<any>;

export function defineJob<P extends object>(definition: JobDefinition<P>): JobDefinition<P> {
  return definition;
}

export interface EnqueueOptions {
  /** With a `short` policy: one waiting job per key (null returned when one already waits). */
  singletonKey?: string;
  /** Not run before this many seconds. */
  startAfterSeconds?: number;
}

export interface Queue {
  /** Enqueue; pass the transaction so the job exists only if the transaction commits. */
  enqueue<P extends object>(job: JobDefinition<P>, payload: P, within?: QueryRunner, options?: EnqueueOptions): Promise<string | null>;
  /** Resolves when no job of these queues is waiting or running (tests, graceful stop). */
  drain(names: string[], timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

export interface QueueOptions {
  executor: SqlExecutor;
  jobs: AnyJob[];
  /** The context of the module that declared a job (by job name), handed to its handler. */
  contextOf(jobName: string): ModuleContext;
  runWorkers: boolean;
  logger: Logger;
  /** How often the scheduler looks for due cron jobs, in seconds (default 30; tests use 1). */
  cronCheckSeconds?: number;
}

export async function startQueue(options: QueueOptions): Promise<Queue> {
  const scheduled = options.jobs.filter((job) => job.schedule);
  // The scheduler runs where the workers run (`serve` embedded, `foyer worker` on PostgreSQL);
  // with several of them on one database, pg-boss lets only one enqueue each due job.
  const scheduling = options.runWorkers && scheduled.length > 0;
  const cronCheck = options.cronCheckSeconds ?? 30;
  const boss = new PgBoss({
    db: options.executor as PgBoss.Db,
    schema: 'pgboss',
    supervise: true,
    schedule: scheduling,
    cronMonitorIntervalSeconds: cronCheck,
    cronWorkerIntervalSeconds: Math.min(cronCheck, 5),
    migrate: true,
  });
  boss.on('error', (error) => options.logger.error({ err: error }, 'job queue error'));
  await boss.start();
  for (const job of options.jobs) {
    const deadLetter = deadLetterQueueOf(job.name);
    await boss.createQueue(deadLetter, { name: deadLetter });
    const settings = {
      name: job.name,
      retryLimit: job.retryLimit ?? 3,
      retryDelay: job.retryDelaySeconds ?? 1,
      retryBackoff: job.retryBackoff ?? true,
      deadLetter,
      ...(job.policy ? { policy: job.policy } : {}),
    };
    await boss.createQueue(job.name, settings);
    // createQueue leaves an existing queue as it was: bring its settings up to date.
    await boss.updateQueue(job.name, settings);
    if (options.runWorkers) {
      await boss.work<StoredPayload>(job.name, { pollingIntervalSeconds: 1 }, async ([item]) => {
        if (!item) return;
        const logger = options.logger.child({ job: job.name, jobId: item.id });
        const checked = checkPayload(job, item.data);
        if (!checked.ok) {
          logger.warn({ reason: checked.reason }, 'job refused: dead-lettered without running');
          await failWithoutRetry(options.executor, job.name, item.id);
          throw new Error(checked.reason);
        }
        await job.handler(checked.payload, { logger, jobId: item.id, module: options.contextOf(job.name) });
      });
    }
  }
  if (options.runWorkers) await registerSchedules(boss, options.jobs, (job) => options.contextOf(job.name).settings);
  return {
    async enqueue(job, payload, within, options = {}) {
      const connection = within ? { db: executorFor(within) as PgBoss.Db } : {};
      const stored: StoredPayload = { v: job.version, p: payload };
      const timing = {
        ...(options.singletonKey !== undefined ? { singletonKey: options.singletonKey } : {}),
        ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
      };
      return boss.send(job.name, stored, { ...connection, ...timing });
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

/**
 * A job refused before its handler will fail the same way at every retry: pg-boss only skips the
 * retries of a job that has used them all, so mark this one so before failing it (pg-boss 10's
 * own table; the failure then copies the job, its reason included, into the dead-letter queue).
 */
async function failWithoutRetry(executor: SqlExecutor, name: string, id: string): Promise<void> {
  await executor.executeSql('update pgboss.job set retry_limit = retry_count where name = $1 and id = $2', [name, id]);
}

/** The definitions are the source of truth: schedules they no longer declare are removed. */
async function registerSchedules(boss: PgBoss, jobs: AnyJob[], settingsOf: (job: AnyJob) => unknown): Promise<void> {
  const wanted = new Map(jobs.filter((job) => job.schedule).map((job) => [job.name, job]));
  for (const existing of await boss.getSchedules()) {
    if (!wanted.has(existing.name)) await boss.unschedule(existing.name);
  }
  for (const job of wanted.values()) {
    const { payload } = job.schedule!;
    const cron = typeof job.schedule!.cron === 'function' ? job.schedule!.cron(settingsOf(job)) : job.schedule!.cron;
    const stored: StoredPayload = { v: job.version, p: payload };
    try {
      await boss.schedule(job.name, cron, stored, { tz: SCHEDULE_TIME_ZONE });
    } catch (error) {
      throw new Error(`job ${job.name}: cannot schedule "${cron}": ${(error as Error).message}`);
    }
  }
}
