import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/platform/config/index.ts';
import { openBlobStore } from '../../src/platform/storage/index.ts';
import { MODULES } from '../../src/modules.ts';
import { asRentalDb, rentalModule, rentalRuntime, type RentalSettings } from '../../src/rental/index.ts';
import { logMailer, type RetentionEmail } from '../../src/rental/retention/mailer.ts';
import { retentionJob } from '../../src/rental/module/jobs.ts';
import { recordTenantEvent } from '../../src/rental/events/record.ts';
import { inactivityStep, type RetentionReport } from '../../src/rental/retention/pipeline.ts';
import { storedBlobs } from '../support/blobs.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { completeTenantFile, partnerClient, pdf, type PartnerClient } from './helpers.ts';

const DAY = 86_400_000;
const T0 = new Date('2026-01-05T09:00:00.000Z');
const day = (n: number) => new Date(T0.getTime() + n * DAY);
const RENDER = ['rental-document-render'];

/** An app on a clock the test moves, with a partner that has a callback URL and a recorder in place of the mailer. */
async function retentionApp() {
  const clock = { now: T0 };
  const app = await startTestApp({ now: () => clock.now, env: { FOYER_RENTAL_RENDER_DELAY_SECONDS: '0', FOYER_DOCUMENTS_THREADS: '1' } });
  const context = app.contexts.get('rental')! as Parameters<typeof rentalRuntime>[0];
  const runtime = await rentalRuntime(context);
  const sent: RetentionEmail[] = [];
  runtime.mailer = { send: async (email) => void sent.push(email) };
  const partner = await partnerClient(app, { callbackUrl: 'http://127.0.0.1:9/x' });
  const command = (name: string) => rentalModule.commands.find((c) => c.name === name)!;
  const commandContext = { config: app.config, settings: context.settings as RentalSettings, db: app.db, server: context };
  const run = async () => (await command('rental:retention:run').run(commandContext, {})) as RetentionReport & { counts: Record<string, number> };
  const plan = async () => (await command('rental:retention:plan').run(commandContext, {})) as RetentionReport & { counts: Record<string, number> };
  const erase = (id: string) => command('rental:tenant:erase').run(commandContext, { 'tenant-id': id });
  const db = asRentalDb(app.db.kysely);
  return { app, clock, sent, partner, run, plan, erase, db };
}

const nothing: RetentionReport = { firstWarning: [], secondWarning: [], archived: [], archivedWithoutDocuments: [], archivedWithTenant: [], deleted: [], deletedApartments: [], blobs: 0 };
const reportOf = (out: RetentionReport) => {
  const { firstWarning, secondWarning, archived, archivedWithoutDocuments, archivedWithTenant, deleted, deletedApartments, blobs } = out;
  return { firstWarning, secondWarning, archived, archivedWithoutDocuments, archivedWithTenant, deleted, deletedApartments, blobs };
};

/** Every blob key a tenant's rows reference: originals, thumbnails, watermarked PDFs (tenant and guarantors). */
async function blobKeysOf(app: TestApp, tenantIds: number[]): Promise<string[]> {
  const { rows } = await sql<{ key: string }>`
    select k.key from rental.documents d
    left join rental.guarantors g on g.id = d.guarantor_id
    left join rental.files f on f.document_id = d.id
    cross join lateral (values (f.blob_key), (f.thumbnail_blob_key), (d.pdf_blob_key)) as k(key)
    where (d.tenant_id = any(${tenantIds}) or g.tenant_id = any(${tenantIds})) and k.key is not null`.execute(app.db.kysely);
  return [...new Set(rows.map((r) => r.key))];
}

/** Every row of every table of the database (rental, queue, other modules) as text, searched for each needle, as text and as bytea hex. */
async function scanDatabase(app: TestApp, needles: string[]): Promise<string[]> {
  const { rows: tables } = await sql<{ schema: string; name: string }>`
    select table_schema as schema, table_name as name from information_schema.tables
    where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')`.execute(app.db.kysely);
  const found: string[] = [];
  for (const table of tables) {
    const { rows } = await sql<{ row: string }>`select t::text as row from ${sql.table(`${table.schema}.${table.name}`)} t`.execute(app.db.kysely);
    for (const needle of needles) {
      const hex = Buffer.from(needle).toString('hex');
      if (rows.some((r) => r.row.toLowerCase().includes(needle.toLowerCase()) || r.row.includes(hex))) found.push(`${table.schema}.${table.name}: ${needle}`);
    }
  }
  return found;
}

async function storeKeys(app: TestApp): Promise<string[]> {
  const keys: string[] = [];
  for await (const blob of openBlobStore(app.config).list('rental')) keys.push(blob.key);
  return keys;
}

describe('retention settings', () => {
  const rental = (env: Record<string, string>) => loadConfig({ LOG_LEVEL: 'silent', ...env }, { sections: MODULES }).surfaces.rental as RentalSettings;

  it('defaults to §11: warnings at days 30 and 37, archive at 45, deletion after 12 months, Mondays 10:20', () => {
    expect(rental({}).retention).toEqual({ firstWarningDay: 30, secondWarningDay: 37, archiveDay: 45, deletionMonths: 12, cron: '20 10 * * 1' });
    expect(rental({ FOYER_RENTAL_FIRST_WARNING_DAY: '10', FOYER_RENTAL_SECOND_WARNING_DAY: '20', FOYER_RENTAL_ARCHIVE_DAY: '25', FOYER_RENTAL_DELETION_MONTHS: '6', FOYER_RENTAL_RETENTION_CRON: '0  3 * * *' }).retention).toEqual({
      firstWarningDay: 10,
      secondWarningDay: 20,
      archiveDay: 25,
      deletionMonths: 6,
      cron: '0 3 * * *',
    });
  });

  it('names bad values at boot: days out of order, a cron without five fields, a month count out of range', () => {
    expect(() => rental({ FOYER_RENTAL_SECOND_WARNING_DAY: '30', FOYER_RENTAL_ARCHIVE_DAY: '20', FOYER_RENTAL_RETENTION_CRON: 'weekly', FOYER_RENTAL_DELETION_MONTHS: '0' })).toThrow(
      /FOYER_RENTAL_SECOND_WARNING_DAY: must be after FOYER_RENTAL_FIRST_WARNING_DAY \(30\), got 30[\s\S]*FOYER_RENTAL_ARCHIVE_DAY: must be after FOYER_RENTAL_SECOND_WARNING_DAY \(30\), got 20[\s\S]*FOYER_RENTAL_RETENTION_CRON: expected a cron expression of five fields/,
    );
    expect(() => rental({ FOYER_RENTAL_DELETION_MONTHS: '0' })).toThrow(/FOYER_RENTAL_DELETION_MONTHS: must be between 1 and 120, got 0/);
  });

  it('the step rule: one step per run, a day at least between steps, no warnings without documents', () => {
    const settings = rental({}).retention;
    const state = (idleDays: number, warnings: number, warnedDaysAgo: number | null, hasDocuments = true) => ({
      activity: day(0),
      warnings,
      lastWarning: warnedDaysAgo === null ? null : day(idleDays - warnedDaysAgo),
      hasDocuments,
    });
    const at = (idleDays: number) => day(idleDays);
    expect(inactivityStep(state(29.99, 0, null), at(29.99), settings)).toBeNull();
    expect(inactivityStep(state(30, 0, null), at(30), settings)).toBe('FIRST_WARNING');
    // Far past every day (a first deployment): still warning 1, then 2, then the archive, a day apart at least.
    expect(inactivityStep(state(90, 0, null), at(90), settings)).toBe('FIRST_WARNING');
    expect(inactivityStep(state(90, 1, 0.5), at(90), settings)).toBeNull();
    expect(inactivityStep(state(90, 1, 1), at(90), settings)).toBe('SECOND_WARNING');
    expect(inactivityStep(state(90, 2, 0.5), at(90), settings)).toBeNull();
    expect(inactivityStep(state(90, 2, 1), at(90), settings)).toBe('ARCHIVE');
    expect(inactivityStep(state(44, 2, 7), at(44), settings)).toBeNull();
    expect(inactivityStep(state(44, 0, null, false), at(44), settings)).toBeNull();
    expect(inactivityStep(state(45, 0, null, false), at(45), settings)).toBe('ARCHIVE_WITHOUT_DOCUMENTS');
  });
});

describe('inactivity pipeline (§11.1) on a controlled clock', () => {
  let t: Awaited<ReturnType<typeof retentionApp>>;
  beforeAll(async () => {
    t = await retentionApp();
  });
  afterAll(() => t.app.destroy());
  const events = async (tenantId: number) => (await t.db.selectFrom('rental.webhook_events').select('event_type').where('tenant_id', '=', tenantId).orderBy('id').execute()).map((e) => e.event_type);
  const tenantRow = (id: number) =>
    t.db.selectFrom('rental.tenants').select(['status', 'warnings', 'honor_declaration', 'zip_code', 'abroad', 'clarification', 'email', 'first_name', 'last_name']).where('id', '=', id).executeTakeFirstOrThrow();

  let full: number;
  let coTenant: number;
  let empty: number;
  let active: number;
  let keys: string[];

  it('day 0: a complete file (documents rendered, a guarantor with a document, a co-tenant without email), a file without documents, an active file', async () => {
    const { partner } = t;
    full = await partner.newTenant('full');
    await completeTenantFile(partner, full, 'Albertine');
    expect((await partner.post('/register/honorDeclaration', { tenantId: full, honorDeclaration: true })).body.status).toBe('TO_PROCESS');
    const couple = await partner.post('/register/application/v2', { tenantId: full, applicationType: 'COUPLE', coTenants: [{ firstName: 'Octave', lastName: 'Sansmail' }], acceptAccess: true });
    expect(couple.status).toBe(200);
    coTenant = (couple.body.apartmentSharing.tenants as { id: number }[]).find((m) => m.id !== full)!.id;
    const guarantor = (await partner.post('/register/guarantorType', { tenantId: full, typeGuarantor: 'NATURAL_PERSON' })).body.guarantors.at(-1).id as number;
    expect((await partner.upload('/register/guarantorNaturalPerson/documentIdentification/v2', { tenantId: full, guarantorId: guarantor, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()])).status).toBe(200);
    await t.db.updateTable('rental.tenants').set({ zip_code: '75011', abroad: false, clarification: 'Je déménage' }).where('id', '=', full).execute();
    empty = await partner.newTenant('empty');
    expect((await partner.post('/register/names', { tenantId: empty, firstName: 'Vide', lastName: 'Dossier' })).status).toBe(200);
    active = await partner.newTenant('active');
    expect((await partner.upload('/register/documentIdentification', { tenantId: active, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()])).status).toBe(200);
    await t.app.queue.drain(RENDER, 60_000);
    keys = await blobKeysOf(t.app, [full]);
    // Six originals, their thumbnails, six watermarked PDFs.
    expect(keys.length).toBe(18);
    for (const key of keys) expect(await storedBlobs(t.app).exists(key)).toBe(true);
  });

  it('day 29: nothing; day 30: the first warning for the files with documents, by the email port, recorded as an event', async () => {
    t.clock.now = day(29);
    expect(reportOf(await t.run())).toEqual(nothing);
    t.clock.now = day(30);
    expect(reportOf(await t.plan())).toEqual({ ...nothing, firstWarning: [full, active] });
    expect(reportOf(await t.run())).toEqual({ ...nothing, firstWarning: [full, active] });
    expect(t.sent.map((m) => [m.template, m.tenantId, m.archiveOn.toISOString()])).toEqual([
      ['INACTIVITY_WARNING_1', full, day(45).toISOString()],
      ['INACTIVITY_WARNING_1', active, day(45).toISOString()],
    ]);
    expect(t.sent[0]!.to).toBe((await tenantRow(full)).email);
    expect((await tenantRow(full)).warnings).toBe(1);
    const warnings = await t.db.selectFrom('rental.retention_warnings').selectAll().orderBy('id').execute();
    expect(warnings.map((w) => [w.tenant_id, w.warning, w.created_at.toISOString(), w.inactive_since.toISOString()])).toEqual([
      [full, 1, day(30).toISOString(), day(0).toISOString()],
      [active, 1, day(30).toISOString(), day(0).toISOString()],
    ]);
    // A second run the same day does nothing more.
    expect(reportOf(await t.run())).toEqual(nothing);
  });

  it('activity resets the warnings and the clock: a partner write on day 31', async () => {
    t.clock.now = day(31);
    expect((await t.partner.post('/register/names', { tenantId: active, firstName: 'Active', lastName: 'Again' })).status).toBe(200);
    expect((await tenantRow(active)).warnings).toBe(0);
  });

  it('day 37: the second warning; day 44: nothing', async () => {
    t.clock.now = day(37);
    expect(reportOf(await t.run())).toEqual({ ...nothing, secondWarning: [full] });
    expect(t.sent.at(-1)).toMatchObject({ template: 'INACTIVITY_WARNING_2', tenantId: full });
    t.clock.now = day(44);
    expect(reportOf(await t.run())).toEqual(nothing);
  });

  it('day 45: the plan says what the run then does; archived with ARCHIVED_ACCOUNT, documents, guarantors and blobs gone, names kept', async () => {
    t.clock.now = day(45);
    const sentBefore = t.sent.length;
    const plan = reportOf(await t.plan());
    expect(plan).toEqual({ ...nothing, archived: [full], archivedWithoutDocuments: [empty], archivedWithTenant: [coTenant], blobs: 18 });
    const done = await t.run();
    expect(reportOf(done)).toEqual(plan);
    expect(done.counts).toEqual({ firstWarning: 0, secondWarning: 0, archived: 1, archivedWithoutDocuments: 1, archivedWithTenant: 1, deleted: 0, deletedApartments: 0, blobs: 18 });
    // The file without documents had no warning, and archiving sends no mail.
    expect(t.sent.length).toBe(sentBefore);
    expect(await tenantRow(full)).toMatchObject({ status: 'ARCHIVED', warnings: 0, honor_declaration: false, zip_code: null, abroad: null, clarification: null, first_name: 'Albertine', last_name: 'Test' });
    expect((await tenantRow(full)).email).toMatch(/^full\d+\./);
    expect((await tenantRow(coTenant)).status).toBe('ARCHIVED');
    expect((await tenantRow(empty)).status).toBe('ARCHIVED');
    expect((await tenantRow(active)).status).toBe('INCOMPLETE');
    expect(await events(full)).toEqual(['CREATED_ACCOUNT', 'ARCHIVED_ACCOUNT']);
    expect(await events(coTenant)).toEqual(['ARCHIVED_ACCOUNT']);
    expect(await events(empty)).toEqual(['ARCHIVED_ACCOUNT']);
    const left = await sql<{ n: string }>`select count(*) as n from rental.documents d left join rental.guarantors g on g.id = d.guarantor_id where d.tenant_id = ${full} or g.tenant_id = ${full}`.execute(t.app.db.kysely);
    expect(Number(left.rows[0]!.n)).toBe(0);
    expect(await t.db.selectFrom('rental.guarantors').select('id').where('tenant_id', '=', full).execute()).toEqual([]);
    for (const key of keys) expect(await storedBlobs(t.app).exists(key)).toBe(false);
    const stored = await storeKeys(t.app);
    expect(stored.filter((k) => k.startsWith(`rental/tenant_${full}/`))).toEqual([]);
    const audit = await t.db.selectFrom('rental.retention_audit').selectAll().where('action', '=', 'ARCHIVE').orderBy('tenant_id').execute();
    expect(audit.map(({ id: _id, created_at, apartment_sharing_id: _a, ...row }) => ({ ...row, at: created_at.toISOString() }))).toEqual([
      { action: 'ARCHIVE', reason: 'INACTIVITY', tenant_id: full, documents: 6, guarantors: 1, files: 6, blobs: 18, messages: 0, at: day(45).toISOString() },
      { action: 'ARCHIVE', reason: 'ARCHIVE_CASCADE', tenant_id: coTenant, documents: 0, guarantors: 0, files: 0, blobs: 0, messages: 0, at: day(45).toISOString() },
      { action: 'ARCHIVE', reason: 'INACTIVITY_NO_DOCUMENT', tenant_id: empty, documents: 0, guarantors: 0, files: 0, blobs: 0, messages: 0, at: day(45).toISOString() },
    ].sort((a, b) => a.tenant_id - b.tenant_id));
    const profile = await t.partner.get(`/tenant/${full}/profile`);
    expect(profile.body).toMatchObject({ status: 'ARCHIVED', honorDeclaration: false, documents: [], guarantors: [], firstName: 'Albertine' });
    // Archived files are not warned again.
    t.clock.now = day(80);
    expect((reportOf(await t.run())).firstWarning).toEqual([active]);
  });

  it('an upload on an ARCHIVED file brings it back to INCOMPLETE with RETURNED_ACCOUNT (§7.1 rule 1, §7.2)', async () => {
    t.clock.now = day(90);
    const upload = await t.partner.upload('/register/documentIdentification', { tenantId: full, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()]);
    expect(upload.status).toBe(200);
    expect(upload.body.status).toBe('INCOMPLETE');
    expect(await events(full)).toEqual(['CREATED_ACCOUNT', 'ARCHIVED_ACCOUNT', 'RETURNED_ACCOUNT']);
    expect(await tenantRow(full)).toMatchObject({ status: 'INCOMPLETE', warnings: 0 });
    // A write that is not an upload leaves an archived file archived (§7.1 rule 1), though it counts as activity.
    expect((await t.partner.post('/register/names', { tenantId: empty, firstName: 'Vide', lastName: 'Encore' })).body.status).toBe('ARCHIVED');
    expect(await events(empty)).toEqual(['ARCHIVED_ACCOUNT']);
  });

  it('two runs at once warn each tenant once', async () => {
    const ids = [await t.partner.newTenant('pair'), await t.partner.newTenant('pair')];
    for (const id of ids) await t.partner.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()]);
    t.clock.now = day(130);
    const before = t.sent.length;
    const [a, b] = await Promise.all([t.run(), t.run()]);
    const warned = [...a.firstWarning, ...b.firstWarning].filter((id) => ids.includes(id)).sort((x, y) => x - y);
    expect(warned).toEqual(ids);
    expect(t.sent.slice(before).filter((m) => ids.includes(m.tenantId)).length).toBe(2);
    const rows = await t.db.selectFrom('rental.retention_warnings').select('tenant_id').where('tenant_id', 'in', ids).execute();
    expect(rows.length).toBe(2);
  });
});

describe('deletion leaves nothing of the tenant (§11.2 after 12 months, §11.3 on request)', () => {
  let t: Awaited<ReturnType<typeof retentionApp>>;
  beforeAll(async () => {
    t = await retentionApp();
  });
  afterAll(() => t.app.destroy());

  /** A file full of distinctive personal data: names, email, a guarantor, a co-tenant, a message, uploads with a marker, renders. */
  async function personalFile(partner: PartnerClient) {
    const tag = randomBytes(4).toString('hex');
    const person = { email: `zephyrine.${tag}@example.com`, first: `Zephyrine${tag}`, last: `Quenouille${tag}`, co: `Octavien${tag}`, guarantor: `Garantine${tag}`, marker: `MARKER${tag}PDFBYTES`, message: `Message${tag}` };
    const tenantId = (await partner.post('/register/account', { email: person.email })).body.id as number;
    await partner.post('/register/names', { tenantId, firstName: person.first, lastName: person.last });
    await partner.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(1, person.marker)]);
    await partner.upload('/register/documentProfessional', { tenantId, typeDocumentProfessional: 'CDI' }, [pdf(2, person.marker)]);
    const couple = await partner.post('/register/application/v2', { tenantId, applicationType: 'COUPLE', coTenants: [{ firstName: person.co, lastName: person.last }], acceptAccess: true });
    expect(couple.status).toBe(200);
    const guarantor = (await partner.post('/register/guarantorType', { tenantId, typeGuarantor: 'NATURAL_PERSON' })).body.guarantors.at(-1).id as number;
    expect((await partner.upload('/register/guarantorNaturalPerson/name', { tenantId, guarantorId: guarantor, firstName: person.guarantor, lastName: person.last })).status).toBe(200);
    expect((await partner.upload('/register/guarantorNaturalPerson/documentIdentification/v2', { tenantId, guarantorId: guarantor, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(1, person.marker)])).status).toBe(200);
    expect((await partner.post(`/tenant/${tenantId}/message`, { messageBody: person.message })).status).toBe(200);
    await t.app.queue.drain(RENDER, 60_000);
    const members = (couple.body.apartmentSharing.tenants as { id: number }[]).map((m) => m.id);
    const apartmentId = couple.body.apartmentSharing.id as number;
    const keys = await blobKeysOf(t.app, members);
    expect(keys.length).toBe(9);
    expect(await scanDatabase(t.app, [person.email, person.first])).not.toEqual([]);
    return { tenantId, members, apartmentId, keys, needles: [person.email, person.first, person.last, person.co, person.guarantor, person.marker, person.message] };
  }

  async function expectGone(file: Awaited<ReturnType<typeof personalFile>>) {
    expect(await scanDatabase(t.app, file.needles)).toEqual([]);
    for (const key of file.keys) expect(await storedBlobs(t.app).exists(key)).toBe(false);
    const stored = await storeKeys(t.app);
    expect(stored.filter((k) => file.keys.includes(k) || file.members.some((id) => k.startsWith(`rental/tenant_${id}/`)))).toEqual([]);
    expect(await t.db.selectFrom('rental.tenants').select('id').where('id', 'in', file.members).execute()).toEqual([]);
    expect(await t.db.selectFrom('rental.apartment_sharings').select('id').where('id', '=', file.apartmentId).execute()).toEqual([]);
  }

  const auditOf = async (ids: number[]) =>
    (await t.db.selectFrom('rental.retention_audit').selectAll().where('tenant_id', 'in', ids).orderBy('tenant_id').execute()).map(({ id: _id, ...row }) => ({ ...row, created_at: row.created_at.toISOString() }));

  it('after 12 months without update: deleted with its apartment, no webhook, ACCOUNT_DELETE listed; nothing left in the database or the store', async () => {
    const file = await personalFile(t.partner);
    const other = await t.partner.newTenant('recent');
    // An event waiting in the outbox (as an operator's denial would record it): §11.2 deletes it too.
    await t.db.transaction().execute((trx) => recordTenantEvent(trx, { type: 'DENIED_ACCOUNT', tenantId: file.tenantId, now: T0 }));
    expect((await t.db.selectFrom('rental.webhook_events').select('id').where('tenant_id', 'in', file.members).execute()).length).toBe(1);
    t.clock.now = new Date('2027-01-05T08:59:59.000Z');
    expect((await t.partner.post('/register/names', { tenantId: other, firstName: 'Recent', lastName: 'Write' })).status).toBe(200);
    expect(reportOf(await t.plan()).deleted).toEqual([]);
    t.clock.now = new Date('2027-01-05T09:00:01.000Z');
    const plan = reportOf(await t.plan());
    expect(plan).toMatchObject({ deleted: file.members, deletedApartments: [file.apartmentId], blobs: 9 });
    const done = reportOf(await t.run());
    expect(done).toEqual(plan);
    await expectGone(file);
    expect(await t.db.selectFrom('rental.webhook_events').select('id').where('tenant_id', 'in', file.members).execute()).toEqual([]);
    // The other tenant was written a second before: kept.
    expect(await t.db.selectFrom('rental.tenants').select('id').where('id', '=', other).execute()).toEqual([{ id: other }]);
    const listed = await t.partner.get('/tenant?includeDeleted=true');
    const deletions = (listed.body.data as { id: number; deletionDate: string | null }[]).filter((r) => r.deletionDate !== null).map((r) => r.id).sort((a, b) => a - b);
    expect(deletions).toEqual(file.members);
    expect(await auditOf(file.members)).toEqual([
      { action: 'DELETE', reason: 'NO_UPDATE', tenant_id: file.members[0], apartment_sharing_id: file.apartmentId, documents: 3, guarantors: 1, files: 3, blobs: 9, messages: 1, created_at: '2027-01-05T09:00:01.000Z' },
      { action: 'DELETE', reason: 'NO_UPDATE', tenant_id: file.members[1], apartment_sharing_id: file.apartmentId, documents: 0, guarantors: 0, files: 0, blobs: 0, messages: 0, created_at: '2027-01-05T09:00:01.000Z' },
    ]);
    // Idempotent: the next run finds nothing to delete.
    expect(reportOf(await t.run()).deleted).toEqual([]);
  });

  it('GDPR deletion through deleteAccount: nothing left, an audit row without personal data', async () => {
    const file = await personalFile(t.partner);
    const res = await t.partner.delete(`/tenant/${file.tenantId}/user/deleteAccount`);
    expect(res.status).toBe(200);
    await expectGone(file);
    expect((await auditOf(file.members)).map((a) => [a.action, a.reason, a.tenant_id, a.blobs, a.messages])).toEqual([
      ['DELETE', 'ACCOUNT_DELETE_REQUEST', file.members[0], 9, 1],
      ['DELETE', 'ACCOUNT_DELETE_REQUEST', file.members[1], 0, 0],
    ]);
  });

  it('rental:tenant:erase erases on request; an unknown or malformed id is refused by name', async () => {
    const file = await personalFile(t.partner);
    expect(await t.erase(String(file.tenantId))).toEqual({ erased: file.members, apartmentDeleted: file.apartmentId });
    await expectGone(file);
    expect((await auditOf(file.members)).map((a) => a.reason)).toEqual(['ADMIN_ERASE', 'ADMIN_ERASE']);
    await expect(t.erase(String(file.tenantId))).rejects.toThrow(`tenant-id: no tenant ${file.tenantId}`);
    await expect(t.erase('abc')).rejects.toThrow('tenant-id: a tenant id (a positive whole number) is required');
  });
});

describe('hard deletion in shared apartments (§11.2)', () => {
  let t: Awaited<ReturnType<typeof retentionApp>>;
  beforeAll(async () => {
    t = await retentionApp();
  });
  afterAll(() => t.app.destroy());
  const months = (n: number, extraDays = 0) => {
    const at = new Date(T0);
    at.setUTCMonth(at.getUTCMonth() + n);
    return new Date(at.getTime() + extraDays * DAY);
  };
  const exists = async (id: number) => (await t.db.selectFrom('rental.tenants').select('id').where('id', '=', id).execute()).length === 1;

  it('a stale co-tenant leaves an active apartment alone; a stale main tenant waits for its active co-tenant; archived files go 12 months after the archiving, each apartment whole', async () => {
    const group = async (label: string) => {
      const main = await t.partner.newTenant(label);
      const res = await t.partner.post('/register/application/v2', { tenantId: main, applicationType: 'GROUP', coTenants: [{ firstName: 'Co', lastName: label, email: `co.${label}.${main}@example.com` }], acceptAccess: true });
      expect(res.status).toBe(200);
      return { main, co: (res.body.apartmentSharing.tenants as { id: number }[]).find((m) => m.id !== main)!.id, apartment: res.body.apartmentSharing.id as number };
    };
    const one = await group('one');
    const two = await group('two');
    t.clock.now = months(6);
    expect((await t.partner.post('/register/names', { tenantId: one.main, firstName: 'Main', lastName: 'Active' })).status).toBe(200);
    expect((await t.partner.post('/register/names', { tenantId: two.co, firstName: 'Co', lastName: 'Active' })).status).toBe(200);
    t.clock.now = months(12, 1);
    const plan = reportOf(await t.plan());
    expect(plan).toMatchObject({ deleted: [one.co], deletedApartments: [] });
    expect(reportOf(await t.run())).toEqual(plan);
    expect([await exists(one.main), await exists(one.co), await exists(two.main), await exists(two.co)]).toEqual([true, false, true, true]);
    expect((await t.db.selectFrom('rental.apartment_sharings').select('application_type').where('id', '=', one.apartment).executeTakeFirstOrThrow()).application_type).toBe('ALONE');
    // The same run archived the three without documents (inactive past day 45), which counts as an update:
    // they are deleted 12 months after it.
    expect(plan.archivedWithoutDocuments).toEqual([one.main, two.main, two.co]);
    t.clock.now = months(24, 0);
    expect(reportOf(await t.plan()).deleted).toEqual([]);
    t.clock.now = months(24, 2);
    const later = reportOf(await t.plan());
    expect(later).toMatchObject({ deleted: [one.main, two.main, two.co], deletedApartments: [one.apartment, two.apartment] });
    expect(reportOf(await t.run())).toEqual(later);
    expect([await exists(one.main), await exists(two.main), await exists(two.co)]).toEqual([false, false, false]);
  });

  it('deleteCoTenant leaves its audit row too', async () => {
    const main = await t.partner.newTenant('solo');
    const res = await t.partner.post('/register/application/v2', { tenantId: main, applicationType: 'GROUP', coTenants: [{ firstName: 'Co', lastName: 'Gone', email: `gone.${main}@example.com` }], acceptAccess: true });
    const co = (res.body.apartmentSharing.tenants as { id: number }[]).find((m) => m.id !== main)!.id;
    expect((await t.partner.delete(`/tenant/${main}/deleteCoTenant/${co}`)).status).toBe(200);
    const audit = await t.db.selectFrom('rental.retention_audit').select(['action', 'reason', 'tenant_id', 'apartment_sharing_id']).where('tenant_id', '=', co).execute();
    expect(audit).toEqual([{ action: 'DELETE', reason: 'CO_TENANT_DELETE_REQUEST', tenant_id: co, apartment_sharing_id: res.body.apartmentSharing.id }]);
  });
});

describe('the log mail adapter', () => {
  it('logs the template and the tenant id, never the address or the name', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    await logMailer(logger).send({ template: 'INACTIVITY_WARNING_2', tenantId: 42, to: 'zoe.secret@example.com', firstName: 'Zoé', archiveOn: day(45) });
    expect(lines.length).toBe(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ template: 'INACTIVITY_WARNING_2', tenantId: 42, archiveOn: day(45).toISOString(), msg: 'retention email' });
    expect(lines[0]).not.toMatch(/zoe\.secret|Zoé/);
  });
});

describe('the retention job', () => {
  let app: TestApp;
  const clock = { now: T0 };
  beforeAll(async () => {
    app = await startTestApp({ now: () => clock.now, env: { FOYER_RENTAL_RETENTION_CRON: '5 4 * * *' } });
  });
  afterAll(() => app.destroy());

  it('is scheduled on the configured cron, in Europe/Paris', async () => {
    const { rows } = await sql<{ cron: string; options: { tz: string } }>`select cron, options from pgboss.schedule where name = 'rental-retention'`.execute(app.db.kysely);
    expect(rows).toEqual([{ cron: '5 4 * * *', options: expect.objectContaining({ tz: 'Europe/Paris' }) }]);
  });

  it('runs the retention on the module clock when the queue hands it over', async () => {
    const partner = await partnerClient(app);
    const tenantId = await partner.newTenant('job');
    clock.now = day(45);
    await app.queue.enqueue(retentionJob, {});
    await app.queue.drain([retentionJob.name], 60_000);
    const row = await asRentalDb(app.db.kysely).selectFrom('rental.tenants').select('status').where('id', '=', tenantId).executeTakeFirstOrThrow();
    expect(row.status).toBe('ARCHIVED');
  });

  it('the commands run outside the server too (the CLI): on the real clock, with the store opened and closed by the command', async () => {
    const context = { config: app.config, settings: app.contexts.get('rental')!.settings as RentalSettings, db: app.db };
    const command = (name: string) => rentalModule.commands.find((c) => c.name === name)!;
    const partner = await partnerClient(app);
    const tenantId = await partner.newTenant('cli');
    await partner.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()]);
    const keys = await blobKeysOf(app, [tenantId]);
    expect(keys.length).toBe(1);
    const before = Date.now();
    const plan = (await command('rental:retention:plan').run(context, {})) as { at: string; counts: Record<string, number> };
    expect(Date.parse(plan.at)).toBeGreaterThanOrEqual(before - 1000);
    expect(Object.keys(plan.counts)).toEqual(['firstWarning', 'secondWarning', 'archived', 'archivedWithoutDocuments', 'archivedWithTenant', 'deleted', 'deletedApartments', 'blobs']);
    expect(await command('rental:tenant:erase').run(context, { 'tenant-id': String(tenantId) })).toEqual({ erased: [tenantId], apartmentDeleted: expect.any(Number) });
    expect(await storedBlobs(app).exists(keys[0]!)).toBe(false);
  });
});
