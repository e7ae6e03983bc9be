import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleContext } from '../../src/platform/module.ts';
import type { RentalSettings } from '../../src/rental/index.ts';
import { ensureWebhookSecret } from '../../src/rental/events/secrets.ts';
import { rentalRuntime, type RentalRuntime } from '../../src/rental/module/runtime.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { startReceiver, until, type Received } from '../support/webhook-receiver.ts';
import { completeTenantFile, partnerClient } from './helpers.ts';
import { operatorClient, validateAll } from '../backoffice/helpers.ts';

/**
 * Issue 10's proof: operator journeys end to end, asserting what a partner's receiver really got,
 * in order, with Standard Webhooks signatures that verify; and the operator replay endpoints.
 */
let app: TestApp;
let runtime: RentalRuntime;
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];

beforeAll(async () => {
  app = await startTestApp({ env: { FOYER_RENTAL_WEBHOOK_ALLOW_PRIVATE: 'true', FOYER_RENTAL_WEBHOOK_POLL_MS: '25' } });
  runtime = await rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>);
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await app?.destroy();
});

/** A partner whose callback is a live receiver, its signing secret, and a file of it that is TO_PROCESS. */
async function partnerWithFileToProcess() {
  const hook = await startReceiver();
  receivers.push(hook);
  const partner = await partnerClient(app, { callbackUrl: `${hook.url}/foyer`, callbackApiKey: 'partner-key' });
  const secret = await ensureWebhookSecret(runtime.db, runtime.keys, partner.partner.id);
  const tenantId = await partner.newTenant('hooked');
  await completeTenantFile(partner, tenantId);
  expect((await partner.post('/register/honorDeclaration', { tenantId, honorDeclaration: true })).body.status).toBe('TO_PROCESS');
  /** Every delivery verified with the partner's secret; its event type, onTenantId and status. */
  const verified = () =>
    hook.received.map((r: Received) => {
      const payload = new Webhook(secret).verify(r.body, r.headers as Record<string, string>) as { partnerCallBackType: string; onTenantId: number; status: string; dossierUrl?: string };
      expect(r.headers['x-api-key']).toBe('partner-key');
      return { id: String(r.headers['webhook-id']), type: payload.partnerCallBackType, onTenantId: payload.onTenantId, status: payload.status, dossierUrl: payload.dossierUrl };
    });
  const waitFor = (count: number) => until(`${count} webhooks`, () => hook.received.length >= count);
  return { hook, partner, secret, tenantId, verified, waitFor };
}

/** The receiver answers before the dispatcher commits DELIVERED: wait for the row, not the request. */
async function deliveredInDatabase(webhookId: string) {
  await until(`${webhookId} DELIVERED`, async () => {
    const row = await runtime.db.selectFrom('rental.webhook_events').select('state').where('webhook_id', '=', webhookId).executeTakeFirst();
    return row?.state === 'DELIVERED';
  });
}

describe('operator journeys, as the partner receiver sees them', () => {
  it('TO_PROCESS → an operator validates → VALIDATED: CREATED_ACCOUNT then VERIFIED_ACCOUNT, signed, the latter with the dossier URL', async () => {
    const { tenantId, verified, waitFor } = await partnerWithFileToProcess();
    const operator = await operatorClient(app, 'OPERATOR');
    const opened = (await operator.get(`/files/${tenantId}`)).body;
    expect((await operator.post(`/files/${tenantId}/decision`, validateAll(opened))).body.status).toBe('VALIDATED');
    await waitFor(2);
    const got = verified();
    expect(got.map((g) => [g.type, g.onTenantId, g.status])).toEqual([
      ['CREATED_ACCOUNT', tenantId, 'TO_PROCESS'],
      ['VERIFIED_ACCOUNT', tenantId, 'VALIDATED'],
    ]);
    expect(got[0]!.dossierUrl).toBeUndefined();
    expect(got[1]!.dossierUrl).toMatch(/^http:\/\/foyer\.test\/api\/partage\/[A-Za-z0-9_-]{20,}$/);
    expect(new Set(got.map((g) => g.id)).size).toBe(2);
  });

  it('→ DECLINED by an operator → the partner posts the tenant message → TO_PROCESS: CREATED, DENIED, REOPENED in that order', async () => {
    const { tenantId, partner, verified, waitFor } = await partnerWithFileToProcess();
    const operator = await operatorClient(app, 'OPERATOR');
    const opened = (await operator.get(`/files/${tenantId}`)).body;
    const identity = opened.documents.find((d: { documentCategory: string }) => d.documentCategory === 'IDENTIFICATION');
    const body = validateAll(opened);
    body.documents = body.documents.map((d) => (d.documentId === identity.id ? { documentId: d.documentId, decision: 'DECLINED', comment: 'Photo illisible' } : d)) as typeof body.documents;
    expect((await operator.post(`/files/${tenantId}/decision`, body)).body.status).toBe('DECLINED');
    await waitFor(2);
    expect((await partner.post(`/tenant/${tenantId}/message`, { messageBody: 'Voici une meilleure photo' })).status).toBe(200);
    await waitFor(3);
    expect(verified().map((g) => [g.type, g.status])).toEqual([
      ['CREATED_ACCOUNT', 'TO_PROCESS'],
      ['DENIED_ACCOUNT', 'DECLINED'],
      ['REOPENED_ACCOUNT', 'TO_PROCESS'],
    ]);
  });
});

describe('operator replay endpoints', () => {
  it('SUPPORT replays one delivery under the same webhook-id, and everything since a date; OPERATOR may not; an unknown id is 404', async () => {
    const { hook, tenantId, verified, waitFor } = await partnerWithFileToProcess();
    await waitFor(1);
    const [created] = verified();
    await deliveredInDatabase(created!.id);
    const support = await operatorClient(app, 'SUPPORT');
    const operator = await operatorClient(app, 'OPERATOR');

    const refused = await operator.post(`/webhooks/${created!.id}/replay`);
    expect(refused.status).toBe(403);
    const unknown = await support.post('/webhooks/msg_aaaaaaaaaaaaaaaaaaaaaaaaaa/replay');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'NOT_FOUND', message: 'no delivery has the webhook-id msg_aaaaaaaaaaaaaaaaaaaaaaaaaa' });
    const malformed = await support.post('/webhooks/not-an-id/replay');
    expect(malformed.status).toBe(400);

    const replayed = await support.post(`/webhooks/${created!.id}/replay`);
    expect(replayed.status).toBe(200);
    expect(replayed.body).toMatchObject({ webhookId: created!.id, tenantId, eventType: 'CREATED_ACCOUNT', state: 'PENDING', attempts: 0 });
    await waitFor(2);
    expect(verified().map((g) => [g.id, g.type])).toEqual([
      [created!.id, 'CREATED_ACCOUNT'],
      [created!.id, 'CREATED_ACCOUNT'],
    ]);
    await deliveredInDatabase(created!.id);

    const badDate = await support.post('/webhooks/replay', { since: 'yesterday' });
    expect(badDate.status).toBe(400);
    expect(badDate.body.details).toEqual([expect.stringContaining('since')]);
    const impossible = await support.post('/webhooks/replay', { since: '2026-13-45T25:61Z' });
    expect(impossible.status).toBe(400);
    expect(impossible.body).toEqual({ error: 'INVALID', message: 'The request is invalid', details: ['body/since: not a date'] });
    // Year 0000 (which the database cannot store) means "since the beginning": nothing delivered is replayable yet but this one.
    const fromZero = await support.post('/webhooks/replay', { since: '0000-01-01T00:00Z', partnerId: 2147483647 });
    expect(fromZero.status).toBe(200);
    expect(fromZero.body).toEqual({ replayed: 0, skippedErased: 0 });
    const since = await support.post('/webhooks/replay', { since: new Date(Date.now() - 60_000).toISOString(), partnerId: (await runtime.db.selectFrom('rental.webhook_events').select('partner_id').where('webhook_id', '=', created!.id).executeTakeFirstOrThrow()).partner_id });
    expect(since.status).toBe(200);
    expect(since.body).toEqual({ replayed: 1, skippedErased: 0 });
    await waitFor(3);
    expect(hook.received.map((r) => r.headers['webhook-id'])).toEqual([created!.id, created!.id, created!.id]);
    const dead = await support.get('/webhooks/dead');
    expect(dead.status).toBe(200);
    expect(dead.body.items.some((d: { webhookId: string }) => d.webhookId === created!.id)).toBe(false);
  });
});
