import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { type PartnerClient, pdf, twoPartners } from './helpers.ts';
import { storedBlobs } from '../support/blobs.ts';

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a3f60000000049454e44ae426082', 'hex');

describe('tenant document steps (§3.2.1 (5)–(9), §4)', () => {
  let app: TestApp;
  let alpha: PartnerClient;
  let beta: PartnerClient;
  let n = 0;
  beforeAll(async () => {
    ({ app, alpha, beta } = await twoPartners());
  });
  afterAll(() => app.destroy());

  const newTenant = async () => (await alpha.post('/register/account', { email: `doc${++n}@example.com` })).body.id as number;
  const docStatuses = async (tenantId: number) =>
    Object.fromEntries(
      (await sql<{ document_category: string; document_status: string }>`select document_category, document_status from rental.documents where tenant_id = ${tenantId}`.execute(app.db.kysely)).rows.map((r) => [
        r.document_category,
        r.document_status,
      ]),
    );

  it('stores an identity document sealed at rest: the model shows it with no PDF URL yet and its file (size, pages, type); the raw blob holds no plaintext', async () => {
    const id = await newTenant();
    const res = await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(2, 'PASSEPORT DE JEANNE VALJEAN')]);
    expect(res.status).toBe(200);
    expect(res.body.documents).toEqual([
      {
        id: expect.any(Number),
        documentCategory: 'IDENTIFICATION',
        documentSubCategory: 'FRENCH_PASSPORT',
        subCategory: 'FRENCH_PASSPORT',
        documentStatus: 'TO_PROCESS',
        files: [{ id: expect.any(Number), size: pdf(2, 'PASSEPORT DE JEANNE VALJEAN').length, numberOfPages: 2, contentType: 'application/pdf' }],
      },
    ]);
    const file = (await sql<{ blob_key: string; content_type: string; number_of_pages: number }>`select blob_key, content_type, number_of_pages from rental.files f join rental.documents d on d.id = f.document_id where d.tenant_id = ${id}`.execute(app.db.kysely)).rows[0]!;
    expect(file).toMatchObject({ content_type: 'application/pdf', number_of_pages: 2 });
    expect(file.blob_key).toMatch(new RegExp(`^rental/tenant_${id}/IDENTIFICATION/[0-9a-f-]{36}$`));
    const raw = (await storedBlobs(app).raw(file.blob_key))!;
    expect(raw.length).toBe(pdf(2, 'PASSEPORT DE JEANNE VALJEAN').length + 28);
    expect(raw.includes(Buffer.from('VALJEAN'))).toBe(false);
    expect(raw.includes(Buffer.from('%PDF'))).toBe(false);
  });

  it('decides the type by magic bytes, not by the declared type or name; a PNG is accepted', async () => {
    const id = await newTenant();
    const lie = await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [Buffer.from('<html>not a pdf</html>')]);
    expect(lie.status).toBe(400);
    expect(lie.body).toEqual({ errors: ['documents: invalid file type'] });
    const png = await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [PNG]);
    expect(png.status).toBe(200);
  });

  it('counts files, pages and size cumulatively; every call needs a new page; 10 Mo per file', async () => {
    const id = await newTenant();
    const none = await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_IDENTITY_CARD' });
    expect(none.body).toEqual({ errors: ['documents: The number of new pages must be greater than 0', 'documents: number of document must be at least 1'] });
    expect((await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_IDENTITY_CARD' }, [pdf(1), pdf(1), pdf(1), pdf(1)])).status).toBe(200);
    const sixth = await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_IDENTITY_CARD' }, [pdf(1), pdf(1)]);
    expect(sixth.body).toEqual({ errors: ['documents: number of document must be less than 5', 'documents: number of pages must be less than or equal to 5'] });
    const pages = await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_IDENTITY_CARD' }, [pdf(2)]);
    expect(pages.body).toEqual({ errors: ['documents: number of pages must be less than or equal to 5'] });
    const big = Buffer.concat([pdf(1), Buffer.alloc(10 * 1024 * 1024)]);
    const tooBig = await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_IDENTITY_CARD' }, [big]);
    expect(tooBig.status).toBe(400);
    expect(tooBig.body).toEqual({ errors: ['documents: size must be less than or equal to 10 Mo'] });
  });

  it('validation messages name the field; the tenant must be the partner’s; JSON is not a multipart form', async () => {
    const id = await newTenant();
    const bad = await alpha.upload('/register/documentProfessional', { tenantId: id, typeDocumentProfessional: 'ASTRONAUT' }, [pdf()]);
    expect(bad.body.errors[0]).toBe('typeDocumentProfessional: must be one of [CDI, CDI_TRIAL, CDD, ALTERNATION, INTERNSHIP, STUDENT, PUBLIC, CTT, RETIRED, UNEMPLOYED, INDEPENDENT, INTERMITTENT, STAY_AT_HOME_PARENT, NO_ACTIVITY, ARTIST, OTHER]');
    expect((await alpha.upload('/register/documentTax', { typeDocumentTax: 'MY_NAME' })).body).toEqual({ errors: ['tenantId: must not be null'] });
    const theirs = (await beta.post('/register/account', { email: `theirs${n}@example.com` })).body.id;
    const forbidden = await alpha.upload('/register/documentIdentification', { tenantId: theirs, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()]);
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({ status: 'FORBIDDEN', message: 'Access Denied' });
    expect((await sql<{ c: number }>`select count(*)::int as c from rental.documents where tenant_id = ${theirs}`.execute(app.db.kysely)).rows[0]!.c).toBe(0);
    const json = await alpha.post('/register/documentIdentification', { tenantId: id });
    expect(json.status).toBe(415);
  });

  it('PROFESSIONAL: CDI_TRIAL is stored as CDI', async () => {
    const id = await newTenant();
    const res = await alpha.upload('/register/documentProfessional', { tenantId: id, typeDocumentProfessional: 'CDI_TRIAL' }, [pdf()]);
    expect(res.body.documents[0]).toMatchObject({ documentCategory: 'PROFESSIONAL', documentSubCategory: 'CDI' });
  });

  it('RESIDENCY: OTHER_RESIDENCY takes no file and forces noDocument; customText only with it', async () => {
    const id = await newTenant();
    const other = await alpha.upload('/register/documentResidency', { tenantId: id, typeDocumentResidency: 'OTHER_RESIDENCY', customText: 'Logé à titre gratuit' });
    expect(other.status).toBe(200);
    expect(other.body.documents[0]).toMatchObject({ documentSubCategory: 'OTHER_RESIDENCY', noDocument: true, customText: 'Logé à titre gratuit' });
    expect((await alpha.upload('/register/documentResidency', { tenantId: id, typeDocumentResidency: 'OTHER_RESIDENCY' }, [pdf()])).body).toEqual({ errors: ['documents: number of document must be 0'] });
    expect((await alpha.upload('/register/documentResidency', { tenantId: id, typeDocumentResidency: 'TENANT', customText: 'x' }, [pdf()])).body).toEqual({ errors: ['customText: is only accepted with OTHER_RESIDENCY'] });
    const tenant = await alpha.upload('/register/documentResidency', { tenantId: id, typeDocumentResidency: 'TENANT', categoryStep: 'TENANT_RECEIPT' }, [pdf()]);
    expect(tenant.body.documents[0]).toMatchObject({ documentSubCategory: 'TENANT', documentCategoryStep: 'TENANT_RECEIPT', noDocument: false });
  });

  it('FINANCIAL: noDocument required, monthlySum > 0 but NO_INCOME stored 0, steps per sub-category with defaults, update by id keeps the step, an unknown id creates', async () => {
    const id = await newTenant();
    const cases: [Record<string, string | number | boolean>, string[]][] = [
      [{ typeDocumentFinancial: 'SALARY', monthlySum: 2000 }, ['noDocument: must not be null']],
      [{ typeDocumentFinancial: 'SALARY', noDocument: false, monthlySum: 0 }, ['monthlySum: Montant mensuel doit être strictement positif']],
      [{ typeDocumentFinancial: 'SALARY', noDocument: false, monthlySum: 2000, categoryStep: 'PENSION_NO_STATEMENT' }, ['categoryStep: PENSION_NO_STATEMENT is not valid for document sub category SALARY']],
      [{ typeDocumentFinancial: 'SCHOLARSHIP', noDocument: false, monthlySum: 300, categoryStep: 'SALARY_UNKNOWN' }, ['categoryStep: category step has to be null']],
      [{ typeDocumentFinancial: 'LOTTERY', noDocument: false, monthlySum: 1 }, ['typeDocumentFinancial: must be one of [SALARY, SOCIAL_SERVICE, RENT, PENSION, SCHOLARSHIP, NO_INCOME]']],
    ];
    for (const [fields, errors] of cases) {
      const res = await alpha.upload('/register/documentFinancial', { tenantId: id, ...fields }, [pdf()]);
      expect({ fields, status: res.status, body: res.body }).toEqual({ fields, status: 400, body: { errors } });
    }
    const salary = await alpha.upload('/register/documentFinancial', { tenantId: id, typeDocumentFinancial: 'SALARY', noDocument: false, monthlySum: 2100 }, [pdf()]);
    expect(salary.body.documents[0]).toMatchObject({ documentSubCategory: 'SALARY', documentCategoryStep: 'SALARY_UNKNOWN', monthlySum: 2100, noDocument: false });
    const docId = salary.body.documents[0].id;
    const updated = await alpha.upload('/register/documentFinancial', { tenantId: id, id: docId, typeDocumentFinancial: 'SALARY', noDocument: false, monthlySum: 2300, categoryStep: 'SALARY_EMPLOYED_MORE_3_MONTHS' });
    expect(updated.status).toBe(200);
    expect(updated.body.documents).toHaveLength(1);
    expect(updated.body.documents[0]).toMatchObject({ id: docId, monthlySum: 2300, documentCategoryStep: 'SALARY_UNKNOWN' });
    const unknownId = await alpha.upload('/register/documentFinancial', { tenantId: id, id: 999999, typeDocumentFinancial: 'NO_INCOME', noDocument: true, customText: 'Sans revenus', monthlySum: 50 });
    expect(unknownId.body.documents).toHaveLength(2);
    expect(unknownId.body.documents[1]).toMatchObject({ documentSubCategory: 'NO_INCOME', monthlySum: 0, noDocument: true, customText: 'Sans revenus' });
    expect(unknownId.body.documents[1].documentCategoryStep).toBeUndefined();
    const noText = await alpha.upload('/register/documentFinancial', { tenantId: id, typeDocumentFinancial: 'NO_INCOME', noDocument: true });
    expect(noText.body).toEqual({ errors: ['customText: must not be blank'] });
    const filesWithNoDocument = await alpha.upload('/register/documentFinancial', { tenantId: id, typeDocumentFinancial: 'RENT', noDocument: true, customText: 'x', monthlySum: 10 }, [pdf()]);
    expect(filesWithNoDocument.body).toEqual({ errors: ['documents: number of document must be 0'] });
  });

  it('TAX: files only for MY_NAME or OTHER_TAX with documents; customText required for OTHER_TAX without document nor step', async () => {
    const id = await newTenant();
    expect((await alpha.upload('/register/documentTax', { tenantId: id, typeDocumentTax: 'MY_PARENTS', noDocument: true }, [pdf()])).body).toEqual({ errors: ['documents: number of document must be 0'] });
    expect((await alpha.upload('/register/documentTax', { tenantId: id, typeDocumentTax: 'MY_NAME', noDocument: false })).body).toEqual({ errors: ['documents: number of document must be at least 1'] });
    expect((await alpha.upload('/register/documentTax', { tenantId: id, typeDocumentTax: 'OTHER_TAX', noDocument: true })).body).toEqual({ errors: ['customText: must not be blank'] });
    const parents = await alpha.upload('/register/documentTax', { tenantId: id, typeDocumentTax: 'MY_PARENTS', noDocument: true, customText: 'ignored' });
    expect(parents.body.documents[0]).toMatchObject({ documentSubCategory: 'MY_PARENTS', noDocument: true });
    expect(parents.body.documents[0].customText).toBeUndefined();
    const mine = await alpha.upload('/register/documentTax', { tenantId: id, typeDocumentTax: 'MY_NAME', noDocument: false, categoryStep: 'TAX_FRENCH_NOTICE', avisDetected: true }, [pdf(2)]);
    expect(mine.body.documents[0]).toMatchObject({ documentSubCategory: 'MY_NAME', documentCategoryStep: 'TAX_FRENCH_NOTICE' });
  });

  it('a complete ALONE journey reaches TO_PROCESS; an edit of a validated file resets the edited document and its PROFESSIONAL/FINANCIAL/TAX siblings only', async () => {
    const id = await newTenant();
    await alpha.post('/register/names', { tenantId: id, firstName: 'Marie', lastName: 'Curie' });
    await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_IDENTITY_CARD' }, [pdf()]);
    await alpha.upload('/register/documentResidency', { tenantId: id, typeDocumentResidency: 'GUEST', categoryStep: 'GUEST_PROOF' }, [pdf()]);
    await alpha.upload('/register/documentProfessional', { tenantId: id, typeDocumentProfessional: 'CDI' }, [pdf()]);
    await alpha.upload('/register/documentFinancial', { tenantId: id, typeDocumentFinancial: 'SALARY', noDocument: false, monthlySum: 2500 }, [pdf()]);
    const beforeHonour = await alpha.upload('/register/documentTax', { tenantId: id, typeDocumentTax: 'MY_NAME', noDocument: false }, [pdf()]);
    expect(beforeHonour.body.status).toBe('INCOMPLETE');
    const declared = await alpha.post('/register/honorDeclaration', { tenantId: id, honorDeclaration: true });
    expect(declared.body.status).toBe('TO_PROCESS');
    // An operator validates everything (the back-office is another issue).
    await sql`update rental.documents set document_status = 'VALIDATED' where tenant_id = ${id}`.execute(app.db.kysely);
    await sql`update rental.tenants set status = 'VALIDATED' where id = ${id}`.execute(app.db.kysely);
    const edited = await alpha.upload('/register/documentProfessional', { tenantId: id, typeDocumentProfessional: 'CDD' }, [pdf()]);
    expect(edited.body.status).toBe('TO_PROCESS');
    expect(await docStatuses(id)).toEqual({ IDENTIFICATION: 'VALIDATED', RESIDENCY: 'VALIDATED', PROFESSIONAL: 'TO_PROCESS', FINANCIAL: 'TO_PROCESS', TAX: 'TO_PROCESS' });
    await sql`update rental.documents set document_status = 'VALIDATED' where tenant_id = ${id}`.execute(app.db.kysely);
    await alpha.upload('/register/documentIdentification', { tenantId: id, typeDocumentIdentification: 'FRENCH_IDENTITY_CARD' }, [pdf()]);
    expect(await docStatuses(id)).toEqual({ IDENTIFICATION: 'TO_PROCESS', RESIDENCY: 'VALIDATED', PROFESSIONAL: 'VALIDATED', FINANCIAL: 'VALIDATED', TAX: 'VALIDATED' });
  });
});
