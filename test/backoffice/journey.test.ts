import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRentalDb } from '../../src/rental/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { completeTenantFile, partnerClient } from '../rental/helpers.ts';
import { operatorClient, validateAll } from './helpers.ts';

let app: TestApp;

beforeAll(async () => {
  app = await startTestApp();
});
afterAll(async () => {
  await app?.destroy();
});

const events = async (tenantId: number) =>
  (await asRentalDb(app.db.kysely).selectFrom('rental.webhook_events').select(['event_type', 'partner_id']).where('tenant_id', '=', tenantId).orderBy('id').execute());

async function fileToProcess() {
  const partner = await partnerClient(app, { callbackUrl: 'http://127.0.0.1:9/hook' });
  const tenantId = await partner.newTenant('journey');
  await completeTenantFile(partner, tenantId);
  const honor = await partner.post('/register/honorDeclaration', { tenantId, honorDeclaration: true });
  expect(honor.status).toBe(200);
  expect(honor.body.status).toBe('TO_PROCESS');
  return { partner, tenantId };
}

describe('the list of files to process', () => {
  it('pages the oldest TO_PROCESS files first with a cursor, filters by status and partner, refuses a forged cursor', async () => {
    const { partner, tenantId: first } = await fileToProcess();
    const second = await partner.newTenant('second');
    await completeTenantFile(partner, second);
    await partner.post('/register/honorDeclaration', { tenantId: second, honorDeclaration: true });
    const incomplete = await partner.newTenant('incomplete');
    const operator = await operatorClient(app, 'OPERATOR', '10.2.0.1');
    const page1 = await operator.get(`/files?partnerId=${partner.partner.id}&limit=1`);
    expect(page1.body.items.map((i: { tenantId: number }) => i.tenantId)).toEqual([first]);
    expect(page1.body.nextCursor).toEqual(expect.any(String));
    const page2 = await operator.get(`/files?partnerId=${partner.partner.id}&limit=1&cursor=${page1.body.nextCursor}`);
    expect(page2.body.items.map((i: { tenantId: number }) => i.tenantId)).toEqual([second]);
    expect(page2.body.nextCursor).toBeNull();
    const incompletes = await operator.get(`/files?partnerId=${partner.partner.id}&status=INCOMPLETE`);
    expect(incompletes.body.items.map((i: { tenantId: number }) => i.tenantId)).toEqual([incomplete]);
    const forged = await operator.get('/files?cursor=bm90LWEtY3Vyc29y');
    expect(forged.status).toBe(400);
    expect(forged.body).toEqual({ error: 'INVALID', message: 'The request is invalid', details: ['cursor: not a cursor this list returned'] });
    const tooMany = await operator.get('/files?limit=201');
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.details).toEqual(['querystring/limit: must be <= 200']);
  });
});

describe('operator journeys', () => {
  it('partner-built file → TO_PROCESS → operator validates every document → VALIDATED (CREATED_ACCOUNT then VERIFIED_ACCOUNT)', async () => {
    const { partner, tenantId } = await fileToProcess();
    const operator = await operatorClient(app, 'OPERATOR');
    const list = await operator.get(`/files?partnerId=${partner.partner.id}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((i: { tenantId: number }) => i.tenantId)).toEqual([tenantId]);
    expect(list.body.nextCursor).toBeNull();
    const opened = await operator.get(`/files/${tenantId}`);
    expect(opened.status).toBe(200);
    expect(opened.body.documents).toHaveLength(5);
    const firstFile = opened.body.documents[0].files[0];
    expect(firstFile.originalUrl).toBe(`/backoffice/api/files/${tenantId}/originals/${firstFile.id}`);
    const original = await operator.get(firstFile.originalUrl.replace('/backoffice/api', ''));
    expect(original.status).toBe(200);
    expect(original.raw.subarray(0, 5).toString()).toBe('%PDF-');

    // The partner reads the file first (the embedded database caches the rendered profile)…
    expect((await partner.get(`/tenant/${tenantId}/profile`)).body.status).toBe('TO_PROCESS');
    const decided = await operator.post(`/files/${tenantId}/decision`, validateAll(opened.body));
    expect(decided.status).toBe(200);
    expect(decided.body).toMatchObject({ tenantId, status: 'VALIDATED', messageId: null });
    expect(await events(tenantId)).toEqual([
      { event_type: 'CREATED_ACCOUNT', partner_id: partner.partner.id },
      { event_type: 'VERIFIED_ACCOUNT', partner_id: partner.partner.id },
    ]);
    // … and sees the decision at once: the desk writes through the rental module's own handle.
    const profile = await partner.get(`/tenant/${tenantId}/profile`);
    expect(profile.body.status).toBe('VALIDATED');
    const audit = await asRentalDb(app.db.kysely).selectFrom('rental.operator_audit').select(['operator_id', 'document_id', 'decision', 'action']).where('tenant_id', '=', tenantId).orderBy('id').execute();
    expect(audit).toHaveLength(5);
    expect(audit.every((a) => a.operator_id === operator.operator.id && a.decision === 'VALIDATED' && a.action === 'DOCUMENT_DECISION')).toBe(true);
    // A decided file is no longer TO_PROCESS: deciding it again is refused.
    const again = await operator.post(`/files/${tenantId}/decision`, { ...validateAll(opened.body), version: decided.body.version, documents: [{ documentId: opened.body.documents[0].id, decision: 'VALIDATED' }] });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: 'NOT_TO_PROCESS', message: 'Only a TO_PROCESS file can be decided; this one is VALIDATED' });
  });

  it('→ DECLINED with the reasons message visible to the partner → partner posts a message → TO_PROCESS (DENIED then REOPENED)', async () => {
    const { partner, tenantId } = await fileToProcess();
    const operator = await operatorClient(app, 'OPERATOR');
    const opened = (await operator.get(`/files/${tenantId}`)).body;
    const identity = opened.documents.find((d: { documentCategory: string }) => d.documentCategory === 'IDENTIFICATION');
    const reasons = (await operator.get('/deny-reasons?documentCategory=IDENTIFICATION&documentUserType=tenant')).body as { id: number; code: string; documentSubCategory: string | null; messageValue: string }[];
    const reason = reasons.find((r) => r.code === 'FRENCH_IDENTITY_CARD_001')!;
    expect(reason.documentSubCategory).toBe('FRENCH_IDENTITY_CARD');
    const body = validateAll(opened);
    body.documents = body.documents.map((d) => (d.documentId === identity.id ? { documentId: d.documentId, decision: 'DECLINED', reasonIds: [reason.id], comment: 'Photo <illisible> & coupée' } : d)) as typeof body.documents;
    const decided = await operator.post(`/files/${tenantId}/decision`, body);
    expect(decided.status).toBe(200);
    expect(decided.body.status).toBe('DECLINED');
    expect(decided.body.messageId).toEqual(expect.any(Number));

    const messages = await partner.get(`/tenant/${tenantId}/message`);
    expect(messages.status).toBe(200);
    const toTenant = messages.body.find((m: { typeMessage: string }) => m.typeMessage === 'TO_TENANT');
    expect(toTenant.messageBody).toContain(reason.messageValue.replace(/'/g, '&#39;'));
    expect(toTenant.messageBody).toContain('Commentaire : Photo &lt;illisible&gt; &amp; coupée');
    expect(toTenant.messageBody).not.toContain('<illisible>');
    const denial = await asRentalDb(app.db.kysely).selectFrom('rental.document_denied_reasons').selectAll().where('document_id', '=', identity.id).execute();
    expect(denial).toHaveLength(1);
    expect(denial[0]).toMatchObject({ checked_options: [reason.messageValue], checked_options_id: [reason.id], checked_codes: ['FRENCH_IDENTITY_CARD_001'], message_data: true, comment: 'Photo <illisible> & coupée', message_id: decided.body.messageId, document_category: 'IDENTIFICATION', document_sub_category: 'FRENCH_IDENTITY_CARD', document_tenant_type: 'tenant' });

    // The partner's profile shows the reasons on the declined document (§5.1), and only there.
    const declinedProfile = (await partner.get(`/tenant/${tenantId}/profile`)).body;
    expect(declinedProfile.status).toBe('DECLINED');
    const declinedDoc = declinedProfile.documents.find((d: { id: number }) => d.id === identity.id);
    expect(declinedDoc.documentDeniedReasons).toEqual({ selectedOptions: [{ id: reason.id, label: reason.messageValue }], messageData: true, comment: 'Photo <illisible> & coupée' });
    expect(declinedProfile.documents.filter((d: { documentDeniedReasons?: unknown }) => d.documentDeniedReasons !== undefined)).toHaveLength(1);
    const reopened = (await operator.get(`/files/${tenantId}`)).body;
    expect(reopened.documents.find((d: { id: number }) => d.id === identity.id).lastDenial).toEqual({
      createdAt: expect.any(String),
      options: [{ id: reason.id, code: 'FRENCH_IDENTITY_CARD_001', label: reason.messageValue }],
      comment: 'Photo <illisible> & coupée',
    });
    expect(reopened.documents.filter((d: { lastDenial: unknown }) => d.lastDenial === null)).toHaveLength(4);

    const reply = await partner.post(`/tenant/${tenantId}/message`, { messageBody: 'Voici une meilleure photo' });
    expect(reply.status).toBe(200);
    const afterMessage = (await partner.get(`/tenant/${tenantId}/profile`)).body;
    expect(afterMessage.status).toBe('TO_PROCESS');
    expect(afterMessage.documents.find((d: { id: number }) => d.id === identity.id).documentDeniedReasons).toBeUndefined();
    expect((await events(tenantId)).map((e) => e.event_type)).toEqual(['CREATED_ACCOUNT', 'DENIED_ACCOUNT', 'REOPENED_ACCOUNT']);

    // The denial's comment is the tenant's data: it goes with the account; the audit trail keeps ids only.
    expect((await partner.delete(`/tenant/${tenantId}/user/deleteAccount`)).status).toBe(200);
    expect(await asRentalDb(app.db.kysely).selectFrom('rental.document_denied_reasons').select('id').where('document_id', '=', identity.id).execute()).toEqual([]);
    const trail = await asRentalDb(app.db.kysely).selectFrom('rental.operator_audit').select(['document_id', 'decision', 'details']).where('tenant_id', '=', tenantId).where('document_id', '=', identity.id).execute();
    expect(trail).toEqual([{ document_id: identity.id, decision: 'DECLINED', details: { reasonIds: [reason.id] } }]);
  });
});
