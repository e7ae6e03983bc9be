import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBrokerDb, brokerModule, createApiKey, createBroker } from '../../src/broker/index.ts';
import { runInHost, type CommandEntry } from '../../src/platform/admin/commands.ts';
import { brokerClient, startTestApp, type TestApp } from '../support/app.ts';

/**
 * A revoked key stops working at once on the server that ran the revocation (the command runs in
 * it, through the admin socket) and, on PostgreSQL, within the key cache's 5 s on the other
 * servers. On the embedded database there is only one server: the first half is what applies.
 */
const KEY_CACHE_TTL_MS = 5_000;
const revoke: CommandEntry = { module: brokerModule, command: brokerModule.commands.find((c) => c.name === 'broker:revoke')! };
const notFound = { error: 'API KEY not found.', apiguide: 'http://foyer.test/crediteo/guide#auth', code: 404 };

describe('key revocation', () => {
  let app: TestApp;
  let other: TestApp | undefined;
  beforeAll(async () => {
    app = await startTestApp();
    // A second server on the same PostgreSQL database, as in a scaled-out deployment: same master key.
    if (app.config.databaseUrl) {
      other = await startTestApp({ env: { DATABASE_URL: app.config.databaseUrl, FOYER_MASTER_KEY: app.masterKey.toString('hex') } });
    }
  });
  afterAll(async () => {
    await other?.destroy();
    await app.destroy();
  });

  it('stops a cached key at once on the revoking server, and within the cache delay on the others', async () => {
    const brokers = asBrokerDb(app.db.kysely);
    const { keyId, token } = await createApiKey(brokers, await createBroker(brokers, 'Cabinet X'));
    const here = brokerClient(app, token);
    const there = other && brokerClient(other, token);
    // Both servers have the key in their cache.
    expect((await here.get('/dossiers')).status).toBe(200);
    if (there) expect((await there.get('/dossiers')).status).toBe(200);

    expect(await runInHost(app, revoke, { key: keyId })).toEqual({ revoked: keyId });
    const revokedAt = Date.now();
    const answer = await here.get('/dossiers');
    expect({ status: answer.status, body: answer.body }).toEqual({ status: 404, body: notFound });

    if (there) {
      let elsewhere = await there.get('/dossiers');
      while (elsewhere.status === 200 && Date.now() - revokedAt < KEY_CACHE_TTL_MS + 1_000) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        elsewhere = await there.get('/dossiers');
      }
      expect({ status: elsewhere.status, body: elsewhere.body }).toEqual({ status: 404, body: notFound });
    }
  });
});
