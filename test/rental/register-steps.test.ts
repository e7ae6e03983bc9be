import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { type PartnerClient, twoPartners } from './helpers.ts';

const FIVE = ['IDENTIFICATION', 'RESIDENCY', 'PROFESSIONAL', 'FINANCIAL', 'TAX'];

describe('register steps: names, application/v2, honorDeclaration, guarantorType (§3.2.1)', () => {
  let app: TestApp;
  let alpha: PartnerClient;
  let beta: PartnerClient;
  let n = 0;
  beforeAll(async () => {
    ({ app, alpha, beta } = await twoPartners());
  });
  afterAll(() => app.destroy());

  async function newTenant(client = alpha) {
    const res = await client.post('/register/account', { email: `tenant${++n}@example.com` });
    expect(res.status).toBe(200);
    return res.body.id as number;
  }
  /** Documents as an operator would have left them (the document steps are another slice). */
  async function giveDocuments(tenantId: number, status: string, categories = FIVE) {
    for (const category of categories) {
      await sql`insert into rental.documents (tenant_id, document_category, document_sub_category, document_status) values (${tenantId}, ${category}, 'OTHER', ${status})`.execute(app.db.kysely);
    }
  }
  const statuses = async (tenantId: number) =>
    (await sql<{ document_status: string }>`select document_status from rental.documents where tenant_id = ${tenantId} order by id`.execute(app.db.kysely)).rows.map((r) => r.document_status);

  it('names: stores the identity and answers the TenantModel', async () => {
    const id = await newTenant();
    const res = await alpha.post('/register/names', { tenantId: id, firstName: 'Élodie', lastName: 'Martin', preferredName: 'Dupont', zipCode: '75011', abroad: false });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id, firstName: 'Élodie', lastName: 'Martin', preferredName: 'Dupont', zipCode: '75011', abroad: false, ownerType: 'SELF', status: 'INCOMPLETE' });
  });

  it('names: validation messages, and validation before the ownership check (400 even on a tenant not ours)', async () => {
    const theirs = await newTenant(beta);
    const res = await alpha.post('/register/names', { tenantId: theirs, firstName: ' ', ownerType: 'OTHER' });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: ['lastName: must not be null', 'firstName: must not be blank', 'ownerType: must be one of [SELF, THIRD_PARTY]'] });
    const missing = await alpha.post('/register/names', { firstName: 'A', lastName: 'B' });
    expect(missing.body).toEqual({ errors: ['tenantId: must not be null'] });
    const forbidden = await alpha.post('/register/names', { tenantId: theirs, firstName: 'A', lastName: 'B' });
    expect(forbidden.status).toBe(403);
    expect(forbidden.body).toEqual({ status: 'FORBIDDEN', message: 'Access Denied' });
    const profile = await beta.get(`/tenant/${theirs}/profile`);
    expect(profile.body.firstName).toBeUndefined();
  });

  it('a full ALONE file goes INCOMPLETE → TO_PROCESS at the honour declaration', async () => {
    const id = await newTenant();
    await alpha.post('/register/names', { tenantId: id, firstName: 'Jean', lastName: 'Dupont' });
    const alone = await alpha.post('/register/application/v2', { tenantId: id, applicationType: 'ALONE', coTenants: [] });
    expect(alone.body.apartmentSharing.applicationType).toBe('ALONE');
    await giveDocuments(id, 'TO_PROCESS');
    const before = await alpha.get(`/tenant/${id}/profile`);
    expect(before.body.status).toBe('INCOMPLETE');
    const declared = await alpha.post('/register/honorDeclaration', { tenantId: id, honorDeclaration: true, clarification: 'Je suis étudiant.' });
    expect(declared.status).toBe(200);
    expect(declared.body).toMatchObject({ status: 'TO_PROCESS', honorDeclaration: true, clarification: 'Je suis étudiant.' });
    expect(declared.body.apartmentSharing.status).toBe('TO_PROCESS');
    expect(declared.body.documents.map((d: { documentCategory: string }) => d.documentCategory)).toEqual(FIVE);
    expect(declared.body.documents[0]).toEqual({ id: expect.any(Number), documentCategory: 'IDENTIFICATION', documentSubCategory: 'OTHER', subCategory: 'OTHER', documentStatus: 'TO_PROCESS', files: [] });
  });

  it('honorDeclaration: must be true; 409 without names', async () => {
    const id = await newTenant();
    const notTrue = await alpha.post('/register/honorDeclaration', { tenantId: id, honorDeclaration: false });
    expect(notTrue.status).toBe(400);
    expect(notTrue.body).toEqual({ errors: ['honorDeclaration: must be true'] });
    const unnamed = await alpha.post('/register/honorDeclaration', { tenantId: id, honorDeclaration: true });
    expect(unnamed.status).toBe(409);
    expect(unnamed.body).toEqual({ status: 'CONFLICT', message: 'Firstname or Lastname should be filled' });
  });

  it('a names change sends VALIDATED documents back to TO_PROCESS (VALIDATED file → TO_PROCESS), DECLINED ones stay', async () => {
    const id = await newTenant();
    await alpha.post('/register/names', { tenantId: id, firstName: 'Paul', lastName: 'Durand' });
    await giveDocuments(id, 'VALIDATED');
    expect((await alpha.post('/register/honorDeclaration', { tenantId: id, honorDeclaration: true })).body.status).toBe('VALIDATED');
    const same = await alpha.post('/register/names', { tenantId: id, firstName: 'Paul', lastName: 'Durand', zipCode: '69001' });
    expect(same.body.status).toBe('VALIDATED');
    const renamed = await alpha.post('/register/names', { tenantId: id, firstName: 'Paul', lastName: 'Durand-Martin' });
    expect(renamed.body.status).toBe('TO_PROCESS');
    expect(await statuses(id)).toEqual(['TO_PROCESS', 'TO_PROCESS', 'TO_PROCESS', 'TO_PROCESS', 'TO_PROCESS']);
    await sql`update rental.documents set document_status = 'DECLINED' where tenant_id = ${id} and document_category = 'TAX'`.execute(app.db.kysely);
    await sql`update rental.documents set document_status = 'VALIDATED' where tenant_id = ${id} and document_category <> 'TAX'`.execute(app.db.kysely);
    const again = await alpha.post('/register/names', { tenantId: id, firstName: 'Paula', lastName: 'Durand-Martin' });
    expect(again.body.status).toBe('DECLINED');
    expect(await statuses(id)).toEqual(['TO_PROCESS', 'TO_PROCESS', 'TO_PROCESS', 'TO_PROCESS', 'DECLINED']);
  });

  it('application/v2: the co-tenant count, acceptAccess, GROUP emails and distinct emails', async () => {
    const id = await newTenant();
    const cases: [unknown, string[]][] = [
      [{ applicationType: 'ALONE', coTenants: [{ firstName: 'A', lastName: 'B' }] }, ['coTenants: there is no correspondence between the type of application and the number of co-tenants']],
      [{ applicationType: 'COUPLE', coTenants: [], acceptAccess: true }, ['coTenants: there is no correspondence between the type of application and the number of co-tenants']],
      [{ applicationType: 'GROUP', coTenants: [], acceptAccess: true }, ['coTenants: there is no correspondence between the type of application and the number of co-tenants']],
      [{ applicationType: 'COUPLE', coTenants: [{ firstName: 'A', lastName: 'B' }] }, ['acceptAccess: must be true']],
      [{ applicationType: 'GROUP', coTenants: [{ firstName: 'A', lastName: 'B' }], acceptAccess: true }, ['coTenants[0].email: must not be blank']],
      [
        { applicationType: 'GROUP', coTenants: [{ firstName: 'A', lastName: 'B', email: 'x@example.com' }, { firstName: 'C', lastName: 'D', email: 'X@example.com' }], acceptAccess: true },
        ['coTenants: co-tenant emails must be distinct'],
      ],
      [{ applicationType: 'TRIO', coTenants: [] }, ['applicationType: must be one of [ALONE, COUPLE, GROUP]']],
      [{ applicationType: 'GROUP', coTenants: [{ firstName: 'A', lastName: 'B', email: 'nope' }], acceptAccess: true }, ['coTenants[0].email: must be a well-formed email address']],
    ];
    for (const [body, errors] of cases) {
      const res = await alpha.post('/register/application/v2', { tenantId: id, ...(body as object) });
      expect({ body, status: res.status, errors: res.body }).toEqual({ body, status: 400, errors: { errors } });
    }
  });

  it('COUPLE: creates a JOIN co-tenant linked to the same partners, inheriting the honour declaration; the JOIN tenant cannot call the step', async () => {
    const id = await newTenant();
    await alpha.post('/register/names', { tenantId: id, firstName: 'Anne', lastName: 'Roy' });
    await giveDocuments(id, 'TO_PROCESS');
    await alpha.post('/register/honorDeclaration', { tenantId: id, honorDeclaration: true });
    const res = await alpha.post('/register/application/v2', { tenantId: id, applicationType: 'COUPLE', coTenants: [{ firstName: 'Marc', lastName: 'Roy', email: 'Marc.Roy@Example.com' }], acceptAccess: true });
    expect(res.status).toBe(200);
    const tenants = res.body.apartmentSharing.tenants;
    expect(res.body.apartmentSharing.applicationType).toBe('COUPLE');
    expect(tenants).toHaveLength(2);
    const join = tenants.find((t: { tenantType: string }) => t.tenantType === 'JOIN');
    expect(join).toEqual({ id: expect.any(Number), firstName: 'Marc', lastName: 'Roy', email: 'marc.roy@example.com', tenantType: 'JOIN', status: 'INCOMPLETE', ownerType: 'SELF', franceConnect: false, documents: [], guarantors: [] });
    expect(res.body.apartmentSharing.status).toBe('INCOMPLETE');
    const joinProfile = await alpha.get(`/tenant/${join.id}/profile`);
    expect(joinProfile.status).toBe(200);
    expect(joinProfile.body.honorDeclaration).toBe(true);
    expect((await beta.get(`/tenant/${join.id}/profile`)).status).toBe(403);
    const refused = await alpha.post('/register/application/v2', { tenantId: join.id, applicationType: 'ALONE', coTenants: [] });
    expect(refused.status).toBe(400);
    expect(refused.body).toEqual({ errors: ['tenantId: join tenant cannot access to this step'] });
    // Same names, same email: the co-tenant is kept (same id), not recreated.
    const again = await alpha.post('/register/application/v2', { tenantId: id, applicationType: 'COUPLE', coTenants: [{ firstName: 'Marc', lastName: 'Roy', email: 'marc.roy@example.com' }], acceptAccess: true });
    expect(again.body.apartmentSharing.tenants.find((t: { tenantType: string }) => t.tenantType === 'JOIN').id).toBe(join.id);
  });

  it('GROUP: reconciliation deletes unmatched co-tenants and creates new ones; a used email is 409 in another apartment, 400 in this one', async () => {
    const id = await newTenant();
    const first = await alpha.post('/register/application/v2', {
      tenantId: id,
      applicationType: 'GROUP',
      coTenants: [{ firstName: 'A', lastName: 'One', email: 'g-one@example.com' }, { firstName: 'B', lastName: 'Two', email: 'g-two@example.com' }],
      acceptAccess: true,
    });
    expect(first.status).toBe(200);
    const [one, two] = first.body.apartmentSharing.tenants.filter((t: { tenantType: string }) => t.tenantType === 'JOIN');
    const second = await alpha.post('/register/application/v2', {
      tenantId: id,
      applicationType: 'GROUP',
      coTenants: [{ firstName: 'B', lastName: 'Two', email: 'g-two@example.com' }, { firstName: 'C', lastName: 'Three', email: 'g-three@example.com' }],
      acceptAccess: true,
    });
    const joins = second.body.apartmentSharing.tenants.filter((t: { tenantType: string }) => t.tenantType === 'JOIN');
    expect(joins.map((t: { email: string }) => t.email)).toEqual(['g-two@example.com', 'g-three@example.com']);
    expect(joins[0].id).toBe(two.id);
    expect((await alpha.get(`/tenant/${one.id}/profile`)).status).toBe(403);
    const elsewhere = await newTenant();
    const conflict = await alpha.post('/register/application/v2', { tenantId: elsewhere, applicationType: 'COUPLE', coTenants: [{ firstName: 'X', lastName: 'Y', email: 'g-two@example.com' }], acceptAccess: true });
    expect(conflict.status).toBe(409);
    expect(conflict.body).toEqual({ status: 'CONFLICT', message: 'A co-tenant with this email already exists' });
    const own = await alpha.post('/register/application/v2', { tenantId: elsewhere, applicationType: 'COUPLE', coTenants: [{ firstName: 'X', lastName: 'Y', email: `tenant${n}@example.com` }], acceptAccess: true });
    expect(own.status).toBe(400);
    expect(own.body).toEqual({ errors: ['coTenants[0].email: the email is already in use or must be different from null'] });
    const back = await alpha.post('/register/application/v2', { tenantId: id, applicationType: 'ALONE', coTenants: [] });
    expect(back.body.apartmentSharing.tenants).toHaveLength(1);
  });

  it('guarantorType: adds guarantors within the MaxGuarantor rule; an empty guarantor makes the file INCOMPLETE', async () => {
    const id = await newTenant();
    await alpha.post('/register/names', { tenantId: id, firstName: 'Léa', lastName: 'Petit' });
    await giveDocuments(id, 'TO_PROCESS');
    expect((await alpha.post('/register/honorDeclaration', { tenantId: id, honorDeclaration: true })).body.status).toBe('TO_PROCESS');
    const one = await alpha.post('/register/guarantorType', { tenantId: id, typeGuarantor: 'NATURAL_PERSON' });
    expect(one.status).toBe(200);
    expect(one.body.status).toBe('INCOMPLETE');
    expect(one.body.guarantors).toEqual([{ id: expect.any(Number), typeGuarantor: 'NATURAL_PERSON', documents: [] }]);
    expect((await alpha.post('/register/guarantorType', { tenantId: id, typeGuarantor: 'NATURAL_PERSON' })).body.guarantors).toHaveLength(2);
    const message = 'typeGuarantor: you have problem with your guarantors, you only have one organism guarantor or one legal person guarantor or two natural personal guarantor';
    for (const type of ['NATURAL_PERSON', 'ORGANISM']) {
      const res = await alpha.post('/register/guarantorType', { tenantId: id, typeGuarantor: type });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: [message] });
    }
    const other = await newTenant();
    await alpha.post('/register/guarantorType', { tenantId: other, typeGuarantor: 'ORGANISM' });
    expect((await alpha.post('/register/guarantorType', { tenantId: other, typeGuarantor: 'ORGANISM' })).body).toEqual({ errors: [message] });
    const bad = await alpha.post('/register/guarantorType', { tenantId: other, typeGuarantor: 'FRIEND' });
    expect(bad.body).toEqual({ errors: ['typeGuarantor: must be one of [NATURAL_PERSON, LEGAL_PERSON, ORGANISM]'] });
  });
});
