import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRentalDb } from '../../src/rental/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { completeTenantFile, partnerClient, type PartnerClient } from '../rental/helpers.ts';
import { operatorClient, validateAll, type OperatorClient } from './helpers.ts';

let app: TestApp;
let alpha: PartnerClient;
let beta: PartnerClient;
let support: OperatorClient;
let admin: OperatorClient;

beforeAll(async () => {
  app = await startTestApp();
  alpha = await partnerClient(app, { callbackUrl: 'http://127.0.0.1:9/alpha' });
  beta = await partnerClient(app, { callbackUrl: 'http://127.0.0.1:9/beta' });
  support = await operatorClient(app, 'SUPPORT', '10.1.0.1');
  admin = await operatorClient(app, 'ADMIN', '10.1.0.2');
});
afterAll(async () => {
  await app?.destroy();
});

const db = () => asRentalDb(app.db.kysely);
const eventsSince = async (id: string) =>
  (await db().selectFrom('rental.webhook_events').select(['event_type', 'tenant_id', 'partner_id']).where('id', '>', id).orderBy('id').execute()).map((e) => `${e.event_type}:${e.tenant_id}:${e.partner_id}`);
const lastEventId = async () => (await db().selectFrom('rental.webhook_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? '0';

/** A main tenant of `partner` with a JOIN co-tenant (GROUP application). */
async function group(partner: PartnerClient, label: string) {
  const main = await partner.newTenant(label);
  const res = await partner.post('/register/application/v2', { tenantId: main, applicationType: 'GROUP', coTenants: [{ email: `${label}.co.${main}@example.com`, firstName: 'Co', lastName: 'Locataire' }], acceptAccess: true });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  const co = (await db().selectFrom('rental.tenants').select('id').where('email', '=', `${label}.co.${main}@example.com`).executeTakeFirstOrThrow()).id;
  return { main, co };
}

describe('support acts', () => {
  it('resends VERIFIED_ACCOUNT for a VALIDATED tenant, CREATED_ACCOUNT otherwise, to every partner of the apartment', async () => {
    const tenantId = await alpha.newTenant('resend');
    const before = await lastEventId();
    const incomplete = await support.post(`/tenants/${tenantId}/resend-webhook`);
    expect(incomplete.status).toBe(200);
    expect(incomplete.body).toEqual({ eventType: 'CREATED_ACCOUNT', deliveries: 1 });
    await completeTenantFile(alpha, tenantId);
    await alpha.post('/register/honorDeclaration', { tenantId, honorDeclaration: true });
    const file = (await support.get(`/files/${tenantId}`)).body;
    expect((await support.post(`/files/${tenantId}/decision`, validateAll(file))).body.status).toBe('VALIDATED');
    const validated = await support.post(`/tenants/${tenantId}/resend-webhook`);
    expect(validated.body).toEqual({ eventType: 'VERIFIED_ACCOUNT', deliveries: 1 });
    expect(await eventsSince(before)).toEqual([`CREATED_ACCOUNT:${tenantId}:${alpha.partner.id}`, `CREATED_ACCOUNT:${tenantId}:${alpha.partner.id}`, `VERIFIED_ACCOUNT:${tenantId}:${alpha.partner.id}`, `VERIFIED_ACCOUNT:${tenantId}:${alpha.partner.id}`]);
    const audit = await db().selectFrom('rental.operator_audit').select(['action', 'operator_id']).where('tenant_id', '=', tenantId).where('action', '=', 'WEBHOOK_RESENT').execute();
    expect(audit).toEqual([{ action: 'WEBHOOK_RESENT', operator_id: support.operator.id }, { action: 'WEBHOOK_RESENT', operator_id: support.operator.id }]);
  });

  it('dissociates a JOIN co-tenant: DISSOCIATED_ACCOUNT for it and each remaining tenant, then ACCESS_REVOKED and the link removed', async () => {
    const { main, co } = await group(alpha, 'dissociate');
    const before = await lastEventId();
    const res = await support.post(`/tenants/${co}/dissociate`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ tenantId: co, revokedPartnerIds: [alpha.partner.id] });
    expect(await eventsSince(before)).toEqual([`DISSOCIATED_ACCOUNT:${co}:${alpha.partner.id}`, `DISSOCIATED_ACCOUNT:${main}:${alpha.partner.id}`, `ACCESS_REVOKED:${co}:${alpha.partner.id}`]);
    const tenant = await db().selectFrom('rental.tenants').select(['apartment_sharing_id', 'tenant_type']).where('id', '=', co).executeTakeFirstOrThrow();
    expect(tenant).toEqual({ apartment_sharing_id: res.body.apartmentSharingId, tenant_type: 'CREATE' });
    expect((await alpha.get(`/tenant/${co}/profile`)).status).toBe(403);
    const mainProfile = (await alpha.get(`/tenant/${main}/profile`)).body;
    expect(mainProfile.apartmentSharing.applicationType).toBe('ALONE');
    expect(mainProfile.apartmentSharing.tenants.map((t: { id: number }) => t.id)).toEqual([main]);
    // A main tenant cannot be dissociated.
    const refused = await support.post(`/tenants/${main}/dissociate`);
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({ error: 'CONFLICT', message: 'Only a co-tenant who joined a file (JOIN) can be dissociated; this tenant created its file' });
  });

  it('merges two files: every tenant of the merged apartment gets MERGED_ACCOUNT, to every partner of the apartment', async () => {
    const a = await alpha.newTenant('merge-a');
    const b = await beta.newTenant('merge-b');
    const before = await lastEventId();
    const res = await support.post('/merges', { tenantId: b, intoTenantId: a });
    expect(res.status).toBe(200);
    expect(res.body.tenantIds).toEqual([a, b]);
    const partners = [alpha.partner.id, beta.partner.id].sort((x, y) => x - y);
    expect(await eventsSince(before)).toEqual([a, b].flatMap((t) => partners.map((p) => `MERGED_ACCOUNT:${t}:${p}`)));
    const sharing = (await alpha.get(`/tenant/${a}/profile`)).body.apartmentSharing;
    expect(sharing.applicationType).toBe('GROUP');
    expect(sharing.tenants.map((t: { id: number }) => t.id).sort()).toEqual([a, b].sort());
    const again = await support.post('/merges', { tenantId: b, intoTenantId: a });
    expect(again.status).toBe(409);
    expect(again.body).toEqual({ error: 'CONFLICT', message: 'Both tenants are already in the same file' });
    expect((await support.post('/merges', { tenantId: 999999, intoTenantId: a })).body).toEqual({ error: 'NOT_FOUND', message: 'Tenant 999999 not found' });
  });
});

describe('deny reasons as data', () => {
  it('seeds reasons for every category, tenant and guarantor', async () => {
    const all = (await support.get('/deny-reasons')).body as { documentCategory: string; documentUserType: string; code: string }[];
    for (const category of ['IDENTIFICATION', 'RESIDENCY', 'PROFESSIONAL', 'FINANCIAL', 'TAX']) {
      for (const who of ['tenant', 'guarantor']) expect(all.some((r) => r.documentCategory === category && r.documentUserType === who), `${category} ${who}`).toBe(true);
    }
    expect(all.some((r) => r.documentCategory === 'GUARANTEE_PROVIDER_CERTIFICATE')).toBe(true);
    expect(all.some((r) => r.documentCategory === 'IDENTIFICATION_LEGAL_PERSON')).toBe(true);
    expect(all.map((r) => r.code)).toEqual(expect.arrayContaining(['FRENCH_PASSPORT_001', 'T_GUEST_010', 'G_CDI_001']));
  });

  it('an ADMIN creates, edits and disables a reason; a disabled reason is hidden and cannot be ticked', async () => {
    const created = await admin.post('/deny-reasons', { code: 'T_CUSTOM_001', messageValue: 'Document de test', documentCategory: 'IDENTIFICATION', documentSubCategory: null, documentUserType: 'tenant' });
    expect(created.status).toBe(201);
    expect(created.body).toEqual({ id: expect.any(Number), code: 'T_CUSTOM_001', messageValue: 'Document de test', documentCategory: 'IDENTIFICATION', documentSubCategory: null, documentUserType: 'tenant', disabled: false });
    const duplicate = await admin.post('/deny-reasons', { code: 'T_CUSTOM_001', messageValue: 'x', documentCategory: 'TAX', documentSubCategory: null, documentUserType: 'tenant' });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body).toEqual({ error: 'CONFLICT', message: 'A deny reason with code T_CUSTOM_001 exists already' });
    const edited = await admin.put(`/deny-reasons/${created.body.id}`, { messageValue: 'Texte corrigé' });
    expect(edited.body.messageValue).toBe('Texte corrigé');
    const disabled = await admin.put(`/deny-reasons/${created.body.id}`, { disabled: true });
    expect(disabled.body.disabled).toBe(true);
    expect((await admin.get('/deny-reasons')).body.some((r: { id: number }) => r.id === created.body.id)).toBe(false);
    expect((await admin.get('/deny-reasons?includeDisabled=true')).body.some((r: { id: number }) => r.id === created.body.id)).toBe(true);
    const bad = await admin.post('/deny-reasons', { code: 'lower', messageValue: 'x', documentCategory: 'NOPE', documentSubCategory: null, documentUserType: 'tenant' });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toBe('INVALID');
    expect((await admin.put('/deny-reasons/999999', { disabled: true })).body).toEqual({ error: 'NOT_FOUND', message: 'Deny reason not found' });

    const tenantId = await alpha.newTenant('disabled-reason');
    await completeTenantFile(alpha, tenantId);
    await alpha.post('/register/honorDeclaration', { tenantId, honorDeclaration: true });
    const file = (await admin.get(`/files/${tenantId}`)).body;
    const body = validateAll(file);
    body.documents[0] = { documentId: body.documents[0]!.documentId, decision: 'DECLINED', reasonIds: [created.body.id] } as never;
    const res = await admin.post(`/files/${tenantId}/decision`, body);
    expect(res.status).toBe(400);
    expect(res.body.details).toEqual([`documents/0/reasonIds/0: ${created.body.id} is not an active deny reason`]);
  });
});
