import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FoyerApp } from '../../src/app.ts';
import type { ModuleContext } from '../../src/platform/module.ts';
import { rentalRuntime, type RentalRuntime, type RentalSettings } from '../../src/rental/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { partnerClient, type PartnerClient } from './helpers.ts';

const runtimeOf = (app: FoyerApp): Promise<RentalRuntime> => rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>);

/** Polls `check` until it holds, failing after `ms` (no sleep that assumes a timing). */
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** The same partner's token on another server process of the same database. */
function clientOn(app: FoyerApp, token: string) {
  return async (method: 'GET' | 'POST', url: string, body?: unknown) => {
    const res = await app.http.inject({
      method,
      url: `/api-partner${url}`,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body === undefined ? {} : { payload: JSON.stringify(body) }),
    });
    return { status: res.statusCode, body: res.json() as Record<string, unknown>, text: res.body };
  };
}

/**
 * With PostgreSQL, several server processes share the database (README, deployment): each keeps its
 * rendered profiles, cleared by the other processes' commits (LISTEN/NOTIFY), and off while it
 * cannot hear them. Two apps built by the production factory on one database stand for two processes.
 */
// Run by `npm run test:pg` only (vitest.pg.config.ts includes `*.postgres-test.ts`): it needs the
// PostgreSQL of TEST_DATABASE_URL, and says so rather than passing without it.
describe('rendered profile cache on PostgreSQL, several processes', () => {
  if (!process.env.TEST_DATABASE_URL) throw new Error('profile-cache.postgres-test.ts needs TEST_DATABASE_URL (npm run test:pg)');
  let a: TestApp;
  let b: TestApp;
  let alpha: PartnerClient;
  let runtimeA: RentalRuntime;
  let admin: pg.Client;
  beforeAll(async () => {
    // Retries far apart: the test brings the listening connection back itself when it wants it back.
    a = await startTestApp({ env: { FOYER_RENTAL_READ_CACHE_RETRY_MS: '3600000' } });
    b = await startTestApp({ databaseUrl: a.databaseUrl, dataDir: a.dataDir });
    alpha = await partnerClient(a);
    runtimeA = await runtimeOf(a);
    admin = new pg.Client({ connectionString: a.databaseUrl! });
    await admin.connect();
    await until('A listens', () => runtimeA.profileListener!.listening);
  });
  afterAll(async () => {
    await admin?.end();
    await b?.close();
    await a?.destroy();
  });

  it('serves a write committed through another process at the very next read, without waiting for anything', async () => {
    const viaB = clientOn(b, alpha.token);
    const id = await alpha.newTenant('cross');
    await alpha.post('/register/names', { tenantId: id, firstName: 'Ana', lastName: 'Lopez' });
    const first = await alpha.get(`/tenant/${id}/profile`);
    expect(first.body.lastName).toBe('Lopez');
    expect(runtimeA.profiles!.get(alpha.partner.id, id)).toBe(first.text);
    for (const lastName of ['Garcia', 'Moreno', 'Ruiz']) {
      const written = await viaB('POST', '/register/names', { tenantId: id, firstName: 'Ana', lastName });
      expect(written.status).toBe(200);
      // Read as soon as B has answered: the notification may not have reached A yet, the barrier waits for it.
      expect((await alpha.get(`/tenant/${id}/profile`)).body.lastName).toBe(lastName);
    }
    // A write by no app at all (another process, an operator's SQL): the triggers notify it too.
    await alpha.get(`/tenant/${id}/profile`);
    expect(runtimeA.profiles!.get(alpha.partner.id, id)).toBeDefined();
    await admin.query('update rental.tenants set last_name = $1 where id = $2', ['Sanz', id]);
    expect((await alpha.get(`/tenant/${id}/profile`)).body.lastName).toBe('Sanz');
    // An unlink elsewhere: A answers 403 at once, not the cached profile.
    await admin.query('delete from rental.tenant_partners where tenant_id = $1', [id]);
    const denied = await alpha.get(`/tenant/${id}/profile`);
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ status: 'FORBIDDEN', message: 'Access Denied' });
  });

  it('turns the cache off while its listening connection is down, and back on, emptied, once it listens again', async () => {
    const listener = runtimeA.profileListener!;
    const id = await alpha.newTenant('drop');
    await alpha.post('/register/names', { tenantId: id, firstName: 'Léa', lastName: 'Martin' });
    const cachedText = (await alpha.get(`/tenant/${id}/profile`)).text;
    expect(runtimeA.profiles!.get(alpha.partner.id, id)).toBe(cachedText);

    const pid = listener.backendPid!;
    const { rows } = await admin.query('select pg_terminate_backend($1) as done', [pid]);
    expect(rows[0].done).toBe(true);
    await until('A notices the loss', () => !listener.listening);
    expect(runtimeA.profiles!.on).toBe(false);
    expect(runtimeA.profiles!.get(alpha.partner.id, id)).toBeUndefined();
    // Nothing can be heard now: a change is seen only because every read goes to the database.
    await admin.query('update rental.tenants set last_name = $1 where id = $2', ['Bernard', id]);
    const whileDown = await alpha.get(`/tenant/${id}/profile`);
    expect(whileDown.body.lastName).toBe('Bernard');
    expect(runtimeA.profiles!.get(alpha.partner.id, id)).toBeUndefined();
    await admin.query('update rental.tenants set last_name = $1 where id = $2', ['Petit', id]);
    expect((await alpha.get(`/tenant/${id}/profile`)).body.lastName).toBe('Petit');

    listener.start(); // the retry, brought forward
    await until('A listens again', () => listener.listening);
    expect(listener.backendPid).not.toBe(pid);
    expect(runtimeA.profiles!.on).toBe(true);
    const back = await alpha.get(`/tenant/${id}/profile`);
    expect(back.body.lastName).toBe('Petit');
    expect(runtimeA.profiles!.get(alpha.partner.id, id)).toBe(back.text);
    await admin.query('update rental.tenants set last_name = $1 where id = $2', ['Roux', id]);
    expect((await alpha.get(`/tenant/${id}/profile`)).body.lastName).toBe('Roux');
  });

  it('opens the listening connection again by itself after a loss', async () => {
    const c = await startTestApp({ databaseUrl: a.databaseUrl, dataDir: a.dataDir, env: { FOYER_RENTAL_READ_CACHE_RETRY_MS: '50' } });
    try {
      const listener = (await runtimeOf(c)).profileListener!;
      await until('C listens', () => listener.listening);
      const pid = listener.backendPid!;
      await admin.query('select pg_terminate_backend($1)', [pid]);
      await until('C listens on a new connection', () => listener.listening && listener.backendPid !== pid);
    } finally {
      await c.close();
    }
  });
});
