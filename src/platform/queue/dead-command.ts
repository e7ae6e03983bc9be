import { CommandError, type CliCommand } from '../module.ts';
import { listDeadJobs } from './dead-letters.ts';

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
