import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineModule } from '../../src/platform/module.ts';
import { deadLetterQueueOf, defineJob, SCHEDULE_TIME_ZONE } from '../../src/platform/queue/index.ts';
import { jobsDeadCommand, jobsDeadRetryCommand } from '../../src/platform/queue/dead-command.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * Job definitions as the platform runs them: the payload version is checked before the handler,
 * failures end in a dead-letter queue that `jobs:dead` lists, and cron schedules fire.
 */
const handled: { job: string; payload: object }[] = [];
const record = (job: string) => async (payload: object) => {
  handled.push({ job, payload });
};

const versioned = defineJob<{ to: string }>({ name: 'test-versioned', version: 2, retryLimit: 3, handler: record('versioned') });
const migrating = defineJob<{ to: string; from: number }>({
  name: 'test-migrating',
  version: 2,
  migrate: (payload, fromVersion) => ({ to: (payload as { address: string }).address, from: fromVersion }),
  handler: record('migrating'),
});
const failing = defineJob<{ secret: string }>({
  name: 'test-failing',
  version: 1,
  retryLimit: 1,
  retryBackoff: false,
  retryDelaySeconds: 0,
  async handler() {
    handled.push({ job: 'failing', payload: {} });
    throw new Error('the mail server said no');
  },
});
let flakyFixed = false;
const flaky = defineJob<{ n: number }>({
  name: 'test-flaky',
  version: 1,
  retryLimit: 0,
  async handler(payload) {
    if (!flakyFixed) throw new Error('downstream unavailable');
    handled.push({ job: 'flaky', payload });
  },
});
const scheduled = defineJob<{ sweep: string }>({
  name: 'test-scheduled',
  version: 1,
  schedule: { cron: '* * * * *', payload: { sweep: 'orphans' } },
  handler: record('scheduled'),
});

const testModule = defineModule({
  name: 'jobs-test',
  migrations: { module: 'jobs_test', directory: '/nonexistent' },
  jobs: [versioned, migrating, failing, flaky, scheduled],
  redactHeaders: [],
  commands: [],
});

describe('jobs', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ modules: [testModule], cronCheckSeconds: 1 });
  });
  afterAll(async () => {
    await app.destroy();
  });

  const jobState = async (name: string, id: string) => {
    const { rows } = await sql<{ state: string; retry_count: number }>`
      select state, retry_count from pgboss.job where name = ${name} and id = ${id}`.execute(app.db.kysely);
    return rows[0];
  };
  const deadJobs = (values: Record<string, string> = {}) =>
    jobsDeadCommand.run({ config: app.config, settings: undefined, db: app.db, server: app.platform }, values) as Promise<
      { queue: string; id: string; failedAt: string; reason: string; payloadVersion: number | null }[]
    >;
  async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await probe();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  it('never hands a payload of another version to the handler: it goes to the dead-letter queue at once', async () => {
    const older = await app.queue.enqueue({ ...versioned, version: 1 }, { to: 'a@b.fr' });
    const current = await app.queue.enqueue(versioned, { to: 'c@d.fr' });
    await until('the current job', async () => handled.some((h) => h.job === 'versioned'));
    const dead = await until('the dead letter', async () => (await deadJobs({ queue: versioned.name }))[0]);
    expect(dead).toEqual({
      queue: versioned.name,
      id: expect.any(String),
      failedAt: expect.any(String),
      reason: 'job test-versioned: payload version 1 is not v2, the version this worker handles (and the definition has no migrate hook)',
      payloadVersion: 1,
    });
    expect(await jobState(versioned.name, older!)).toEqual({ state: 'failed', retry_count: 0 });
    expect(await jobState(versioned.name, current!)).toMatchObject({ state: 'completed' });
    expect(handled.filter((h) => h.job === 'versioned')).toEqual([{ job: 'versioned', payload: { to: 'c@d.fr' } }]);
  });

  it('hands an older payload to the handler through the migrate hook', async () => {
    await app.queue.enqueue({ ...migrating, version: 1 } as never, { address: 'e@f.fr' });
    await app.queue.drain([migrating.name], 20_000);
    expect(handled.filter((h) => h.job === 'migrating')).toEqual([{ job: 'migrating', payload: { to: 'e@f.fr', from: 1 } }]);
    expect(await deadJobs({ queue: migrating.name })).toEqual([]);
  });

  it('dead-letters a job whose handler keeps failing, after its retries, and jobs:dead lists it without its payload', async () => {
    const id = await app.queue.enqueue(failing, { secret: 'Jean Durand, 12 rue de la Paix' });
    const dead = await until('the dead letter', async () => (await deadJobs({ queue: failing.name }))[0]);
    expect(handled.filter((h) => h.job === 'failing')).toHaveLength(2);
    expect(await jobState(failing.name, id!)).toEqual({ state: 'failed', retry_count: 1 });
    expect(dead).toEqual({ queue: failing.name, id: expect.any(String), failedAt: expect.any(String), reason: 'the mail server said no', payloadVersion: 1 });
    expect(Date.now() - Date.parse(dead.failedAt)).toBeLessThan(60_000);
    const { rows } = await sql<{ name: string }>`select name from pgboss.job where id = ${dead.id}`.execute(app.db.kysely);
    expect(rows).toEqual([{ name: deadLetterQueueOf(failing.name) }]);

    const all = await deadJobs();
    expect(all.map((d) => d.queue).sort()).toEqual([failing.name, versioned.name]);
    expect(JSON.stringify(all)).not.toContain('Jean Durand');
    expect(await deadJobs({ limit: '1' })).toHaveLength(1);
    await expect(deadJobs({ limit: '0' })).rejects.toThrow('--limit must be an integer from 1 to 10000');
  });

  it('jobs:dead:retry sends a dead job back to its queue with its payload; it runs once the cause is fixed and leaves the dead list', async () => {
    const retry = (values: Record<string, string | boolean>) =>
      jobsDeadRetryCommand.run({ config: app.config, settings: undefined, db: app.db, server: app.platform }, values) as Promise<{ retried: { id: string; queue: string }[] }>;
    await app.queue.enqueue(flaky, { n: 1 });
    await app.queue.enqueue(flaky, { n: 2 });
    const dead = await until('two dead flaky jobs', async () => {
      const list = await deadJobs({ queue: flaky.name });
      return list.length === 2 && list;
    });
    await expect(retry({})).rejects.toThrow('give one job id, or --all');
    await expect(retry({ id: 'nope' })).rejects.toThrow('ID: a job id');
    await expect(retry({ id: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow('no dead job 00000000-0000-4000-8000-000000000000');
    flakyFixed = true;
    expect(await retry({ id: dead[0]!.id })).toEqual({ retried: [{ id: dead[0]!.id, queue: flaky.name }] });
    expect((await deadJobs({ queue: flaky.name })).map((d) => d.id)).toEqual([dead[1]!.id]);
    expect(await retry({ all: true, queue: flaky.name })).toEqual({ retried: [{ id: dead[1]!.id, queue: flaky.name }] });
    await app.queue.drain([flaky.name], 20_000);
    expect(handled.filter((h) => h.job === 'flaky').map((h) => h.payload).sort((a, b) => (a as { n: number }).n - (b as { n: number }).n)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await deadJobs({ queue: flaky.name })).toEqual([]);
  });

  it('fires a scheduled job on its cron, in Paris time, with its payload', async () => {
    const { rows } = await sql<{ name: string; cron: string; timezone: string }>`
      select name, cron, timezone from pgboss.schedule`.execute(app.db.kysely);
    expect(rows).toEqual([{ name: scheduled.name, cron: '* * * * *', timezone: SCHEDULE_TIME_ZONE }]);
    await until('the scheduled job', async () => handled.some((h) => h.job === 'scheduled'), 30_000);
    expect(handled.find((h) => h.job === 'scheduled')).toEqual({ job: 'scheduled', payload: { sweep: 'orphans' } });
  });
});
