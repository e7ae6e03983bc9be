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
