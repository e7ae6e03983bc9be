import { CommandError, type CliCommand } from '../module.ts';
import { listDeadJobs, retryDeadJobs } from './dead-letters.ts';

const MAX_LIMIT = 10_000;

/** `foyer jobs:dead`: what failed for good, and why; the payloads stay in the database. */
export const jobsDeadCommand: CliCommand<undefined> = {
  name: 'jobs:dead',
  summary: '[--queue NAME] [--limit N]  list dead-lettered jobs (queue, id, failed at, reason, payload version)',
  options: { queue: { type: 'string' }, limit: { type: 'string' } },
  async run({ db }, values) {
    const limit = values.limit === undefined ? 100 : Number(values.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) throw new CommandError(`--limit must be an integer from 1 to ${MAX_LIMIT}`);
    const queue = typeof values.queue === 'string' ? values.queue : undefined;
    return listDeadJobs(db.executor, { queue, limit });
  },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `foyer jobs:dead:retry ID` or `--all [--queue NAME]`: gives dead jobs another run, once the cause is fixed. */
export const jobsDeadRetryCommand: CliCommand<undefined> = {
  name: 'jobs:dead:retry',
  summary: 'ID | --all [--queue NAME]  send dead-lettered jobs back to their queue (same payload, fresh retries)',
  options: { id: { type: 'string' }, all: { type: 'boolean' }, queue: { type: 'string' } },
  positional: 'id',
  async run({ db }, values) {
    const id = typeof values.id === 'string' ? values.id : undefined;
    const queue = typeof values.queue === 'string' ? values.queue : undefined;
    if (id !== undefined && !UUID.test(id)) throw new CommandError('ID: a job id as jobs:dead lists it (a UUID)');
    if ((id === undefined) === (values.all !== true)) throw new CommandError('give one job id, or --all (optionally with --queue)');
    const retried = await retryDeadJobs(db.executor, { id, queue });
    if (id !== undefined && retried.length === 0) throw new CommandError(`no dead job ${id}`);
    return { retried };
  },
};
