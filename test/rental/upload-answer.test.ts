import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRentalDb } from '../../src/rental/index.ts';
import type { TestApp } from '../support/app.ts';
import { pdf, twoPartners, type PartnerClient } from './helpers.ts';

interface FileAnswer { id: number; size: number; numberOfPages: number; contentType: string }
interface DocumentAnswer { id: number; documentCategory: string; documentStatus: string; files: FileAnswer[] }

/**
 * The answer of an upload is the tenant's TenantModel as committed: read in fewer statements than
 * one per table, it must still hold every document of the apartment's tenants and their guarantors,
 * each with its files, in id order, as the database holds them.
 */
describe('the answer of an upload (TenantModel after the commit)', () => {
  let app: TestApp;
  let alpha: PartnerClient;
  let beta: PartnerClient;
  beforeAll(async () => {
    ({ app, alpha, beta } = await twoPartners());
  });
  afterAll(() => app.destroy());

  /** What the database holds for one owner, in the model's terms. */
  const held = async (owner: 'tenant_id' | 'guarantor_id', id: number) => {
    const db = asRentalDb(app.db.kysely);
    const documents = await db.selectFrom('rental.documents').select(['id', 'document_category', 'document_status']).where(owner, '=', id).orderBy('id').execute();
    return Promise.all(
      documents.map(async (d) => ({
        id: d.id,
        documentCategory: d.document_category,
        documentStatus: d.document_status,
        files: (await db.selectFrom('rental.files').select(['id', 'size', 'number_of_pages', 'content_type']).where('document_id', '=', d.id).orderBy('id').execute()).map((f) => ({
          id: f.id,
          size: f.size,
          numberOfPages: f.number_of_pages,
          contentType: f.content_type,
        })),
      })),
    );
  };
  const shape = (documents: DocumentAnswer[]) =>
    documents.map((d) => ({ id: d.id, documentCategory: d.documentCategory, documentStatus: d.documentStatus, files: d.files.map((f) => ({ id: f.id, size: f.size, numberOfPages: f.numberOfPages, contentType: f.contentType })) }));

  it('holds the co-tenant\'s and the guarantors\' documents with their files in id order, and equals the profile read next', async () => {
    const id = await alpha.newTenant('answer');
    const couple = await alpha.post('/register/application/v2', { tenantId: id, applicationType: 'COUPLE', coTenants: [{ firstName: 'Co', lastName: 'Tenant', email: 'co-answer@example.com' }], acceptAccess: true });
    const coId = couple.body.apartmentSharing.tenants.find((t: { id: number }) => t.id !== id).id as number;
    // The co-tenant: two files in one document, then a guarantor with a document of two files.
    expect((await alpha.upload('/register/documentIdentification', { tenantId: coId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(2), pdf(1)])).status).toBe(200);
    const guarantorId = (await alpha.post('/register/guarantorType', { tenantId: coId, typeGuarantor: 'NATURAL_PERSON' })).body.guarantors[0].id as number;
    expect((await alpha.upload('/register/guarantorNaturalPerson/documentIdentification/v2', { tenantId: coId, guarantorId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(3), pdf(1)])).status).toBe(200);
    // The tenant: a FINANCIAL without document, a FINANCIAL with one, then identity files in two calls.
    expect((await alpha.upload('/register/documentFinancial', { tenantId: id, typeDocumentFinancial: 'SALARY', noDocument: true, customText: 'CDD', monthlySum: 900 })).status).toBe(200);
    expect((await alpha.upload('/register/documentFinancial', { tenantId: id, typeDocumentFinancial: 'PENSION', noDocument: false, monthlySum: 300 }, [pdf(2)])).status).toBe(200);
    expect((await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_IDENTITY_CARD' }, [pdf(1)])).status).toBe(200);
    const answer = await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_IDENTITY_CARD' }, [pdf(3), pdf(1)]);
    expect(answer.status).toBe(200);

    const own = await held('tenant_id', id);
    expect(own.map((d) => [d.documentCategory, d.files.length])).toEqual([['FINANCIAL', 0], ['FINANCIAL', 1], ['IDENTIFICATION', 3]]);
    expect(shape(answer.body.documents)).toEqual(own);
    expect(answer.body.documents[2].files.map((f: FileAnswer) => f.numberOfPages)).toEqual([1, 3, 1]);
    expect(answer.body.guarantors).toEqual([]);
    const [self, co] = answer.body.apartmentSharing.tenants;
    expect(self.id).toBe(id);
    // The tenant's own entry carries no documents or guarantors (they are at the top level).
    expect(self.documents).toBeUndefined();
    expect(co.id).toBe(coId);
    expect(shape(co.documents)).toEqual(await held('tenant_id', coId));
    expect(co.guarantors).toHaveLength(1);
    expect(co.guarantors[0]).toMatchObject({ id: guarantorId, typeGuarantor: 'NATURAL_PERSON' });
    expect(shape(co.guarantors[0].documents)).toEqual(await held('guarantor_id', guarantorId));
    expect(co.guarantors[0].documents[0].files).toHaveLength(2);
    // The answer is the model as committed: what the next read gives, key order included.
    const profile = await alpha.get(`/tenant/${id}/profile`);
    expect(JSON.stringify(answer.body)).toBe(JSON.stringify(profile.body));
  });

  it('answers 403 with no data for another partner\'s tenant and for an id no tenant can have, before the form is judged, and stores nothing', async () => {
    const id = await alpha.newTenant('answer-other');
    const denied = { status: 403, body: { status: 'FORBIDDEN', message: 'Access Denied' } };
    expect(await beta.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(1)])).toEqual(denied);
    // A form the rules refuse (no type, no file) still gets the 403 first.
    expect(await beta.upload('/register/documentIdentification', { tenantId: id })).toEqual(denied);
    expect(await alpha.upload('/register/documentIdentification', { tenantId: 99_999_999_999, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(1)])).toEqual(denied);
    expect(await held('tenant_id', id)).toEqual([]);
    // Linked, the same refused form is judged by the rules.
    expect(await alpha.upload('/register/documentIdentification', { tenantId: id })).toEqual({
      status: 400,
      body: { errors: ['typeDocumentIdentification: must not be null', 'documents: The number of new pages must be greater than 0', 'documents: number of document must be at least 1'] },
    });
  });
});
