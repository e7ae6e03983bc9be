import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEDULE_TIME_ZONE } from '../../src/platform/queue/index.ts';
import { rentalModule, rentalRuntime, type RentalSettings } from '../../src/rental/index.ts';
import type { ModuleContext } from '../../src/platform/module.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { storedBlobs } from '../support/blobs.ts';
import { partnerClient, pdf, postMultipart } from './helpers.ts';

/**
 * Upload then commit: a blob is written before its row is committed. A failed commit removes its
 * blobs at once; a process that dies in between leaves an orphan, which the hourly job (and the
 * `rental:blobs:sweep` command, the same function) removes once it is older than the grace period.
 */
describe('orphan blobs (upload then commit)', () => {
  let app: TestApp;
  let alpha: Awaited<ReturnType<typeof partnerClient>>;
  let context: ModuleContext<RentalSettings>;
  beforeAll(async () => {
    app = await startTestApp({ env: { FOYER_RENTAL_BLOB_SWEEP_GRACE_MINUTES: '30' } });
    alpha = await partnerClient(app);
    context = app.contexts.get('rental') as ModuleContext<RentalSettings>;
  });
  afterAll(() => app.destroy());

  const blobKeys = async () => (await sql<{ blob_key: string }>`select blob_key from rental.files order by id`.execute(app.db.kysely)).rows.map((r) => r.blob_key);
  const listed = async (prefix: string) => {
    const keys: string[] = [];
    for await (const entry of (await rentalRuntime(context)).store.list(prefix)) keys.push(entry.key);
    return keys.sort();
  };
  const newTenantWithFile = async (email: string) => {
    const id = (await alpha.post('/register/account', { email })).body.id as number;
    const res = await postMultipart(app, alpha.token, '/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()]);
    expect(res.status).toBe(200);
    return id;
  };
  /** What the first half of an upload leaves when the process dies before the commit. */
  const orphanOf = async (tenantId: number, agedMinutes: number) => {
    const ref = await (await rentalRuntime(context)).blobs.writeNew(`rental/tenant_${tenantId}/IDENTIFICATION`, pdf(1, 'NEVER COMMITTED'));
    if (agedMinutes) storedBlobs(app).age(ref.key, new Date(Date.now() - agedMinutes * 60_000));
    return ref.key;
  };

  it('a commit that fails (a trigger refuses the row) leaves no blob and no row', async () => {
    // `npm run test:s3` runs this file with the S3 store: make sure it really does.
    expect(app.config.storage.kind).toBe(process.env.TEST_S3_ENDPOINT ? 's3' : 'fs');
    const id = (await alpha.post('/register/account', { email: 'trigger@example.com' })).body.id as number;
    await sql`create function rental.refuse_files() returns trigger language plpgsql as $$ begin raise exception 'commit refused'; end $$`.execute(app.db.kysely);
    await sql`create trigger refuse_files before insert on rental.files for each row execute function rental.refuse_files()`.execute(app.db.kysely);
    try {
      const res = await postMultipart(app, alpha.token, '/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()]);
      expect(res.status).toBe(500);
    } finally {
      await sql`drop trigger refuse_files on rental.files`.execute(app.db.kysely);
      await sql`drop function rental.refuse_files()`.execute(app.db.kysely);
    }
    expect(await listed(`rental/tenant_${id}`)).toEqual([]);
    expect((await sql<{ n: number }>`select count(*)::int as n from rental.documents where tenant_id = ${id}`.execute(app.db.kysely)).rows).toEqual([{ n: 0 }]);
  });

  it('the scheduled job removes orphans past the grace period, and keeps referenced blobs and uploads in flight', async () => {
    const { rows } = await sql<{ name: string; cron: string; timezone: string }>`select name, cron, timezone from pgboss.schedule where name = 'rental-blobs-sweep'`.execute(app.db.kysely);
    expect(rows).toEqual([{ name: 'rental-blobs-sweep', cron: '23 * * * *', timezone: SCHEDULE_TIME_ZONE }]);

    const id = await newTenantWithFile('job@example.com');
    const [kept] = await blobKeys();
    storedBlobs(app).age(kept!, new Date(Date.now() - 3 * 3_600_000));
    const orphan = await orphanOf(id, 31);
    const inFlight = await orphanOf(id, 29);
    expect(await listed(`rental/tenant_${id}`)).toEqual([kept!, orphan, inFlight].sort());

    const job = rentalModule.jobs.find((j) => j.name === 'rental-blobs-sweep')!;
    await app.queue.enqueue(job, {});
    await app.queue.drain([job.name], 30_000);
    const { rows: done } = await sql<{ state: string }>`select state from pgboss.job where name = 'rental-blobs-sweep'`.execute(app.db.kysely);
    expect(done).toEqual([{ state: 'completed' }]);

    expect(await listed(`rental/tenant_${id}`)).toEqual([kept!, inFlight].sort());
    const download = await app.http.inject({ method: 'GET', url: `/api-partner/tenant/${id}/file/resource/${(await sql<{ id: number }>`select id from rental.files where blob_key = ${kept!}`.execute(app.db.kysely)).rows[0]!.id}`, headers: { authorization: `Bearer ${alpha.token}` } });
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf())).toBe(true);
  });

  it('rental:blobs:sweep runs the same sweep, with the configured grace or --grace-minutes', async () => {
    const id = await newTenantWithFile('command@example.com');
    const kept = (await blobKeys()).at(-1);
    storedBlobs(app).age(kept!, new Date(Date.now() - 3 * 3_600_000));
    const orphan = await orphanOf(id, 40);
    const young = await orphanOf(id, 10);
    const sweep = rentalModule.commands.find((c) => c.name === 'rental:blobs:sweep')!;
    const run = (values: Record<string, string>) => sweep.run({ config: app.config, settings: context.settings, db: app.db, server: context }, values);

    const first = (await run({})) as { scanned: number; removed: number };
    expect(first.removed).toBe(1);
    expect(await listed(`rental/tenant_${id}`)).toEqual([kept!, young].sort());

    // Also the 29-minute-old "in flight" orphan of the previous test.
    expect(await run({ 'grace-minutes': '5' })).toEqual({ scanned: first.scanned - 1, removed: 2 });
    expect(await listed('rental')).toEqual((await blobKeys()).sort());
    expect(await listed(`rental/tenant_${id}`)).toEqual([kept!]);
    await expect(run({ 'grace-minutes': 'soon' })).rejects.toThrow('--grace-minutes: a whole number of minutes');
    expect(orphan).not.toBe(young);
  });
});
