import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRentalDb } from '../../src/rental/index.ts';
import { recomputeStatus } from '../../src/rental/tenants/recompute.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { completeTenantFile, partnerClient, pdf, type PartnerClient } from './helpers.ts';

describe('webhook outbox: status changes record their event for every partner of the apartment (§9.3, §9.4)', () => {
  let app: TestApp;
  let hooked: PartnerClient;
  let silent: PartnerClient;
  beforeAll(async () => {
    app = await startTestApp();
    hooked = await partnerClient(app, { callbackUrl: 'http://127.0.0.1:9/hook' });
    silent = await partnerClient(app);
  });
  afterAll(() => app.destroy());
  const events = (tenantId: number) =>
    asRentalDb(app.db.kysely).selectFrom('rental.webhook_events').select(['partner_id', 'event_type', 'webhook_id']).where('tenant_id', '=', tenantId).orderBy('id').execute();

  it('INCOMPLETE → TO_PROCESS records CREATED_ACCOUNT for the partner with a callback URL only', async () => {
    const tenantId = await hooked.newTenant();
    await completeTenantFile(hooked, tenantId);
    expect(await events(tenantId)).toEqual([]);
    const declared = await hooked.post('/register/honorDeclaration', { tenantId, honorDeclaration: true });
    expect(declared.body.status).toBe('TO_PROCESS');
    const rows = await events(tenantId);
    expect(rows).toEqual([{ partner_id: hooked.partner.id, event_type: 'CREATED_ACCOUNT', webhook_id: expect.stringMatching(/^msg_[a-z2-7]{26}$/) }]);
  });

  it('a tenant of a partner without a callback records nothing', async () => {
    const tenantId = await silent.newTenant();
    await completeTenantFile(silent, tenantId);
    await silent.post('/register/honorDeclaration', { tenantId, honorDeclaration: true });
    expect(await events(tenantId)).toEqual([]);
  });

  it('VALIDATED records VERIFIED_ACCOUNT; a later upload sends the file back to TO_PROCESS with REOPENED_ACCOUNT', async () => {
    const db = asRentalDb(app.db.kysely);
    const tenantId = await hooked.newTenant();
    await completeTenantFile(hooked, tenantId);
    await hooked.post('/register/honorDeclaration', { tenantId, honorDeclaration: true });
    await db.updateTable('rental.documents').set({ document_status: 'VALIDATED' }).where('tenant_id', '=', tenantId).execute();
    expect(await recomputeStatus(db, tenantId, new Date())).toBe('VALIDATED');
    const upload = await hooked.upload('/register/documentProfessional', { tenantId, typeDocumentProfessional: 'CDD' }, [pdf()]);
    expect(upload.body.status).toBe('TO_PROCESS');
    expect((await events(tenantId)).map((e) => e.event_type)).toEqual(['CREATED_ACCOUNT', 'VERIFIED_ACCOUNT', 'REOPENED_ACCOUNT']);
    const ids = (await events(tenantId)).map((e) => e.webhook_id);
    expect(new Set(ids).size).toBe(3);
  });
});
