import type { SqlExecutor } from '../db/index.ts';

/** Every queue has its own dead-letter queue, where its jobs land once they failed for good. */
export function deadLetterQueueOf(name: string): string {
  return `${name}-dead-letter`;
}

/** A dead-lettered job as an operator sees it: never its payload, which may hold personal data. */
export interface DeadJob {
  queue: string;
  id: string;
  failedAt: string;
  reason: string;
  payloadVersion: number | null;
}

export interface DeadJobFilter {
  queue?: string;
  limit: number;
}

/**
 * Lists dead-lettered jobs, newest first. pg-boss copies a failed job into its queue's dead-letter
 * queue with the failure as `output` (an Error serialised as `{message,…}`, a thrown value as
 * `{value}`, a timeout as `{value:{message}}`); the copy is kept until twice the queue's retention after the first enqueue.
 */
export async function listDeadJobs(executor: SqlExecutor, filter: DeadJobFilter): Promise<DeadJob[]> {
  const { rows: present } = await executor.executeSql(`select to_regclass('pgboss.queue') is not null as present`);
  if (!(present[0] as { present: boolean } | undefined)?.present) return [];
  const { rows } = await executor.executeSql(
    `select q.name as queue, j.id, j.created_on as failed_at,
            coalesce(j.output->>'message', j.output->'value'->>'message', j.output->>'value', '') as reason,
            j.data->'v' as version
       from pgboss.queue q
       join pgboss.job j on j.name = q.dead_letter
      where q.dead_letter is not null and q.name <> q.dead_letter and ($1::text is null or q.name = $1)
      order by j.created_on desc, j.id
      limit $2`,
    [filter.queue ?? null, filter.limit],
  );
  return (rows as { queue: string; id: string; failed_at: Date | string; reason: string; version: unknown }[]).map((row) => ({
    queue: row.queue,
    id: row.id,
    failedAt: new Date(row.failed_at).toISOString(),
    reason: row.reason,
    payloadVersion: typeof row.version === 'number' ? row.version : null,
  }));
}

export interface DeadJobSelection {
  /** One dead job by id… */
  id?: string;
  /** …or every dead job (of one queue if given). */
  queue?: string;
}

/**
 * Sends dead jobs back to their queue, as new jobs with the queue's retry settings and the same
 * payload, and removes them from the dead-letter queue, in one statement: a job is never both
 * requeued and still dead, nor lost between the two. With a `short` queue that already has a job
 * waiting, the requeued one is dropped (the waiting one does the same work). Returns the dead ids taken.
 */
export async function retryDeadJobs(executor: SqlExecutor, selection: DeadJobSelection): Promise<{ id: string; queue: string }[]> {
  const { rows } = await executor.executeSql(
    `with dead as (
       delete from pgboss.job j using pgboss.queue q
        where j.name = q.dead_letter and q.name <> q.dead_letter
          and ($1::uuid is null or j.id = $1::uuid) and ($2::text is null or q.name = $2)
       returning j.id, q.name as queue, j.data
     ), requeued as (
       insert into pgboss.job (name, data, retry_limit, retry_delay, retry_backoff, expire_in, keep_until, dead_letter, policy)
       select q.name, d.data, coalesce(q.retry_limit, 2), coalesce(q.retry_delay, 0), coalesce(q.retry_backoff, false),
              coalesce(q.expire_seconds, 900) * interval '1 second',
              now() + coalesce(q.retention_minutes * 60, 1209600) * interval '1 second', q.dead_letter, q.policy
         from dead d join pgboss.queue q on q.name = d.queue
       on conflict do nothing
       returning id
     )
     select d.id::text as id, d.queue, (select count(*) from requeued) as requeued from dead d order by d.queue, d.id`,
    [selection.id ?? null, selection.queue ?? null],
  );
  return (rows as { id: string; queue: string }[]).map((row) => ({ id: row.id, queue: row.queue }));
}
