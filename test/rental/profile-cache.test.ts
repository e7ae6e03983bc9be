import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleContext } from '../../src/platform/module.ts';
import { asRentalDb, rentalRuntime, type RentalRuntime, type RentalSettings } from '../../src/rental/index.ts';
import { ProfileCache } from '../../src/rental/http/profile-cache.ts';
import { writeEpochPlugin } from '../../src/rental/http/write-epoch.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { partnerClient } from './helpers.ts';

/** With PostgreSQL the cache is on once its listening connection is (profile-listener.ts). */
async function listening(runtime: RentalRuntime): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (runtime.profileListener && !runtime.profileListener.listening) {
    if (Date.now() > deadline) throw new Error('the profile listener never listened');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * `/profile` answers are cached as rendered text (the bench's hot path):
 * any write of the module drops them, a read that overlapped a write does not put its result back,
 * and an entry is only ever reachable by the partner it was rendered for.
 */
describe('rendered profile cache', () => {
  let app: TestApp;
  let alpha: Awaited<ReturnType<typeof partnerClient>>;
  let beta: Awaited<ReturnType<typeof partnerClient>>;
  beforeAll(async () => {
    app = await startTestApp();
    alpha = await partnerClient(app);
    beta = await partnerClient(app);
  });
  afterAll(() => app.destroy());

  it('is on with either database, and a write through the API shows at the next read', async () => {
    const runtime = await rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>);
    expect(runtime.profiles).not.toBeNull();
    expect(runtime.profileListener !== null).toBe(!!process.env.TEST_DATABASE_URL);
    await listening(runtime);
    const id = (await alpha.post('/register/account', { email: 'cache@example.com' })).body.id as number;
    await alpha.post('/register/names', { tenantId: id, firstName: 'Ana', lastName: 'Lopez' });
    const first = await alpha.get(`/tenant/${id}/profile`);
    expect(first.body.lastName).toBe('Lopez');
    expect((await alpha.get(`/tenant/${id}/profile`)).text).toBe(first.text);
    expect(runtime.profiles!.get(alpha.partner.id, id)).toBe(first.text);
    await alpha.post('/register/names', { tenantId: id, firstName: 'Ana', lastName: 'Garcia' });
    expect((await alpha.get(`/tenant/${id}/profile`)).body.lastName).toBe('Garcia');
    // Another partner never reaches the entry.
    const other = await beta.get(`/tenant/${id}/profile`);
    expect(other.status).toBe(403);
    expect(other.body).toEqual({ status: 'FORBIDDEN', message: 'Access Denied' });
  });

  it("survives the webhook dispatcher's polls, which write only the outbox (they cleared it five times a second)", async () => {
    const polling = await startTestApp({ env: { FOYER_RENTAL_WEBHOOK_POLL_MS: '10' } });
    try {
      const runtime = await rentalRuntime(polling.contexts.get('rental') as ModuleContext<RentalSettings>);
      await listening(runtime);
      const partner = await partnerClient(polling);
      const id = (await partner.post('/register/account', { email: 'polled@example.com' })).body.id as number;
      const first = await partner.get(`/tenant/${id}/profile`);
      const epoch = runtime.profiles!.epoch;
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(runtime.profiles!.epoch).toBe(epoch);
      expect(runtime.profiles!.get(partner.partner.id, id)).toBe(first.text);
    } finally {
      await polling.destroy();
    }
  });

  it('counts every non-SELECT statement of the module as a write, before and after it runs', async () => {
    let writes = 0;
    const db = asRentalDb(app.db.kysely).withPlugin(writeEpochPlugin(() => writes++));
    await db.selectFrom('rental.partners').select('id').execute();
    expect(writes).toBe(0);
    await db.updateTable('rental.partners').set({ display_name: 'Renamed' }).where('id', '=', -1).execute();
    expect(writes).toBe(2);
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('rental.partners').where('id', '=', -1).execute();
    });
    expect(writes).toBe(4);
    await sql`select 1`.execute(db);
    expect(writes).toBe(6);
  });

  it('keeps a read only if no write happened since it began, and stays within its budget', () => {
    const cache = new ProfileCache(100);
    const before = cache.epoch;
    cache.invalidate();
    cache.set(1, 7, before, '{"stale":true}');
    expect(cache.get(1, 7)).toBeUndefined();
    cache.set(1, 7, cache.epoch, '{"fresh":true}');
    expect(cache.get(1, 7)).toBe('{"fresh":true}');
    expect(cache.get(2, 7)).toBeUndefined();
    cache.set(1, 8, cache.epoch, 'x'.repeat(60));
    cache.set(1, 9, cache.epoch, 'y'.repeat(60));
    expect(cache.get(1, 8)).toBeUndefined();
    expect(cache.get(1, 9)).toBe('y'.repeat(60));
    cache.invalidate();
    expect(cache.get(1, 9)).toBeUndefined();
  });
});
