import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { partnerClient, twoPartners, type PartnerClient } from './helpers.ts';

let clock = new Date('2026-01-10T09:00:00Z');
const at = (iso: string) => {
  clock = new Date(iso);
};

describe('GET /api-partner/tenant (cursor) and GET /email/{email}/tenant (§3.1)', () => {
  let app: TestApp;
  let alpha: PartnerClient;
  let beta: PartnerClient;
  const ids: Record<string, number> = {};
  beforeAll(async () => {
    ({ app, alpha, beta } = await twoPartners({ now: () => clock }));
    at('2026-01-10T09:00:00Z');
    ids.a = (await alpha.post('/register/account', { email: 'list-a@example.com' })).body.id;
    at('2026-01-10T10:00:00Z');
    ids.b = (await alpha.post('/register/account', { email: 'list-b@example.com' })).body.id;
    at('2026-01-10T11:00:00Z');
    ids.other = (await beta.post('/register/account', { email: 'list-other@example.com' })).body.id;
    at('2026-01-10T12:00:30Z');
    await alpha.post('/register/names', { tenantId: ids.a, firstName: 'A', lastName: 'A' });
  });
  afterAll(() => app.destroy());

  it('lists only the partner’s tenants, ascending by lastUpdateDate, with null fields written', async () => {
    const res = await alpha.get('/tenant');
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual([
      { id: ids.b, apartmentSharingId: expect.any(Number), lastUpdateDate: '2026-01-10T11:00:00', creationDate: '2026-01-10T11:00:00', deletionDate: null, revocationDate: null },
      { id: ids.a, apartmentSharingId: expect.any(Number), lastUpdateDate: '2026-01-10T13:00:30', creationDate: '2026-01-10T10:00:00', deletionDate: null, revocationDate: null },
    ]);
    expect(res.body.metadata).toEqual({
      limit: 1000,
      resultCount: 2,
      nextLink: '/api-partner/tenant?limit=1000&orderBy=LAST_UPDATE_DATE&after=2026-01-10T13:00:30&includeDeleted=false&includeRevoked=false',
    });
  });

  it('pages with limit and a strict "after", offsets dropped; CREATION_DATE orders by creation', async () => {
    const first = await alpha.get('/tenant?limit=1');
    expect(first.body.data.map((r: { id: number }) => r.id)).toEqual([ids.b]);
    expect(first.body.metadata.nextLink).toBe('/api-partner/tenant?limit=1&orderBy=LAST_UPDATE_DATE&after=2026-01-10T11:00&includeDeleted=false&includeRevoked=false');
    const next = await alpha.get('/tenant?limit=1&orderBy=LAST_UPDATE_DATE&after=2026-01-10T11:00&includeDeleted=false&includeRevoked=false');
    expect(next.body.data.map((r: { id: number }) => r.id)).toEqual([ids.a]);
    const offset = await alpha.get(`/tenant?after=${encodeURIComponent('2026-01-10T11:00:00.000-05:00')}`);
    expect(offset.body.data.map((r: { id: number }) => r.id)).toEqual([ids.a]);
    const empty = await alpha.get('/tenant?limit=10&after=2030-01-31T10:30:00.000-05:00&includeDeleted=true');
    expect(empty.body).toEqual({ data: [], metadata: { limit: 10, resultCount: 0, nextLink: '/api-partner/tenant?limit=10&orderBy=LAST_UPDATE_DATE&after=2030-01-31T10:30&includeDeleted=true&includeRevoked=false' } });
    const byCreation = await alpha.get('/tenant?orderBy=CREATION_DATE');
    expect(byCreation.body.data.map((r: { id: number }) => r.id)).toEqual([ids.a, ids.b]);
  });

  it('includeDeleted: co-tenants deleted by a reconciliation come last, with only id and deletionDate; includeRevoked: the latest revocation', async () => {
    at('2026-01-11T09:00:00Z');
    const couple = await alpha.post('/register/application/v2', { tenantId: ids.b, applicationType: 'COUPLE', coTenants: [{ firstName: 'Co', lastName: 'Tenant' }], acceptAccess: true });
    const coTenantId = couple.body.apartmentSharing.tenants.find((t: { tenantType: string }) => t.tenantType === 'JOIN').id;
    at('2026-01-12T09:00:00Z');
    await alpha.post('/register/application/v2', { tenantId: ids.b, applicationType: 'ALONE', coTenants: [] });
    const withDeleted = await alpha.get('/tenant?after=2026-01-11T00:00&includeDeleted=true');
    expect(withDeleted.body.data).toEqual([
      { id: ids.b, apartmentSharingId: expect.any(Number), lastUpdateDate: '2026-01-12T10:00:00', creationDate: '2026-01-10T11:00:00', deletionDate: null, revocationDate: null },
      { id: coTenantId, apartmentSharingId: null, lastUpdateDate: null, creationDate: null, deletionDate: '2026-01-12T10:00:00', revocationDate: null },
    ]);
    expect(withDeleted.body.metadata.nextLink).toContain('&after=&');
    expect((await beta.get('/tenant?includeDeleted=true')).body.data.map((r: { id: number }) => r.id)).toEqual([ids.other]);
    // Revocations are written by the tenant side (a later issue); here, as that side would record one.
    await sql`delete from rental.tenant_partners where tenant_id = ${ids.a} and partner_id = ${alpha.partner.id}`.execute(app.db.kysely);
    for (const when of ['2026-01-12T10:00:00Z', '2026-01-12T11:00:00Z']) {
      await sql`insert into rental.tenant_logs (tenant_id, log_type, partner_ids, created_at) values (${ids.a}, 'PARTNER_ACCESS_REVOKED', ${[alpha.partner.id]}, ${new Date(when)})`.execute(app.db.kysely);
    }
    const revoked = await alpha.get('/tenant?after=2026-01-11T00:00&includeRevoked=true');
    expect(revoked.body.data.at(-1)).toEqual({ id: ids.a, apartmentSharingId: null, lastUpdateDate: null, creationDate: null, deletionDate: null, revocationDate: '2026-01-12T12:00:00' });
    expect(revoked.body.data.filter((r: { revocationDate: string | null }) => r.revocationDate)).toHaveLength(1);
  });

  it('refuses a bad after, a bad orderBy, and CREATION_DATE with the include flags, naming the field (DossierFacile: 500)', async () => {
    const cases: [string, string[]][] = [
      ['after=yesterday', ['after: must be an ISO date-time such as 2020-01-31T10:30:00']],
      ['orderBy=NAME', ['orderBy: must be one of [LAST_UPDATE_DATE, CREATION_DATE]']],
      ['orderBy=CREATION_DATE&includeDeleted=true', ['orderBy: CREATION_DATE cannot be combined with includeDeleted or includeRevoked']],
      ['limit=0', ['limit: must be >= 1']],
      ['includeRevoked=maybe', ['includeRevoked: must be a boolean']],
    ];
    for (const [query, errors] of cases) {
      const res = await alpha.get(`/tenant?${query}`);
      expect({ query, status: res.status, body: res.body }).toEqual({ query, status: 400, body: { errors } });
    }
  });

  it('by email: 200 with the TenantModel, 404 empty for an unknown (or differently cased) email, 403 empty when not linked', async () => {
    const found = await alpha.get('/email/list-b@example.com/tenant');
    expect(found.status).toBe(200);
    expect(found.body.id).toBe(ids.b);
    for (const email of ['nobody@example.com', 'LIST-B@example.com']) {
      const res = await alpha.get(`/email/${email}/tenant`);
      expect({ email, status: res.status, text: res.text }).toEqual({ email, status: 404, text: '' });
    }
    const theirs = await alpha.get('/email/list-other@example.com/tenant');
    expect(theirs.status).toBe(403);
    expect(theirs.text).toBe('');
  });
});

describe('GET /api-partner/apartmentSharing/{id} (§3.1, §5.2)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ now: () => new Date('2026-03-01T08:00:00.123Z') });
  });
  afterAll(() => app.destroy());

  it('answers the ApplicationModel with partnerLinked per tenant and six-digit dates; 403 empty if none is linked; 404 empty if unknown', async () => {
    const alpha = await partnerClient(app);
    const beta = await partnerClient(app);
    const id = (await alpha.post('/register/account', { email: 'apt@example.com' })).body.id;
    const couple = await alpha.post('/register/application/v2', { tenantId: id, applicationType: 'COUPLE', coTenants: [{ firstName: 'Co', lastName: 'Loc' }], acceptAccess: true });
    const apartmentId = couple.body.apartmentSharing.id;
    const joinId = couple.body.apartmentSharing.tenants[1].id;
    await sql`delete from rental.tenant_partners where tenant_id = ${joinId}`.execute(app.db.kysely);
    const res = await alpha.get(`/apartmentSharing/${apartmentId}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      id: apartmentId,
      applicationType: 'COUPLE',
      status: 'INCOMPLETE',
      lastUpdateDate: '2026-03-01T09:00:00.123000',
      tenants: [
        { id, email: 'apt@example.com', tenantType: 'CREATE', franceConnect: false, ownerType: 'SELF', status: 'INCOMPLETE', honorDeclaration: false, lastUpdateDate: '2026-03-01T09:00:00.123000', partnerLinked: true, documents: [], guarantors: [] },
        { id: joinId, firstName: 'Co', lastName: 'Loc', tenantType: 'JOIN', franceConnect: false, ownerType: 'SELF', status: 'INCOMPLETE', honorDeclaration: false, lastUpdateDate: '2026-03-01T09:00:00.123000', partnerLinked: false, documents: [], guarantors: [] },
      ],
    });
    const theirs = await beta.get(`/apartmentSharing/${apartmentId}`);
    expect({ status: theirs.status, text: theirs.text }).toEqual({ status: 403, text: '' });
    const unknown = await alpha.get('/apartmentSharing/999999');
    expect({ status: unknown.status, text: unknown.text }).toEqual({ status: 404, text: '' });
  });
});
