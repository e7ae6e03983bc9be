import { sql } from 'kysely';
import type { Logger } from 'pino';
import type { SealedBlobs } from '../../platform/storage/index.ts';
import type { RentalDb } from '../db.ts';
import type { RetentionSettings } from '../module/settings.ts';
import { deleteTenantRows } from '../tenants/deletion.ts';
import { archiveTenant } from './archive.ts';
import type { RetentionEmail, RetentionMailer } from './mailer.ts';

export interface RetentionDeps {
  db: RentalDb;
  blobs: SealedBlobs;
  mailer: RetentionMailer;
  settings: RetentionSettings;
  logger: Pick<Logger, 'warn'>;
}

const DAY_MS = 86_400_000;
/**
 * A tenant moves at most one step per day (warning 1, warning 2, archive): a tenant found far past
 * the archive day (a first deployment, a job that did not run) still gets both warnings one run
 * apart before its file goes, and two runs at once (the cron and the admin command) cannot send two
 * warnings together.
 */
const STEP_GAP_MS = DAY_MS;
/** Rows read and acted on per query: the run's memory and each transaction stay small. */
const BATCH = 100;

export type InactivityStep = 'FIRST_WARNING' | 'SECOND_WARNING' | 'ARCHIVE' | 'ARCHIVE_WITHOUT_DOCUMENTS';

export interface InactivityState {
  /** Start of the inactivity: the last write on the file, or the creation. */
  activity: Date;
  warnings: number;
  lastWarning: Date | null;
  hasDocuments: boolean;
}

/** §11.1: day 30 first warning, day 37 second, day 45 archive with two warnings; without documents, archive at 45 silently. */
export function inactivityStep(state: InactivityState, now: Date, settings: RetentionSettings): InactivityStep | null {
  const idle = now.getTime() - state.activity.getTime();
  const rested = state.lastWarning === null || now.getTime() - state.lastWarning.getTime() >= STEP_GAP_MS;
  if (!state.hasDocuments) return idle >= settings.archiveDay * DAY_MS ? 'ARCHIVE_WITHOUT_DOCUMENTS' : null;
  if (state.warnings >= 2) return idle >= settings.archiveDay * DAY_MS && rested ? 'ARCHIVE' : null;
  if (state.warnings === 1) return idle >= settings.secondWarningDay * DAY_MS && rested ? 'SECOND_WARNING' : null;
  return idle >= settings.firstWarningDay * DAY_MS ? 'FIRST_WARNING' : null;
}

/** §11.2: the instant before which a last update makes a tenant due for deletion. */
export function deletionCutoff(now: Date, months: number): Date {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return cutoff;
}

/** What a run does, or would do: ids and counts only. */
export interface RetentionReport {
  firstWarning: number[];
  secondWarning: number[];
  /** Archived after both warnings. */
  archived: number[];
  /** Archived without any warning: no document. */
  archivedWithoutDocuments: number[];
  /** Co-tenants without email archived with one of the above. */
  archivedWithTenant: number[];
  /** Tenants deleted for good (§11.2), and the apartments that went with them. */
  deleted: number[];
  deletedApartments: number[];
  /** Blobs removed (a plan counts those the run would remove). */
  blobs: number;
}

const emptyReport = (): RetentionReport => ({
  firstWarning: [],
  secondWarning: [],
  archived: [],
  archivedWithoutDocuments: [],
  archivedWithTenant: [],
  deleted: [],
  deletedApartments: [],
  blobs: 0,
});

const sortReport = (report: RetentionReport): RetentionReport => {
  for (const key of ['firstWarning', 'secondWarning', 'archived', 'archivedWithoutDocuments', 'archivedWithTenant', 'deleted', 'deletedApartments'] as const) report[key].sort((a, b) => a - b);
  return report;
};

// ---------------------------------------------------------------------------------------------
// Reading the candidates (shared by the plan and the run)

/** Tenants whose inactivity passed the first warning day, by id after `after`; co-tenants without email follow their apartment. */
function inactiveBatch(db: RentalDb, now: Date, settings: RetentionSettings, after: number) {
  const since = new Date(now.getTime() - settings.firstWarningDay * DAY_MS);
  return stateQuery(db)
    .where('t.status', '<>', 'ARCHIVED')
    .where('t.email', 'is not', null)
    .where(sql<Date>`coalesce(t.last_activity_date, t.creation_date)`, '<=', since)
    .where('t.id', '>', after)
    .orderBy('t.id')
    .limit(BATCH)
    .execute();
}

function stateQuery(db: RentalDb) {
  return db
    .selectFrom('rental.tenants as t')
    .select([
      't.id',
      't.apartment_sharing_id',
      't.warnings',
      't.last_warning_date',
      sql<Date>`coalesce(t.last_activity_date, t.creation_date)`.as('activity'),
      (eb) =>
        eb
          .or([
            eb.exists(eb.selectFrom('rental.documents as d').select('d.id').whereRef('d.tenant_id', '=', 't.id')),
            eb.exists(eb.selectFrom('rental.documents as d').innerJoin('rental.guarantors as g', 'g.id', 'd.guarantor_id').select('d.id').whereRef('g.tenant_id', '=', 't.id')),
          ])
          .as('has_documents'),
    ]);
}

type StateRow = Awaited<ReturnType<typeof inactiveBatch>>[number];
const stateOf = (row: StateRow): InactivityState => ({
  activity: new Date(row.activity),
  warnings: row.warnings,
  lastWarning: row.last_warning_date,
  hasDocuments: Boolean(row.has_documents),
});

/** Apartments whose every tenant's last update is before the cutoff (§11.2: they go whole). */
function staleApartments(db: RentalDb, cutoff: Date, after: number) {
  return db
    .selectFrom('rental.apartment_sharings as a')
    .select('a.id')
    .where('a.id', '>', after)
    .where((eb) => eb.exists(eb.selectFrom('rental.tenants as t').select('t.id').whereRef('t.apartment_sharing_id', '=', 'a.id')))
    .where((eb) => eb.not(eb.exists(eb.selectFrom('rental.tenants as t').select('t.id').whereRef('t.apartment_sharing_id', '=', 'a.id').where('t.last_update_date', '>', cutoff))))
    .orderBy('a.id')
    .limit(BATCH)
    .execute();
}

/**
 * Co-tenants (JOIN) not updated since the cutoff in an apartment where someone else is: they go
 * alone. A main tenant (CREATE) stays while one of its co-tenants is active: deleting it would take
 * their apartment (`deleteAccount`), and the apartment goes whole once every tenant is stale.
 */
function staleCoTenants(db: RentalDb, cutoff: Date, after: number) {
  return db
    .selectFrom('rental.tenants as t')
    .select(['t.id', 't.apartment_sharing_id'])
    .where('t.tenant_type', '=', 'JOIN')
    .where('t.last_update_date', '<=', cutoff)
    .where('t.id', '>', after)
    .where((eb) => eb.exists(eb.selectFrom('rental.tenants as o').select('o.id').whereRef('o.apartment_sharing_id', '=', 't.apartment_sharing_id').where('o.last_update_date', '>', cutoff)))
    .orderBy('t.id')
    .limit(BATCH)
    .execute();
}

async function blobCount(db: RentalDb, tenantIds: number[]): Promise<number> {
  if (!tenantIds.length) return 0;
  const documents = await db
    .selectFrom('rental.documents as d')
    .leftJoin('rental.guarantors as g', 'g.id', 'd.guarantor_id')
    .select(['d.id', 'd.pdf_blob_key'])
    .where((eb) => eb.or([eb('d.tenant_id', 'in', tenantIds), eb('g.tenant_id', 'in', tenantIds)]))
    .execute();
  if (!documents.length) return 0;
  const files = await db.selectFrom('rental.files').select('thumbnail_blob_key').where('document_id', 'in', documents.map((d) => d.id)).execute();
  return files.length + files.filter((f) => f.thumbnail_blob_key !== null).length + documents.filter((d) => d.pdf_blob_key !== null).length;
}

async function followersOf(db: RentalDb, tenantId: number, apartmentId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('rental.tenants')
    .select('id')
    .where('apartment_sharing_id', '=', apartmentId)
    .where('id', '<>', tenantId)
    .where('email', 'is', null)
    .where('status', '<>', 'ARCHIVED')
    .execute();
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// The plan (dry run)

/** What a run at `now` would do, without doing it: `rental:retention:plan`. */
export async function planRetention(db: RentalDb, settings: RetentionSettings, now: Date): Promise<RetentionReport> {
  const report = emptyReport();
  const cutoff = deletionCutoff(now, settings.deletionMonths);
  const deletedApartments = new Set<number>();
  for (let after = 0; ; ) {
    const batch = await staleApartments(db, cutoff, after);
    for (const { id } of batch) {
      deletedApartments.add(id);
      report.deletedApartments.push(id);
      const members = await db.selectFrom('rental.tenants').select('id').where('apartment_sharing_id', '=', id).execute();
      report.deleted.push(...members.map((m) => m.id));
      report.blobs += await blobCount(db, members.map((m) => m.id));
    }
    if (batch.length < BATCH) break;
    after = batch.at(-1)!.id;
  }
  for (let after = 0; ; ) {
    const batch = await staleCoTenants(db, cutoff, after);
    report.deleted.push(...batch.map((t) => t.id));
    report.blobs += await blobCount(db, batch.map((t) => t.id));
    if (batch.length < BATCH) break;
    after = batch.at(-1)!.id;
  }
  const deleted = new Set(report.deleted);
  for (let after = 0; ; ) {
    const batch = await inactiveBatch(db, now, settings, after);
    for (const row of batch) {
      if (deleted.has(row.id)) continue;
      const step = inactivityStep(stateOf(row), now, settings);
      if (step === 'FIRST_WARNING') report.firstWarning.push(row.id);
      if (step === 'SECOND_WARNING') report.secondWarning.push(row.id);
      if (step === 'ARCHIVE' || step === 'ARCHIVE_WITHOUT_DOCUMENTS') {
        (step === 'ARCHIVE' ? report.archived : report.archivedWithoutDocuments).push(row.id);
        const followers = (await followersOf(db, row.id, row.apartment_sharing_id)).filter((id) => !report.archivedWithTenant.includes(id));
        report.archivedWithTenant.push(...followers);
        report.blobs += await blobCount(db, [row.id, ...followers]);
      }
    }
    if (batch.length < BATCH) break;
    after = batch.at(-1)!.id;
  }
  return sortReport(report);
}

// ---------------------------------------------------------------------------------------------
// The run

/**
 * One retention run at `now` (the weekly job, `rental:retention:run`): hard deletions first (§11.2),
 * then the inactivity pipeline (§11.1). Each tenant or apartment is one transaction that takes its
 * row lock with SKIP LOCKED and decides again under it, so two runs at once share the work and an
 * upload in flight wins (the tenant is left for the next run). Mails and blob deletions happen
 * after the commit; a crash in between leaves orphan blobs, which the hourly sweeper removes.
 */
export async function runRetention(deps: RetentionDeps, now: Date): Promise<RetentionReport> {
  const report = emptyReport();
  await deleteStale(deps, now, report);
  for (let after = 0; ; ) {
    const batch = await inactiveBatch(deps.db, now, deps.settings, after);
    for (const row of batch) await advance(deps, row.id, now, report);
    if (batch.length < BATCH) break;
    after = batch.at(-1)!.id;
  }
  return sortReport(report);
}

async function advance(deps: RetentionDeps, tenantId: number, now: Date, report: RetentionReport): Promise<void> {
  const outcome = await deps.db.transaction().execute(async (trx) => {
    const row = await stateQuery(trx).where('t.id', '=', tenantId).where('t.status', '<>', 'ARCHIVED').forUpdate('t').skipLocked().executeTakeFirst();
    if (!row) return null;
    const step = inactivityStep(stateOf(row), now, deps.settings);
    if (step === 'FIRST_WARNING' || step === 'SECOND_WARNING') {
      const warning = step === 'FIRST_WARNING' ? 1 : 2;
      const tenant = await trx
        .updateTable('rental.tenants')
        .set({ warnings: warning, last_warning_date: now })
        .where('id', '=', tenantId)
        .returning(['email', 'first_name'])
        .executeTakeFirstOrThrow();
      await trx.insertInto('rental.retention_warnings').values({ tenant_id: tenantId, warning, inactive_since: new Date(row.activity), created_at: now }).execute();
      const email: RetentionEmail = {
        template: warning === 1 ? 'INACTIVITY_WARNING_1' : 'INACTIVITY_WARNING_2',
        tenantId,
        to: tenant.email!,
        firstName: tenant.first_name,
        archiveOn: new Date(new Date(row.activity).getTime() + deps.settings.archiveDay * DAY_MS),
      };
      return { step, email, keys: [] as string[], archived: [] as number[] };
    }
    if (step === 'ARCHIVE' || step === 'ARCHIVE_WITHOUT_DOCUMENTS') {
      const { keys, archived } = await archiveTenant(trx, tenantId, step === 'ARCHIVE' ? 'INACTIVITY' : 'INACTIVITY_NO_DOCUMENT', now);
      return { step, email: null, keys, archived };
    }
    return null;
  });
  if (!outcome) return;
  if (outcome.step === 'FIRST_WARNING') report.firstWarning.push(tenantId);
  if (outcome.step === 'SECOND_WARNING') report.secondWarning.push(tenantId);
  if (outcome.step === 'ARCHIVE') report.archived.push(tenantId);
  if (outcome.step === 'ARCHIVE_WITHOUT_DOCUMENTS') report.archivedWithoutDocuments.push(tenantId);
  report.archivedWithTenant.push(...outcome.archived.filter((id) => id !== tenantId));
  report.blobs += outcome.keys.length;
  await deps.blobs.delete(outcome.keys);
  if (outcome.email) {
    try {
      await deps.mailer.send(outcome.email);
    } catch (error) {
      // The warning is recorded (the next step waits for it); the mail is lost, which the log says.
      deps.logger.warn({ err: error, tenantId, template: outcome.email.template }, 'retention email not sent');
    }
  }
}

async function deleteStale(deps: RetentionDeps, now: Date, report: RetentionReport): Promise<void> {
  const cutoff = deletionCutoff(now, deps.settings.deletionMonths);
  for (let after = 0; ; ) {
    const batch = await staleApartments(deps.db, cutoff, after);
    for (const { id } of batch) await deleteApartment(deps, id, cutoff, now, report);
    if (batch.length < BATCH) break;
    after = batch.at(-1)!.id;
  }
  for (let after = 0; ; ) {
    const batch = await staleCoTenants(deps.db, cutoff, after);
    for (const row of batch) await deleteCoTenantAlone(deps, row.id, row.apartment_sharing_id, cutoff, now, report);
    if (batch.length < BATCH) break;
    after = batch.at(-1)!.id;
  }
}

/** The webhook outbox rows of deleted tenants: §11.2 sends no webhook, and nothing of them stays. */
async function deleteOutbox(trx: RentalDb, tenantIds: number[]): Promise<void> {
  if (tenantIds.length) await trx.deleteFrom('rental.webhook_events').where('tenant_id', 'in', tenantIds).execute();
}

/**
 * The apartment's tenants, locked, or null when one is locked by a write in progress (which would
 * update the apartment row this transaction holds: waiting could deadlock, and the tenant is not
 * stale anyway). The next run sees it again.
 */
async function lockMembers(trx: RentalDb, apartmentId: number) {
  const members = await trx.selectFrom('rental.tenants').select(['id', 'tenant_type', 'last_update_date']).where('apartment_sharing_id', '=', apartmentId).orderBy('id').forUpdate().skipLocked().execute();
  const all = await trx.selectFrom('rental.tenants').select((eb) => eb.fn.countAll<string>().as('n')).where('apartment_sharing_id', '=', apartmentId).executeTakeFirstOrThrow();
  return members.length === Number(all.n) ? members : null;
}

/** An apartment whose every tenant is stale: all of them and the apartment, one transaction. */
async function deleteApartment(deps: RetentionDeps, apartmentId: number, cutoff: Date, now: Date, report: RetentionReport): Promise<void> {
  const done = await deps.db.transaction().execute(async (trx) => {
    // Lock order everywhere here: the apartment, then its tenants.
    const apartment = await trx.selectFrom('rental.apartment_sharings').select('id').where('id', '=', apartmentId).forUpdate().skipLocked().executeTakeFirst();
    if (!apartment) return null;
    const members = await lockMembers(trx, apartmentId);
    if (!members || !members.length || members.some((m) => m.last_update_date > cutoff)) return null;
    const ids = members.map((m) => m.id);
    await deleteOutbox(trx, ids);
    const keys = await deleteTenantRows(trx, ids, now, 'NO_UPDATE');
    await trx.deleteFrom('rental.apartment_sharings').where('id', '=', apartmentId).execute();
    return { ids, keys };
  });
  if (!done) return;
  report.deletedApartments.push(apartmentId);
  report.deleted.push(...done.ids);
  report.blobs += done.keys.length;
  await deps.blobs.delete(done.keys);
}

async function deleteCoTenantAlone(deps: RetentionDeps, tenantId: number, apartmentId: number, cutoff: Date, now: Date, report: RetentionReport): Promise<void> {
  const done = await deps.db.transaction().execute(async (trx) => {
    const apartment = await trx.selectFrom('rental.apartment_sharings').select('id').where('id', '=', apartmentId).forUpdate().skipLocked().executeTakeFirst();
    if (!apartment) return null;
    const members = await lockMembers(trx, apartmentId);
    if (!members) return null;
    const tenant = members.find((m) => m.id === tenantId);
    if (!tenant || tenant.tenant_type !== 'JOIN' || tenant.last_update_date > cutoff || !members.some((m) => m.last_update_date > cutoff)) return null;
    await deleteOutbox(trx, [tenantId]);
    const keys = await deleteTenantRows(trx, [tenantId], now, 'NO_UPDATE');
    const left = members.length - 1;
    await trx.updateTable('rental.apartment_sharings').set({ application_type: left <= 1 ? 'ALONE' : 'GROUP', last_update_date: now }).where('id', '=', apartmentId).execute();
    return { keys };
  });
  if (!done) return;
  report.deleted.push(tenantId);
  report.blobs += done.keys.length;
  await deps.blobs.delete(done.keys);
}
