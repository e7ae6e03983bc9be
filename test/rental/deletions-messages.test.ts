import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { storedBlobs } from '../support/blobs.ts';
import { type PartnerClient, pdf, twoPartners } from './helpers.ts';

describe('deletions, original-file download and messages (§3.2.3)', () => {
  let app: TestApp;
  let alpha: PartnerClient;
  let beta: PartnerClient;
  let n = 0;
  beforeAll(async () => {
    ({ app, alpha, beta } = await twoPartners());
  });
  afterAll(() => app.destroy());

  const newTenant = async () => (await alpha.post('/register/account', { email: `del${++n}@example.com` })).body.id as number;
  const filesOf = async (tenantId: number) =>
    (await sql<{ id: number; blob_key: string; document_id: number }>`select f.id, f.blob_key, f.document_id from rental.files f join rental.documents d on d.id = f.document_id where d.tenant_id = ${tenantId} order by f.id`.execute(app.db.kysely)).rows;
  const blobExists = (key: string) => storedBlobs(app).exists(key);
  const download = (client: typeof alpha, tenantId: number, fileId: number) =>
    app.http.inject({ method: 'GET', url: `/api-partner/tenant/${tenantId}/file/resource/${fileId}`, headers: { authorization: `Bearer ${client.token}` } });

  it('streams the original file with its sniffed type; another partner, another tenant or an unknown id cannot', async () => {
    const id = await newTenant();
    const original = pdf(1, 'ORIGINAL CONTENT');
    await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [original]);
    const [file] = await filesOf(id);
    const res = await download(alpha, id, file!.id);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.rawPayload.equals(original)).toBe(true);
    expect((await download(beta, id, file!.id)).statusCode).toBe(403);
    const other = await newTenant();
    const notHis = await download(alpha, other, file!.id);
    expect(notHis.statusCode).toBe(404);
    expect(notHis.json()).toEqual({ status: 'NOT_FOUND', message: 'File not found' });
    expect((await download(alpha, id, 99999999999)).statusCode).toBe(404);
  });

  it('deleting a file resets the document; deleting the last one deletes the document; blobs go with their rows', async () => {
    const id = await newTenant();
    await alpha.upload('/register/documentProfessional', { tenantId: id, typeDocumentProfessional: 'CDI' }, [pdf(), pdf()]);
    await alpha.upload('/register/documentTax', { tenantId: id, typeDocumentTax: 'MY_NAME', noDocument: false }, [pdf()]);
    await sql`update rental.documents set document_status = 'VALIDATED' where tenant_id = ${id}`.execute(app.db.kysely);
    const [first, second] = await filesOf(id);
    const one = await alpha.delete(`/tenant/${id}/file/${first!.id}`);
    expect(one.status).toBe(200);
    expect(one.text).toBe('');
    expect(await blobExists(first!.blob_key)).toBe(false);
    expect(await blobExists(second!.blob_key)).toBe(true);
    const statuses = (await sql<{ document_category: string; document_status: string }>`select document_category, document_status from rental.documents where tenant_id = ${id} order by id`.execute(app.db.kysely)).rows;
    expect(statuses).toEqual([
      { document_category: 'PROFESSIONAL', document_status: 'TO_PROCESS' },
      { document_category: 'TAX', document_status: 'TO_PROCESS' },
    ]);
    await alpha.delete(`/tenant/${id}/file/${second!.id}`);
    const profile = await alpha.get(`/tenant/${id}/profile`);
    expect(profile.body.documents.map((d: { documentCategory: string }) => d.documentCategory)).toEqual(['TAX']);
    const missing = await alpha.delete(`/tenant/${id}/file/${second!.id}`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ status: 'NOT_FOUND', message: 'File not found' });
  });

  it('deleting a document or a guarantor removes its files; the ids of another apartment are not found; another partner gets 403', async () => {
    const id = await newTenant();
    const doc = await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()]);
    const [file] = await filesOf(id);
    const other = await newTenant();
    expect((await alpha.delete(`/tenant/${other}/document/${doc.body.documents[0].id}`)).status).toBe(404);
    expect((await beta.delete(`/tenant/${id}/document/${doc.body.documents[0].id}`)).status).toBe(403);
    expect((await alpha.delete(`/tenant/${id}/document/${doc.body.documents[0].id}`)).status).toBe(200);
    expect(await blobExists(file!.blob_key)).toBe(false);
    const guarantor = (await alpha.post('/register/guarantorType', { tenantId: id, typeGuarantor: 'ORGANISM' })).body.guarantors[0].id;
    expect((await alpha.get(`/tenant/${id}/profile`)).body.guarantors).toHaveLength(1);
    expect((await alpha.delete(`/tenant/${other}/guarantor/${guarantor}`)).body).toEqual({ status: 'NOT_FOUND', message: 'Guarantor not found' });
    expect((await alpha.delete(`/tenant/${id}/guarantor/${guarantor}`)).status).toBe(200);
    expect((await alpha.get(`/tenant/${id}/profile`)).body.guarantors).toEqual([]);
  });

  it('deleteCoTenant and deleteAccount: whole accounts go, logged for includeDeleted, blobs removed', async () => {
    const id = await newTenant();
    const group = await alpha.post('/register/application/v2', {
      tenantId: id,
      applicationType: 'GROUP',
      coTenants: [{ firstName: 'A', lastName: 'A', email: `co-a${n}@example.com` }, { firstName: 'B', lastName: 'B', email: `co-b${n}@example.com` }],
      acceptAccess: true,
    });
    const [a, b] = group.body.apartmentSharing.tenants.filter((t: { tenantType: string }) => t.tenantType === 'JOIN').map((t: { id: number }) => t.id);
    await alpha.upload('/register/documentIdentification', { tenantId: a, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()]);
    const [aFile] = await filesOf(a);
    expect((await alpha.delete(`/tenant/${a}/deleteCoTenant/${b}`)).status).toBe(403);
    expect((await alpha.delete(`/tenant/${id}/deleteCoTenant/${a}`)).status).toBe(200);
    expect(await blobExists(aFile!.blob_key)).toBe(false);
    expect((await alpha.get(`/tenant/${id}/profile`)).body.apartmentSharing).toMatchObject({ applicationType: 'GROUP', tenants: [expect.objectContaining({ id }), expect.objectContaining({ id: b })] });
    await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()]);
    const [ownFile] = await filesOf(id);
    expect((await alpha.delete(`/tenant/${id}/user/deleteAccount`)).status).toBe(200);
    expect(await blobExists(ownFile!.blob_key)).toBe(false);
    expect((await alpha.get(`/tenant/${id}/profile`)).status).toBe(403);
    expect((await alpha.get(`/tenant/${b}/profile`)).status).toBe(403);
    const deleted = (await alpha.get('/tenant?includeDeleted=true')).body.data.filter((r: { deletionDate: string | null }) => r.deletionDate).map((r: { id: number }) => r.id);
    expect(deleted).toEqual(expect.arrayContaining([a, id, b]));
  });

  it('a co-tenant left out of application/v2 goes like a deleted account: its blobs removed, an audit row, logged for includeDeleted', async () => {
    const id = await newTenant();
    const coTenants = [{ firstName: 'C', lastName: 'C', email: `co-c${n}@example.com` }, { firstName: 'D', lastName: 'D', email: `co-d${n}@example.com` }];
    const group = await alpha.post('/register/application/v2', { tenantId: id, applicationType: 'GROUP', coTenants, acceptAccess: true });
    const [c, d] = group.body.apartmentSharing.tenants.filter((t: { tenantType: string }) => t.tenantType === 'JOIN').map((t: { id: number }) => t.id);
    await alpha.upload('/register/documentIdentification', { tenantId: d, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()]);
    const [dFile] = await filesOf(d);
    expect(await blobExists(dFile!.blob_key)).toBe(true);
    const alone = await alpha.post('/register/application/v2', { tenantId: id, applicationType: 'GROUP', coTenants: [coTenants[0]], acceptAccess: true });
    expect(alone.status).toBe(200);
    expect(alone.body.apartmentSharing.tenants.map((t: { id: number }) => t.id).sort()).toEqual([id, c].sort());
    expect(await blobExists(dFile!.blob_key)).toBe(false);
    const audit = await app.db.kysely.withSchema('rental').selectFrom('retention_audit' as never).select(['action', 'reason'] as never).where('tenant_id' as never, '=', d as never).execute();
    expect(audit).toEqual([{ action: 'DELETE', reason: 'CO_TENANT_DELETE_REQUEST' }]);
    const deleted = (await alpha.get('/tenant?includeDeleted=true')).body.data.filter((r: { deletionDate: string | null }) => r.deletionDate).map((r: { id: number }) => r.id);
    expect(deleted).toContain(d);
  });

  it('messages: a posted message is escaped, listed newest first, and turns DECLINED documents (tenant and guarantors) back to TO_PROCESS', async () => {
    const id = await newTenant();
    await alpha.post('/register/names', { tenantId: id, firstName: 'Ana', lastName: 'Lopez' });
    await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()]);
    await alpha.upload('/register/documentTax', { tenantId: id, typeDocumentTax: 'MY_PARENTS', noDocument: true });
    await sql`update rental.documents set document_status = 'DECLINED' where tenant_id = ${id} and document_category = 'IDENTIFICATION'`.execute(app.db.kysely);
    await sql`update rental.documents set document_status = 'VALIDATED' where tenant_id = ${id} and document_category = 'TAX'`.execute(app.db.kysely);
    await sql`update rental.tenants set status = 'DECLINED' where id = ${id}`.execute(app.db.kysely);
    await sql`insert into rental.messages (tenant_id, message_body, type_message, creation_date_time) values (${id}, '<p>Pièce refusée</p>', 'TO_TENANT', now() - interval '1 hour')`.execute(app.db.kysely);
    const posted = await alpha.post(`/tenant/${id}/message`, { messageBody: 'Voici <b>la</b> nouvelle pièce' });
    expect(posted.status).toBe(200);
    expect(posted.body).toEqual({ id: expect.any(Number), creationDateTime: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}/), messageBody: 'Voici &lt;b&gt;la&lt;/b&gt; nouvelle pièce', typeMessage: 'FROM_TENANT', status: 'UNREAD' });
    const statuses = (await sql<{ document_category: string; document_status: string }>`select document_category, document_status from rental.documents where tenant_id = ${id} order by id`.execute(app.db.kysely)).rows;
    expect(statuses).toEqual([
      { document_category: 'IDENTIFICATION', document_status: 'TO_PROCESS' },
      { document_category: 'TAX', document_status: 'VALIDATED' },
    ]);
    expect((await alpha.get(`/tenant/${id}/profile`)).body.status).toBe('INCOMPLETE');
    const list = await alpha.get(`/tenant/${id}/message`);
    expect(list.body.map((m: { typeMessage: string }) => m.typeMessage)).toEqual(['FROM_TENANT', 'TO_TENANT']);
    const read = await alpha.put(`/tenant/${id}/message/read`, {});
    expect(read.body).toEqual([expect.objectContaining({ typeMessage: 'TO_TENANT', status: 'READ', messageBody: '<p>Pièce refusée</p>' })]);
    const blank = await alpha.post(`/tenant/${id}/message`, { messageBody: '   ' });
    expect(blank.status).toBe(400);
    expect(blank.body).toEqual({ errors: ['messageBody: must not be blank'] });
    expect((await beta.get(`/tenant/${id}/message`)).status).toBe(403);
  });
});
