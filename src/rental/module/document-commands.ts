import pino from 'pino';
import { CommandError, type CliCommand, type CommandContext } from '../../platform/module.ts';
import { startQueue } from '../../platform/queue/index.ts';
import { asRentalDb } from '../db.ts';
import { documentsToReprocess, listRenderFailures } from '../documents/failures.ts';
import { requestRender } from '../documents/render-request.ts';
import { renderDocumentJob } from './render-job.ts';
import { rentalRuntime } from './runtime.ts';
import type { RentalSettings } from './settings.ts';

function positiveId(name: string, value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const id = Number(value);
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value) || id < 1) throw new CommandError(`--${name}: a positive id`);
  return id;
}

/**
 * Asks for renders in one transaction. Inside the server, through its queue; from a command run
 * alone, through a queue opened for the purpose (no workers): the server renders them when it runs.
 */
async function reprocess(context: CommandContext<RentalSettings>, ids: number[]): Promise<void> {
  const runtime = context.server ? await rentalRuntime(context.server) : null;
  const queue = runtime?.queue ?? (await startQueue({ executor: context.db.executor, jobs: [renderDocumentJob], contextOf: () => context.server!, runWorkers: false, logger: pino({ level: 'silent' }) }));
  try {
    const db = runtime?.db ?? asRentalDb(context.db.kysely);
    await db.transaction().execute(async (trx) => {
      for (const id of ids) await requestRender(trx, { queue, settings: { renderDelaySeconds: 0 } }, id);
    });
  } finally {
    if (!runtime) await queue.stop();
  }
}

export const documentCommands: CliCommand<RentalSettings>[] = [
  {
    name: 'documents:failures',
    summary: '[--tenant ID] [--limit N]  documents whose render failed: step, error code, when (newest first)',
    options: { tenant: { type: 'string' }, limit: { type: 'string' } },
    async run(context, values) {
      const limit = values.limit === undefined ? 100 : Number(values.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > 10_000) throw new CommandError('--limit must be an integer from 1 to 10000');
      return listRenderFailures(asRentalDb(context.db.kysely), { tenantId: positiveId('tenant', values.tenant), limit });
    },
  },
  {
    name: 'documents:reprocess',
    summary: '--document ID | --tenant ID  render a document again (or every document of a tenant and its guarantors)',
    options: { document: { type: 'string' }, tenant: { type: 'string' } },
    async run(context, values) {
      const documentId = positiveId('document', values.document);
      const tenantId = positiveId('tenant', values.tenant);
      if ((documentId === undefined) === (tenantId === undefined)) throw new CommandError('give --document ID or --tenant ID');
      const ids = await documentsToReprocess(asRentalDb(context.db.kysely), documentId !== undefined ? { documentId } : { tenantId: tenantId! });
      if (ids.length === 0) throw new CommandError(documentId !== undefined ? `no document ${documentId}` : `tenant ${tenantId} has no document`);
      await reprocess(context, ids);
      return { requested: ids };
    },
  },
];
