import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { completeTenantFile, type PartnerClient, pdf, twoPartners } from './helpers.ts';

describe('guarantor steps (§3.2.2) and complete journeys up to TO_PROCESS', () => {
  let app: TestApp;
  let alpha: PartnerClient;
  let n = 0;
  beforeAll(async () => {
    ({ app, alpha } = await twoPartners());
  });
  afterAll(() => app.destroy());


  const completeTenant = (tenantId: number, firstName: string) => completeTenantFile(alpha, tenantId, firstName);
  async function addGuarantor(tenantId: number, type: string): Promise<number> {
    const res = await alpha.post('/register/guarantorType', { tenantId, typeGuarantor: type });
    return res.body.guarantors.at(-1).id;
  }
  const newTenant = async () => (await alpha.post('/register/account', { email: `g${++n}@example.com` })).body.id as number;

  it('ALONE with a natural-person guarantor: INCOMPLETE until the guarantor has its five documents, then TO_PROCESS', async () => {
    const id = await newTenant();
    await completeTenant(id, 'Solo');
    const g = await addGuarantor(id, 'NATURAL_PERSON');
    const named = await alpha.upload('/register/guarantorNaturalPerson/name', { tenantId: id, guarantorId: g, firstName: 'Paul', lastName: 'Garant' });
    expect(named.status).toBe(200);
    expect(named.body.guarantors[0]).toMatchObject({ id: g, firstName: 'Paul', lastName: 'Garant', typeGuarantor: 'NATURAL_PERSON' });
    expect((await alpha.post('/register/honorDeclaration', { tenantId: id, honorDeclaration: true })).body.status).toBe('INCOMPLETE');
    const base = { tenantId: id, guarantorId: g };
    expect((await alpha.upload('/register/guarantorNaturalPerson/documentIdentification/v2', { ...base, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()])).status).toBe(200);
    expect((await alpha.upload('/register/guarantorNaturalPerson/documentResidency', { ...base, typeDocumentResidency: 'OWNER' }, [pdf()])).status).toBe(200);
    expect((await alpha.upload('/register/guarantorNaturalPerson/documentProfessional', { ...base, typeDocumentProfessional: 'CDI_TRIAL' }, [pdf()])).body.guarantors[0].documents.at(-1).documentSubCategory).toBe('CDI');
    const salary = await alpha.upload('/register/guarantorNaturalPerson/documentFinancial', { ...base, typeDocumentFinancial: 'PENSION', noDocument: false, monthlySum: 1500 }, [pdf()]);
    const financialId = salary.body.guarantors[0].documents.at(-1).id;
    const updated = await alpha.upload('/register/guarantorNaturalPerson/documentFinancial', { ...base, documentId: financialId, typeDocumentFinancial: 'PENSION', noDocument: false, monthlySum: 1600 });
    expect(updated.body.guarantors[0].documents.filter((d: { documentCategory: string }) => d.documentCategory === 'FINANCIAL')).toEqual([expect.objectContaining({ id: financialId, monthlySum: 1600 })]);
    const done = await alpha.upload('/register/guarantorNaturalPerson/documentTax', { ...base, typeDocumentTax: 'MY_NAME', noDocument: false }, [pdf()]);
    expect(done.body.status).toBe('TO_PROCESS');
    const key = (await sql<{ blob_key: string }>`select blob_key from rental.files f join rental.documents d on d.id = f.document_id where d.guarantor_id = ${g} limit 1`.execute(app.db.kysely)).rows[0]!.blob_key;
    expect(key).toMatch(new RegExp(`^rental/tenant_${id}/guarant_${g}/`));
    // A guarantor name change resets its validated documents (and so the file).
    await sql`update rental.documents set document_status = 'VALIDATED' where guarantor_id = ${g}`.execute(app.db.kysely);
    await alpha.upload('/register/guarantorNaturalPerson/name', { ...base, firstName: 'Pierre', lastName: 'Garant' });
    const statuses = (await sql<{ document_status: string }>`select distinct document_status from rental.documents where guarantor_id = ${g}`.execute(app.db.kysely)).rows;
    expect(statuses).toEqual([{ document_status: 'TO_PROCESS' }]);
  });

  it('guarantor-specific rules: guarantorId required and of the right type, no NO_INCOME, no LESS_THAN_YEAR, multipart names', async () => {
    const id = await newTenant();
    const g = await addGuarantor(id, 'NATURAL_PERSON');
    expect((await alpha.upload('/register/guarantorNaturalPerson/name', { tenantId: id, firstName: 'A', lastName: 'B' })).body).toEqual({ errors: ['guarantorId: must not be null'] });
    expect((await alpha.upload('/register/guarantorNaturalPerson/name', { tenantId: id, guarantorId: g })).body).toEqual({ errors: ['firstName: must not be blank', 'lastName: must not be blank'] });
    expect((await alpha.upload('/register/guarantorLegalPerson/name', { tenantId: id, guarantorId: g, legalPersonName: 'SARL' })).body).toEqual({ errors: ['guarantorId: the guarantor does not exist'] });
    const noIncome = await alpha.upload('/register/guarantorNaturalPerson/documentFinancial', { tenantId: id, guarantorId: g, typeDocumentFinancial: 'NO_INCOME', noDocument: true, customText: 'x' });
    expect(noIncome.body).toEqual({ errors: ['typeDocumentFinancial: must be one of [SALARY, SOCIAL_SERVICE, RENT, PENSION, SCHOLARSHIP]'] });
    const lessThanYear = await alpha.upload('/register/guarantorNaturalPerson/documentTax', { tenantId: id, guarantorId: g, typeDocumentTax: 'LESS_THAN_YEAR', noDocument: true });
    expect(lessThanYear.body).toEqual({ errors: ['typeDocumentTax: must be one of [MY_NAME, MY_PARENTS, OTHER_TAX]'] });
    const json = await alpha.post('/register/guarantorNaturalPerson/name', { tenantId: id, guarantorId: g, firstName: 'A', lastName: 'B' });
    expect(json.status).toBe(415);
  });

  it('COUPLE with a legal-person guarantor: the honour declaration covers both; TO_PROCESS once both files are complete', async () => {
    const id = await newTenant();
    const couple = await alpha.post('/register/application/v2', { tenantId: id, applicationType: 'COUPLE', coTenants: [{ firstName: 'Partner', lastName: 'Test', email: `partner${n}@example.com` }], acceptAccess: true });
    const joinId = couple.body.apartmentSharing.tenants.find((t: { tenantType: string }) => t.tenantType === 'JOIN').id;
    await completeTenant(id, 'Main');
    await completeTenant(joinId, 'Partner');
    const g = await addGuarantor(id, 'LEGAL_PERSON');
    const company = await alpha.upload('/register/guarantorLegalPerson/documentIdentification', { tenantId: id, guarantorId: g, legalPersonName: 'ACME SAS' }, [pdf(3)]);
    expect(company.body.guarantors[0]).toMatchObject({ legalPersonName: 'ACME SAS', typeGuarantor: 'LEGAL_PERSON' });
    expect(company.body.guarantors[0].documents[0]).toMatchObject({ documentCategory: 'IDENTIFICATION_LEGAL_PERSON', documentSubCategory: 'LEGAL_PERSON' });
    const rep = await alpha.upload('/register/guarantorLegalPerson/documentRepresentantIdentification', { tenantId: id, guarantorId: g, firstName: 'Rita', typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()]);
    expect(rep.body.guarantors[0].firstName).toBe('Rita');
    const declared = await alpha.post('/register/honorDeclaration', { tenantId: id, honorDeclaration: true });
    expect(declared.body.status).toBe('TO_PROCESS');
    expect(declared.body.apartmentSharing.status).toBe('TO_PROCESS');
    expect(declared.body.apartmentSharing.tenants.map((t: { status: string }) => t.status)).toEqual(['TO_PROCESS', 'TO_PROCESS']);
  });

  it('GROUP with an organism guarantor: one certificate completes it', async () => {
    const id = await newTenant();
    const group = await alpha.post('/register/application/v2', { tenantId: id, applicationType: 'GROUP', coTenants: [{ firstName: 'Flat', lastName: 'Mate', email: `mate${n}@example.com` }], acceptAccess: true });
    const joinId = group.body.apartmentSharing.tenants.find((t: { tenantType: string }) => t.tenantType === 'JOIN').id;
    await completeTenant(id, 'Main');
    const g = await addGuarantor(id, 'ORGANISM');
    const bad = await alpha.upload('/register/guarantorOrganism/documentCertificate', { tenantId: id, guarantorId: g, typeDocumentCertificate: 'CERTIFICATE_VISA' }, [pdf()]);
    expect(bad.body).toEqual({ errors: ['typeDocumentCertificate: must be one of [VISALE, OTHER_GUARANTEE]'] });
    const visale = await alpha.upload('/register/guarantorOrganism/documentCertificate', { tenantId: id, guarantorId: g, typeDocumentCertificate: 'VISALE' }, [pdf()]);
    expect(visale.body.guarantors[0].documents[0]).toMatchObject({ documentCategory: 'GUARANTEE_PROVIDER_CERTIFICATE', documentSubCategory: 'VISALE' });
    const declared = await alpha.post('/register/honorDeclaration', { tenantId: id, honorDeclaration: true });
    expect(declared.body.status).toBe('TO_PROCESS');
    // GROUP: each tenant declares for itself; the co-tenant is still INCOMPLETE, and so is the apartment.
    expect(declared.body.apartmentSharing.status).toBe('INCOMPLETE');
    await completeTenant(joinId, 'Mate');
    expect((await alpha.post('/register/honorDeclaration', { tenantId: joinId, honorDeclaration: true })).body.apartmentSharing.status).toBe('TO_PROCESS');
  });
});
