import pino from 'pino';
import { CommandError, type CliCommand, type CommandContext } from '../../platform/module.ts';
import { loadMasterKey } from '../../platform/crypto/master-key.ts';
import { openBlobStore, SealedBlobs } from '../../platform/storage/index.ts';
import { asRentalDb } from '../db.ts';
import { rentalRuntime } from '../module/runtime.ts';
import type { RentalSettings } from '../module/settings.ts';
import { deleteAccount } from '../tenants/deletion.ts';
import { logMailer } from './mailer.ts';
import { planRetention, runRetention, type RetentionDeps, type RetentionReport } from './pipeline.ts';

/** The counts of a report (the job's log line, the summary of the commands). */
export function countsOf(report: RetentionReport) {
  return {
    firstWarning: report.firstWarning.length,
    secondWarning: report.secondWarning.length,
    archived: report.archived.length,
    archivedWithoutDocuments: report.archivedWithoutDocuments.length,
    archivedWithTenant: report.archivedWithTenant.length,
    deleted: report.deleted.length,
    deletedApartments: report.deletedApartments.length,
    blobs: report.blobs,
  };
}

type CommandDeps = RetentionDeps & { now: Date };

/**
 * Inside the server, its runtime (its mailer, its clock); from the CLI, the same store and keys opened
 * here for `work`, and the store closed after it (S3's sockets would keep the process alive).
 */
async function withDeps<T>({ db, config, settings, server }: CommandContext<RentalSettings>, work: (deps: CommandDeps) => Promise<T>): Promise<T> {
  if (server) {
    const runtime = await rentalRuntime(server);
    return work({ db: runtime.db, blobs: runtime.blobs, mailer: runtime.mailer, settings: settings.retention, logger: server.logger, now: server.now() });
  }
  // Logs go to stderr: stdout carries the command's JSON answer.
  const logger = pino({ level: config.logLevel }, pino.destination(2));
  const store = openBlobStore(config);
  try {
    const blobs = new SealedBlobs(store, { current: loadMasterKey(config.masterKey, config.dataDir), previous: config.previousMasterKeys });
    return await work({ db: asRentalDb(db.kysely), blobs, mailer: logMailer(logger), settings: settings.retention, logger, now: new Date() });
  } finally {
    store.close?.();
  }
}

export const retentionCommands: CliCommand<RentalSettings>[] = [
  {
    name: 'rental:retention:plan',
    summary: 'dry run: the tenant ids the next retention run would warn, archive or delete (§11), and the counts; changes nothing',
    options: {},
    run: (context) =>
      withDeps(context, async (deps) => {
        const plan = await planRetention(deps.db, deps.settings, deps.now);
        return { at: deps.now.toISOString(), counts: countsOf(plan), ...plan };
      }),
  },
  {
    name: 'rental:retention:run',
    summary: 'run the retention job now (what the weekly job does): deletions after the configured months, inactivity warnings, archiving',
    options: {},
    run: (context) =>
      withDeps(context, async (deps) => {
        const report = await runRetention(deps, deps.now);
        return { at: deps.now.toISOString(), counts: countsOf(report), ...report };
      }),
  },
  {
    name: 'rental:tenant:erase',
    summary: 'TENANT_ID  erase a tenant on request (GDPR): deleteAccount, so a main tenant takes its co-tenants and apartment; blobs removed, audit row kept',
    options: { 'tenant-id': { type: 'string' } },
    positional: 'tenant-id',
    async run(context, values) {
      const raw = values['tenant-id'];
      const tenantId = typeof raw === 'string' && /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
      if (!Number.isInteger(tenantId) || tenantId < 1) throw new CommandError('tenant-id: a tenant id (a positive whole number) is required');
      return withDeps(context, async (deps) => {
        const tenant = await deps.db.selectFrom('rental.tenants').select(['tenant_type', 'apartment_sharing_id']).where('id', '=', tenantId).executeTakeFirst();
        if (!tenant) throw new CommandError(`tenant-id: no tenant ${tenantId}`);
        const members = tenant.tenant_type === 'CREATE'
          ? (await deps.db.selectFrom('rental.tenants').select('id').where('apartment_sharing_id', '=', tenant.apartment_sharing_id).orderBy('id').execute()).map((m) => m.id)
          : [tenantId];
        await deleteAccount(deps, tenantId, deps.now, 'ADMIN_ERASE');
        return { erased: members, apartmentDeleted: tenant.tenant_type === 'CREATE' ? tenant.apartment_sharing_id : null };
      });
    },
  },
];
