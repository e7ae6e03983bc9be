import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Webhook } from 'standardwebhooks';
import type { ModuleContext } from '../../src/platform/module.ts';
import { rentalModule, type RentalSettings } from '../../src/rental/index.ts';
import { rentalRuntime, type RentalRuntime } from '../../src/rental/module/runtime.ts';
import { recordNewLinkEvent, recordTenantEvent } from '../../src/rental/events/record.ts';
import { ensureWebhookSecret, noteSecretsChanged, rotateWebhookSecret } from '../../src/rental/events/secrets.ts';
import { deliveryAttempts, eraseTenantWebhookPayloads, listDeadDeliveries, pruneWebhookPayloads, replayDelivery, replaySince } from '../../src/rental/events/replay.ts';
import { isPrivateAddress } from '../../src/rental/events/http-target.ts';
import { WebhookDispatcher } from '../../src/rental/events/dispatcher.ts';
import { ConfigError, loadConfig } from '../../src/platform/config/index.ts';
import { MODULES } from '../../src/modules.ts';
import { parseRetrySchedule } from '../../src/rental/module/settings.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { startReceiver, until } from '../support/webhook-receiver.ts';
import { completeTenantFile, partnerClient, type PartnerClient } from './helpers.ts';

const FAST = {
  FOYER_RENTAL_WEBHOOK_ALLOW_PRIVATE: 'true',
  FOYER_RENTAL_WEBHOOK_RETRY_SCHEDULE: '50ms,50ms,50ms',
  FOYER_RENTAL_WEBHOOK_CONNECT_TIMEOUT_MS: '500',
  FOYER_RENTAL_WEBHOOK_TIMEOUT_MS: '700',
  FOYER_RENTAL_WEBHOOK_POLL_MS: '25',
};

type Receiver = Awaited<ReturnType<typeof startReceiver>>;

describe('webhook delivery (§9, issue 10)', () => {
  let app: TestApp;
  let runtime: RentalRuntime;
  beforeAll(async () => {
    app = await startTestApp({ env: FAST });
    runtime = await rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>);
  });
  afterAll(() => app.destroy());

  const receivers: Receiver[] = [];
  afterAll(async () => {
    for (const r of receivers) await r.close();
  });
  async function receiver(respond?: Parameters<typeof startReceiver>[0]) {
    const r = await startReceiver(respond);
    receivers.push(r);
    return r;
  }
  const state = async (webhookId: string) =>
    (await runtime.db.selectFrom('rental.webhook_events').select(['state', 'attempts']).where('webhook_id', '=', webhookId).executeTakeFirstOrThrow());
  const record = async (client: PartnerClient, tenantId: number, type: 'CREATED_ACCOUNT' | 'VERIFIED_ACCOUNT' | 'ACCESS_REVOKED' | 'DENIED_ACCOUNT' = 'CREATED_ACCOUNT') => {
    const [id] = await runtime.db.transaction().execute((trx) => recordTenantEvent(trx, { type, tenantId, now: new Date(), ...(type === 'ACCESS_REVOKED' ? { partnerIds: [client.partner.id] } : {}) }));
    runtime.webhooks!.kick();
    return id!;
  };

  it('a file going TO_PROCESS reaches the receiver: the ApplicationModel for that partner, x-api-key, and Standard Webhooks headers that verify', async () => {
    const hook = await receiver();
    const client = await partnerClient(app, { callbackUrl: `${hook.url}/hooks/foyer`, callbackApiKey: 'cb-key-123' });
    const secret = await ensureWebhookSecret(runtime.db, runtime.keys, client.partner.id);
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    const tenantId = await client.newTenant();
    await completeTenantFile(client, tenantId);
    expect((await client.post('/register/honorDeclaration', { tenantId, honorDeclaration: true })).body.status).toBe('TO_PROCESS');
    await until('the CREATED_ACCOUNT webhook', () => hook.received.length === 1);
    const [got] = hook.received;
    expect(got!.path).toBe('/hooks/foyer');
    expect(got!.headers['content-type']).toBe('application/json');
    expect(got!.headers['x-api-key']).toBe('cb-key-123');
    expect(got!.headers['webhook-id']).toMatch(/^msg_[a-z2-7]{26}$/);
    expect(() => new Webhook(secret).verify(got!.body, got!.headers as Record<string, string>)).not.toThrow();
    const body = JSON.parse(got!.body);
    expect(body).toMatchObject({ partnerCallBackType: 'CREATED_ACCOUNT', onTenantId: tenantId, status: 'TO_PROCESS', applicationType: 'ALONE' });
    expect(body.tenants).toEqual([expect.objectContaining({ id: tenantId, status: 'TO_PROCESS', partnerLinked: true, firstName: 'Jeanne' })]);
    // The profile of the same moment is the same ApplicationModel: same apartment, same documents.
    const profile = (await client.get(`/tenant/${tenantId}/profile`)).body;
    expect(body.id).toBe(profile.apartmentSharing.id);
    await until('the outcome written', async () => (await state(got!.headers['webhook-id'] as string)).state === 'DELIVERED');
    expect(await state(got!.headers['webhook-id'] as string)).toEqual({ state: 'DELIVERED', attempts: 1 });
    expect(await deliveryAttempts(runtime.db, got!.headers['webhook-id'] as string)).toEqual([
      { attempt: 1, startedAt: expect.any(Date), durationMs: expect.any(Number), statusCode: 204, outcome: 'DELIVERED', error: null },
    ]);
  });

  it('during a secret rotation both signatures are sent and each secret verifies; after the overlap only the new one', async () => {
    const hook = await receiver();
    const client = await partnerClient(app, { callbackUrl: hook.url });
    const old = await ensureWebhookSecret(runtime.db, runtime.keys, client.partner.id);
    const { secret: fresh } = await rotateWebhookSecret(runtime.db, runtime.keys, client.partner.id, 3_600_000);
    const tenantId = await client.newTenant();
    await record(client, tenantId);
    await until('the delivery', () => hook.received.length === 1);
    const during = hook.received[0]!;
    expect(String(during.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => new Webhook(old).verify(during.body, during.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(fresh).verify(during.body, during.headers as Record<string, string>)).not.toThrow();
    // A rotation with no overlap retires the previous secret at once (the first one is still in its own overlap).
    const { secret: third } = await rotateWebhookSecret(runtime.db, runtime.keys, client.partner.id, 0);
    await record(client, tenantId, 'DENIED_ACCOUNT');
    await until('the second delivery', () => hook.received.length === 2);
    const second = hook.received[1]!;
    expect(String(second.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(() => new Webhook(third).verify(second.body, second.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(old).verify(second.body, second.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(fresh).verify(second.body, second.headers as Record<string, string>)).toThrow();
    // Once the overlap is over, only the current secret signs.
    await runtime.db.updateTable('rental.partner_webhook_secrets').set({ retires_at: new Date(Date.now() - 1000) }).where('partner_id', '=', client.partner.id).where('retires_at', 'is not', null).execute();
    noteSecretsChanged();
    await record(client, tenantId, 'VERIFIED_ACCOUNT');
    await until('the third delivery', () => hook.received.length === 3);
    const after = hook.received[2]!;
    expect(String(after.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(() => new Webhook(third).verify(after.body, after.headers as Record<string, string>)).not.toThrow();
    expect(() => new Webhook(old).verify(after.body, after.headers as Record<string, string>)).toThrow();
  });

  it('a receiver failing three times then answering 200: one delivery, four attempts logged, the same webhook-id and bytes each time', async () => {
    const hook = await receiver((_r, i) => (i < 3 ? 503 : 200));
    const client = await partnerClient(app, { callbackUrl: hook.url });
    const tenantId = await client.newTenant();
    const webhookId = await record(client, tenantId);
    await until('the successful attempt', async () => (await state(webhookId)).state === 'DELIVERED');
    expect(hook.received).toHaveLength(4);
    expect(new Set(hook.received.map((r) => r.headers['webhook-id']))).toEqual(new Set([webhookId]));
    expect(new Set(hook.received.map((r) => r.body)).size).toBe(1);
    const attempts = await deliveryAttempts(runtime.db, webhookId);
    expect(attempts.map((a) => [a.attempt, a.statusCode, a.outcome, a.error])).toEqual([
      [1, 503, 'FAILED', 'HTTP 503'],
      [2, 503, 'FAILED', 'HTTP 503'],
      [3, 503, 'FAILED', 'HTTP 503'],
      [4, 200, 'DELIVERED', null],
    ]);
    // The delivery log never holds the body: no column carries it.
    const logged = await runtime.db.selectFrom('rental.webhook_attempts').selectAll().where('attempt', '=', 1).limit(1).executeTakeFirstOrThrow();
    expect(Object.keys(logged).sort()).toEqual(['attempt', 'duration_ms', 'error', 'event_id', 'id', 'outcome', 'started_at', 'status_code']);
  });

  it('a receiver down for the whole run: every delivery dies (visible), later events of the tenant die with the first, and a replay since a date delivers all of them in order under their ids', async () => {
    const hook = await receiver();
    const port = hook.port;
    await hook.close();
    const client = await partnerClient(app, { callbackUrl: `http://127.0.0.1:${port}/back` });
    const since = new Date(Date.now() - 1000);
    const tenantA = await client.newTenant('a');
    const tenantB = await client.newTenant('b');
    const ids = [await record(client, tenantA), await record(client, tenantA, 'VERIFIED_ACCOUNT'), await record(client, tenantB)];
    await until('every delivery dead', async () => (await Promise.all(ids.map(state))).every((s) => s.state === 'DEAD'));
    // The first event of A used its four attempts; the second died with it without being sent.
    expect((await Promise.all(ids.map(state))).map((s) => s.attempts)).toEqual([4, 0, 4]);
    const dead = await listDeadDeliveries(runtime.db, { partnerId: client.partner.id });
    expect(dead.map((d) => d.webhookId).sort()).toEqual([...ids].sort());
    expect(dead.find((d) => d.webhookId === ids[0])!.lastError).toMatch(/^ECONNREFUSED/);
    expect(dead.find((d) => d.webhookId === ids[1])!.lastError).toBe(`an earlier event of this tenant (${ids[0]}) is dead`);

    // The receiver comes back on the same port; a replay since the date sends everything again.
    const revived = await startReceiver(undefined, port);
    receivers.push(revived);
    expect(await replaySince(runtime.db, { since, partnerId: client.partner.id })).toEqual({ replayed: 3, skippedErased: 0 });
    runtime.webhooks!.kick();
    await until('all three delivered', () => revived.received.length === 3);
    const order = revived.received.map((r) => r.headers['webhook-id']);
    expect(new Set(order)).toEqual(new Set(ids));
    expect(order.indexOf(ids[0])).toBeLessThan(order.indexOf(ids[1]));
    // The outcome is written just after the receiver answers.
    await until('all three marked delivered', async () => (await Promise.all(ids.map(state))).every((s) => s.state === 'DELIVERED'));
    // Replaying one delivered webhook sends it again under the same id.
    await replayDelivery(runtime.db, ids[2]!);
    runtime.webhooks!.kick();
    await until('the replay of one', () => revived.received.length === 4);
    await until('the replay marked delivered', async () => (await state(ids[2]!)).state === 'DELIVERED');
    expect(revived.received[3]!.headers['webhook-id']).toBe(ids[2]);
    await expect(replayDelivery(runtime.db, 'msg_unknown')).rejects.toThrow('no delivery has the webhook-id msg_unknown');
  });

  it('a hanging receiver does not hold the delivery past the response timeout: the attempt fails and the next one is made', async () => {
    const hook = await receiver((_r, i) => (i === 0 ? 'hang' : 204));
    const client = await partnerClient(app, { callbackUrl: hook.url });
    const tenantId = await client.newTenant();
    const webhookId = await record(client, tenantId);
    await until('delivered after the hang', async () => (await state(webhookId)).state === 'DELIVERED');
    const attempts = await deliveryAttempts(runtime.db, webhookId);
    expect(attempts.map((a) => [a.outcome, a.error])).toEqual([
      ['FAILED', 'no complete response within 700 ms'],
      ['DELIVERED', null],
    ]);
  });

  it('per partner, the events of one tenant arrive in recording order even when the first needs retries', async () => {
    let failures = 0;
    const hook = await receiver((r) => {
      const type = JSON.parse(r.body).partnerCallBackType;
      if (type === 'CREATED_ACCOUNT' && failures < 2) {
        failures++;
        return 500;
      }
      return 200;
    });
    const client = await partnerClient(app, { callbackUrl: hook.url });
    const tenantId = await client.newTenant();
    const other = await client.newTenant('other');
    const created = await record(client, tenantId, 'CREATED_ACCOUNT');
    const verified = await record(client, tenantId, 'VERIFIED_ACCOUNT');
    const denied = await record(client, tenantId, 'DENIED_ACCOUNT');
    const otherId = await record(client, other, 'VERIFIED_ACCOUNT');
    await until('four delivered', async () => (await Promise.all([created, verified, denied, otherId].map(state))).every((s) => s.state === 'DELIVERED'));
    const delivered = hook.received.filter((r) => JSON.parse(r.body).onTenantId === tenantId).map((r) => [r.headers['webhook-id'], JSON.parse(r.body).partnerCallBackType]);
    expect(delivered).toEqual([
      [created, 'CREATED_ACCOUNT'],
      [created, 'CREATED_ACCOUNT'],
      [created, 'CREATED_ACCOUNT'],
      [verified, 'VERIFIED_ACCOUNT'],
      [denied, 'DENIED_ACCOUNT'],
    ]);
    // Another tenant of the same partner is not held back by the first one's retries.
    const firstOther = hook.received.findIndex((r) => r.headers['webhook-id'] === otherId);
    const lastCreated = hook.received.map((r) => r.headers['webhook-id']).lastIndexOf(created);
    expect(firstOther).toBeLessThan(lastCreated);
  });

  it('three dispatchers on one database (as three processes would run): each webhook-id delivered once, each tenant in order', async () => {
    const hook = await receiver();
    const client = await partnerClient(app, { callbackUrl: hook.url });
    const others = [1, 2].map(() => new WebhookDispatcher({ db: runtime.db, keys: runtime.keys, apiBase: runtime.apiBase, publicBase: runtime.sharing.publicBase, settings: { ...runtime.settings.webhooks, concurrency: 4 }, logger: app.logger }));
    try {
      for (const d of others) d.start();
      const tenants = [await client.newTenant('p'), await client.newTenant('q'), await client.newTenant('r')];
      const recorded = new Map<number, string[]>(tenants.map((t) => [t, []]));
      const types = ['CREATED_ACCOUNT', 'VERIFIED_ACCOUNT', 'DENIED_ACCOUNT'] as const;
      for (let i = 0; i < 24; i++) {
        const tenantId = tenants[i % 3]!;
        recorded.get(tenantId)!.push(await record(client, tenantId, types[i % 3]!));
      }
      for (const d of others) d.kick();
      await until('24 deliveries', () => hook.received.length >= 24);
      await until('all marked delivered', async () => (await Promise.all([...recorded.values()].flat().map(state))).every((s) => s.state === 'DELIVERED'));
      const ids = hook.received.map((r) => String(r.headers['webhook-id']));
      expect(new Set(ids).size).toBe(ids.length);
      for (const tenantId of tenants) {
        expect(hook.received.filter((r) => JSON.parse(r.body).onTenantId === tenantId).map((r) => r.headers['webhook-id'])).toEqual(recorded.get(tenantId));
      }
    } finally {
      for (const d of others) await d.stop();
    }
  });

  it('ACCESS_REVOKED is minimal; a partner linked to a TO_PROCESS or VALIDATED file gets CREATED/VERIFIED (registerTenant)', async () => {
    const hook = await receiver();
    const client = await partnerClient(app, { callbackUrl: hook.url });
    const tenantId = await client.newTenant();
    await record(client, tenantId, 'ACCESS_REVOKED');
    await until('the revocation', () => hook.received.length === 1);
    expect(hook.received[0]!.body).toBe(JSON.stringify({ partnerCallBackType: 'ACCESS_REVOKED', onTenantId: tenantId }));
    // INCOMPLETE: a new link sends nothing; TO_PROCESS: CREATED_ACCOUNT; VALIDATED: VERIFIED_ACCOUNT.
    const link = (status: string) =>
      runtime.db.transaction().execute(async (trx) => {
        await trx.updateTable('rental.tenants').set({ status }).where('id', '=', tenantId).execute();
        return recordNewLinkEvent(trx, tenantId, client.partner.id, new Date());
      });
    expect(await link('INCOMPLETE')).toEqual([]);
    expect(await link('TO_PROCESS')).toHaveLength(1);
    expect(await link('VALIDATED')).toHaveLength(1);
    runtime.webhooks!.kick();
    await until('the two link events', () => hook.received.length === 3);
    expect(hook.received.slice(1).map((r) => JSON.parse(r.body).partnerCallBackType)).toEqual(['CREATED_ACCOUNT', 'VERIFIED_ACCOUNT']);
  });

  it('deleting an account sends DELETED_ACCOUNT with the file as it was before the deletion; once delivered, its payload is erased', async () => {
    const hook = await receiver();
    const client = await partnerClient(app, { callbackUrl: hook.url });
    const tenantId = await client.newTenant();
    await client.post('/register/names', { tenantId, firstName: 'Ada', lastName: 'Gone' });
    expect((await client.delete(`/tenant/${tenantId}/user/deleteAccount`)).status).toBe(200);
    await until('DELETED_ACCOUNT', () => hook.received.some((r) => JSON.parse(r.body).partnerCallBackType === 'DELETED_ACCOUNT'));
    const deleted = JSON.parse(hook.received.find((r) => JSON.parse(r.body).partnerCallBackType === 'DELETED_ACCOUNT')!.body);
    expect(deleted.onTenantId).toBe(tenantId);
    expect(deleted.tenants).toEqual([expect.objectContaining({ id: tenantId, firstName: 'Ada', lastName: 'Gone' })]);
    const deletedRow = () => runtime.db.selectFrom('rental.webhook_events').select(['state', 'payload_sealed', 'payload_erased_at']).where('tenant_id', '=', tenantId).where('event_type', '=', 'DELETED_ACCOUNT').executeTakeFirstOrThrow();
    await until('the outcome written', async () => (await deletedRow()).state === 'DELIVERED');
    const row = await deletedRow();
    expect(row.payload_sealed).toBeNull();
    expect(row.payload_erased_at).toBeInstanceOf(Date);
  });

  it('a co-tenant dropped by application/v2 is deleted with a DELETED_ACCOUNT for the partners of the apartment', async () => {
    const hook = await receiver();
    const client = await partnerClient(app, { callbackUrl: hook.url });
    const tenantId = await client.newTenant();
    expect((await client.post('/register/application/v2', { tenantId, applicationType: 'COUPLE', coTenants: [{ firstName: 'Cosette', lastName: 'Fauchelevent' }], acceptAccess: true })).status).toBe(200);
    const co = await runtime.db.selectFrom('rental.tenants').select('id').where('first_name', '=', 'Cosette').where('tenant_type', '=', 'JOIN').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect((await client.post('/register/application/v2', { tenantId, applicationType: 'ALONE', coTenants: [] })).status).toBe(200);
    await until('DELETED_ACCOUNT of the co-tenant', () => hook.received.some((r) => JSON.parse(r.body).partnerCallBackType === 'DELETED_ACCOUNT'));
    const body = JSON.parse(hook.received.find((r) => JSON.parse(r.body).partnerCallBackType === 'DELETED_ACCOUNT')!.body);
    expect(body.onTenantId).toBe(co.id);
    expect(body.tenants.map((t: { id: number }) => t.id)).toEqual([tenantId, co.id]);
  });

  it('eraseTenantWebhookPayloads erases the delivered payloads of a tenant and its apartment (never a pending one); a replay of an erased one is refused', async () => {
    const hook = await receiver();
    const client = await partnerClient(app, { callbackUrl: hook.url });
    const tenantId = await client.newTenant();
    const delivered = await record(client, tenantId);
    await until('delivered', async () => (await state(delivered)).state === 'DELIVERED');
    const payloads = () => runtime.db.selectFrom('rental.webhook_events').select(['webhook_id', 'payload_sealed']).where('tenant_id', '=', tenantId).orderBy('id').execute();
    expect((await payloads())[0]!.payload_sealed).not.toBeNull();
    expect(await eraseTenantWebhookPayloads(runtime.db, tenantId)).toBe(1);
    expect((await payloads()).map((p) => p.payload_sealed)).toEqual([null]);
    await expect(replayDelivery(runtime.db, delivered)).rejects.toThrow(`the payload of ${delivered} was erased (retention): it cannot be replayed`);
    // Retention: nothing delivered is older than a day here, so nothing more is pruned.
    expect(await pruneWebhookPayloads(runtime.db, 1)).toEqual({ erased: 0 });
  });
});

describe('webhook targets: private addresses and redirects', () => {
  let app: TestApp;
  let runtime: RentalRuntime;
  beforeAll(async () => {
    app = await startTestApp({ env: { ...FAST, FOYER_RENTAL_WEBHOOK_ALLOW_PRIVATE: 'false' } });
    runtime = await rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>);
  });
  afterAll(() => app.destroy());

  it('classifies private, loopback and link-local addresses, IPv4-mapped and embedded forms included', () => {
    for (const address of ['127.0.0.1', '10.1.2.3', '172.16.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', '::', 'fe80::1', 'fd00::1', '::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:169.254.169.254', '64:ff9b::a9fe:a9fe', '2002:c0a8:0101::1', 'not an address']) {
      expect([address, isPrivateAddress(address)]).toEqual([address, true]);
    }
    for (const address of ['93.184.215.14', '8.8.8.8', '2606:4700:4700::1111', '::ffff:8.8.8.8']) {
      expect([address, isPrivateAddress(address)]).toEqual([address, false]);
    }
  });

  it('refuses a callback on a loopback address unless configured: nothing is sent, the attempt says why', async () => {
    const hook = await startReceiver();
    try {
      const client = await partnerClient(app, { callbackUrl: `http://localhost:${hook.port}/` });
      const tenantId = await client.newTenant();
      const [id] = await runtime.db.transaction().execute((trx) => recordTenantEvent(trx, { type: 'CREATED_ACCOUNT', tenantId, now: new Date() }));
      runtime.webhooks!.kick();
      await until('dead', async () => (await runtime.db.selectFrom('rental.webhook_events').select('state').where('webhook_id', '=', id!).executeTakeFirstOrThrow()).state === 'DEAD');
      expect(hook.received).toEqual([]);
      const attempts = await deliveryAttempts(runtime.db, id!);
      expect(attempts).toHaveLength(4);
      expect(attempts[0]).toMatchObject({ outcome: 'REFUSED', statusCode: null, error: expect.stringMatching(/^refused: the host resolves to a private, loopback or link-local address \((127\.0\.0\.1|::1)\)$/) });
    } finally {
      await hook.close();
    }
  });
});

describe('webhook redirects', () => {
  it('a 3xx is a failure: the Location is never followed', async () => {
    const app = await startTestApp({ env: FAST });
    const hook = await startReceiver((r) => (r.path === '/start' ? { status: 302, headers: { location: '/elsewhere' } } : 200));
    try {
      const runtime = await rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>);
      const client = await partnerClient(app, { callbackUrl: `${hook.url}/start` });
      const tenantId = await client.newTenant();
      const [id] = await runtime.db.transaction().execute((trx) => recordTenantEvent(trx, { type: 'CREATED_ACCOUNT', tenantId, now: new Date() }));
      runtime.webhooks!.kick();
      await until('dead', async () => (await runtime.db.selectFrom('rental.webhook_events').select('state').where('webhook_id', '=', id!).executeTakeFirstOrThrow()).state === 'DEAD');
      expect(hook.received.map((r) => r.path)).toEqual(['/start', '/start', '/start', '/start']);
      expect((await deliveryAttempts(runtime.db, id!))[0]).toMatchObject({ statusCode: 302, outcome: 'FAILED', error: 'HTTP 302 (redirects are not followed)' });
    } finally {
      await hook.close();
      await app.destroy();
    }
  });
});

describe('rental:partner:create', () => {
  it('prints a webhook signing secret that signs the partner\'s deliveries', async () => {
    const app = await startTestApp({ env: FAST });
    const hook = await startReceiver();
    try {
      const context = app.contexts.get('rental') as ModuleContext<RentalSettings>;
      const create = rentalModule.commands.find((c) => c.name === 'rental:partner:create')!;
      const out = (await create.run({ config: app.config, settings: context.settings, db: app.db, server: context }, { name: 'hooked', 'display-name': 'Hooked', 'callback-url': hook.url })) as { partnerId: number; webhookSecret: string };
      expect(out.webhookSecret).toMatch(/^whsec_/);
      const runtime = await rentalRuntime(context);
      const tenant = await runtime.db.insertInto('rental.apartment_sharings').values({ application_type: 'ALONE' }).returning('id').executeTakeFirstOrThrow();
      const t = await runtime.db.insertInto('rental.tenants').values({ apartment_sharing_id: tenant.id, email: null, tenant_type: 'CREATE', status: 'TO_PROCESS', creation_date: new Date(), last_update_date: new Date() }).returning('id').executeTakeFirstOrThrow();
      await runtime.db.insertInto('rental.tenant_partners').values({ tenant_id: t.id, partner_id: out.partnerId, access_granted_date: new Date() }).execute();
      await runtime.db.transaction().execute((trx) => recordTenantEvent(trx, { type: 'CREATED_ACCOUNT', tenantId: t.id, now: new Date() }));
      runtime.webhooks!.kick();
      await until('delivery', () => hook.received.length === 1);
      expect(() => new Webhook(out.webhookSecret).verify(hook.received[0]!.body, hook.received[0]!.headers as Record<string, string>)).not.toThrow();
    } finally {
      await hook.close();
      await app.destroy();
    }
  });
});

describe('webhook settings', () => {
  it('reads the retry schedule with units, and a bad one stops the boot naming the variable', () => {
    expect(parseRetrySchedule('5s,5m,30m,2h,1d,250ms,1.5s')).toEqual([5000, 300_000, 1_800_000, 7_200_000, 86_400_000, 250, 1500]);
    for (const [name, bad] of [
      ['FOYER_RENTAL_WEBHOOK_RETRY_SCHEDULE', '5,10'],
      ['FOYER_RENTAL_WEBHOOK_RETRY_SCHEDULE', '5s,,5m'],
      ['FOYER_RENTAL_WEBHOOK_TIMEOUT_MS', '0'],
      ['FOYER_RENTAL_WEBHOOK_ALLOW_PRIVATE', 'maybe'],
      ['FOYER_RENTAL_WEBHOOK_CONCURRENCY', '0'],
    ] as const) {
      let error: unknown;
      try {
        loadConfig({ FOYER_DATA_DIR: '/tmp', [name]: bad }, { sections: MODULES });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(name);
    }
  });
});
