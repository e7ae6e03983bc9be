import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { pdf, twoPartners, type PartnerClient } from './helpers.ts';

let clock = new Date('2026-02-01T09:00:00Z');
const at = (iso: string) => {
  clock = new Date(iso);
};

describe('GET /api-partner/apartmentSharing (cursor list of applications, §3.2.3)', () => {
  let app: TestApp;
  let alpha: PartnerClient;
  let beta: PartnerClient;
  const ids = { a: 0, b: 0, other: 0 };
  const apartmentOf = async (tenantId: number) => (await alpha.get(`/tenant/${tenantId}/profile`)).body.apartmentSharing.id as number;
  beforeAll(async () => {
    ({ app, alpha, beta } = await twoPartners({ now: () => clock }));
    at('2026-02-01T09:00:00Z');
    ids.a = await alpha.newTenant('apt-a');
    at('2026-02-01T10:00:00Z');
    ids.b = await alpha.newTenant('apt-b');
    at('2026-02-01T10:30:00Z');
    ids.other = await beta.newTenant('apt-other');
    at('2026-02-01T11:00:00Z');
    await alpha.post('/register/names', { tenantId: ids.a, firstName: 'Anne', lastName: 'Martin' });
    await alpha.upload('/register/documentIdentification', { tenantId: ids.a, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf()]);
  });
  afterAll(() => app.destroy());

  it('lists the partner’s applications once each, oldest change first, basic format by default', async () => {
    const res = await alpha.get('/apartmentSharing');
    expect(res.status).toBe(200);
    expect(res.body.data.map((a: { id: number }) => a.id)).toEqual([await apartmentOf(ids.b), await apartmentOf(ids.a)]);
    const [, first] = res.body.data;
    expect(first).toMatchObject({ applicationType: 'ALONE', lastUpdateDate: expect.stringMatching(/^2026-02-01T12:00/) });
    expect(first.tenants[0]).toMatchObject({ id: ids.a, firstName: 'Anne', lastName: 'Martin', partnerLinked: true });
    for (const key of ['documents', 'guarantors', 'franceConnect']) expect(first.tenants[0]).not.toHaveProperty(key);
    expect(res.body.metadata).toEqual({ limit: 100, resultCount: 2, nextLink: expect.stringMatching(/^\/api-partner\/apartmentSharing\?limit=100&orderBy=LAST_UPDATE_DATE&after=2026-02-01T12:00.*&format=NORMAL$/) });
  });

  it('gives the whole ApplicationModel with format=EXTENDED', async () => {
    const res = await alpha.get('/apartmentSharing?format=EXTENDED');
    const tenant = res.body.data[1].tenants[0];
    expect(tenant).toMatchObject({ id: ids.a, franceConnect: false, guarantors: [] });
    expect(tenant.documents).toEqual([expect.objectContaining({ documentCategory: 'IDENTIFICATION', documentSubCategory: 'FRENCH_PASSPORT' })]);
    expect(res.body.data).toEqual((await alpha.get('/apartmentSharing?format=EXTENDED&limit=5')).body.data);
  });

  it('pages with nextLink: each next page starts after the last row, and ends empty', async () => {
    const page1 = await alpha.get('/apartmentSharing?limit=1');
    expect(page1.body.data.map((a: { id: number }) => a.id)).toEqual([await apartmentOf(ids.b)]);
    expect(page1.body.metadata.nextLink).toBe('/api-partner/apartmentSharing?limit=1&orderBy=LAST_UPDATE_DATE&after=2026-02-01T11:00&format=NORMAL');
    const page2 = await alpha.get(page1.body.metadata.nextLink.replace('/api-partner', ''));
    expect(page2.body.data.map((a: { id: number }) => a.id)).toEqual([await apartmentOf(ids.a)]);
    const page3 = await alpha.get(page2.body.metadata.nextLink.replace('/api-partner', ''));
    expect(page3.body).toEqual({ data: [], metadata: { limit: 1, resultCount: 0, nextLink: page2.body.metadata.nextLink } });
  });

  it('reads after=null (what nextLink writes without a date) as from the start', async () => {
    const empty = await beta.get('/apartmentSharing?after=2030-01-01T00:00');
    expect(empty.body.metadata.nextLink).toBe('/api-partner/apartmentSharing?limit=100&orderBy=LAST_UPDATE_DATE&after=2030-01-01T00:00&format=NORMAL');
    const fromStart = await beta.get('/apartmentSharing?after=null');
    expect(fromStart.body.data.map((a: { tenants: { id: number }[] }) => a.tenants[0]!.id)).toEqual([ids.other]);
  });

  it('never shows another partner’s applications', async () => {
    const res = await beta.get('/apartmentSharing?format=EXTENDED');
    expect(res.body.data).toHaveLength(1);
    expect(JSON.stringify(res.body)).not.toContain('Martin');
  });

  it('refuses what DossierFacile answers 500 to, naming the parameter', async () => {
    expect(await alpha.get('/apartmentSharing?orderBy=CREATION_DATE')).toMatchObject({ status: 400, body: { errors: [expect.stringMatching(/^orderBy: /)] } });
    expect(await alpha.get('/apartmentSharing?after=yesterday')).toMatchObject({ status: 400, body: { errors: ['after: must be an ISO date-time such as 2020-01-31T10:30:00'] } });
    expect(await alpha.get('/apartmentSharing?limit=1001')).toMatchObject({ status: 400, body: { errors: [expect.stringMatching(/^limit: /)] } });
    expect(await alpha.get('/apartmentSharing?format=FULL')).toMatchObject({ status: 400, body: { errors: [expect.stringMatching(/^format: /)] } });
  });
});
