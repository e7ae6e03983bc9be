import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRentalDb } from '../../src/rental/index.ts';
import type { TestApp } from '../support/app.ts';
import { startTestApp } from '../support/app.ts';
import { completeTenantFile, type PartnerClient, pdf, twoPartners } from './helpers.ts';

const RENDER = ['rental-document-render'];
const NOT_FOUND = { status: 'NOT_FOUND', message: 'Link not found' };
const tokenOfUrl = (url: string) => url.split('/partage/')[1]!;

/**
 * Share links (§1.3): PARTNER links made at linking, links a partner creates, lists and revokes, and
 * the public landlord view `GET /api/partage/{token}` with its documents served through the token.
 */
describe('share links', () => {
  let app: TestApp;
  let alpha: PartnerClient;
  let beta: PartnerClient;
  let clock = new Date('2026-03-02T10:00:00.000Z');
  const db = () => asRentalDb(app.db.kysely);
  const open = (path: string) => app.http.inject({ method: 'GET', url: path.replace('http://foyer.test', '') });
  const json = (res: { body: string }) => JSON.parse(res.body);

  beforeAll(async () => {
    ({ app, alpha, beta } = await twoPartners({ now: () => clock, env: { FOYER_RENTAL_RENDER_DELAY_SECONDS: '0', FOYER_DOCUMENTS_THREADS: '1' } }));
  });
  afterAll(() => app.destroy());

  it('creates the two PARTNER links (full and light) when the account is created; their tokens are stored hashed and sealed, never in clear', async () => {
    const tenantId = await alpha.newTenant('partner-links');
    const list = await alpha.get(`/tenant/${tenantId}/shareLinks`);
    expect(list.status).toBe(200);
    expect(list.body).toEqual([true, false].map((fullData) => ({
      id: expect.any(Number),
      type: 'PARTNER',
      fullData,
      title: `Partner ${alpha.partner.clientId}`,
      url: expect.stringMatching(/^http:\/\/foyer\.test\/api\/partage\/[A-Za-z0-9_-]{43}$/),
      status: 'ACTIVE',
      createdAt: clock.toISOString(),
      expiresAt: null,
      revokedAt: null,
      accessCount: 0,
      lastAccessAt: null,
    })));
    const rows = await db().selectFrom('rental.share_links').selectAll().where('id', 'in', list.body.map((l: { id: number }) => l.id)).orderBy('id').execute();
    for (const [i, row] of rows.entries()) {
      const token = tokenOfUrl(list.body[i].url);
      expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
      const dump = JSON.stringify(Object.values(row).map((v) => (Buffer.isBuffer(v) ? v.toString('latin1') : v)));
      expect(dump.includes(token)).toBe(false);
    }
    // Linking a co-tenant does not make a second pair for the same (apartment, partner).
    await alpha.post('/register/names', { tenantId, firstName: 'Anne', lastName: 'Martin' });
    expect((await alpha.post('/register/application/v2', { tenantId, applicationType: 'COUPLE', coTenants: [{ firstName: 'Paul', lastName: 'Martin', email: 'paul.martin@example.com' }], acceptAccess: true })).status).toBe(200);
    expect((await alpha.get(`/tenant/${tenantId}/shareLinks`)).body).toHaveLength(2);
  });

  it('lifecycle: create (201 with its URL), open (access counted), expire with the clock, revoke (404 from then on)', async () => {
    const tenantId = await alpha.newTenant('lifecycle');
    await alpha.post('/register/names', { tenantId, firstName: 'Léa', lastName: 'Durand' });
    const created = await alpha.post(`/tenant/${tenantId}/shareLinks`, { fullData: false, title: 'Agence du Centre', expiresAt: '2026-03-02T12:00:00Z' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ type: 'LINK', fullData: false, title: 'Agence du Centre', status: 'ACTIVE', expiresAt: '2026-03-02T12:00:00.000Z', accessCount: 0 });
    const view = await open(created.body.url);
    expect(view.statusCode).toBe(200);
    expect(view.headers['cache-control']).toBe('no-store');
    expect(json(view)).toMatchObject({ title: 'Agence du Centre', fullData: false, applicationType: 'ALONE', status: 'INCOMPLETE', tenants: [{ firstName: 'Léa', lastName: 'Durand', status: 'INCOMPLETE', guarantors: [] }] });
    clock = new Date('2026-03-02T11:00:00.000Z');
    await open(created.body.url);
    const listed = (await alpha.get(`/tenant/${tenantId}/shareLinks`)).body.find((l: { id: number }) => l.id === created.body.id);
    expect(listed).toMatchObject({ accessCount: 2, lastAccessAt: '2026-03-02T11:00:00.000Z', status: 'ACTIVE' });

    // Past its expiry: the same 404 as an unknown token, and EXPIRED in the list.
    clock = new Date('2026-03-02T12:00:01.000Z');
    const expired = await open(created.body.url);
    expect([expired.statusCode, json(expired)]).toEqual([404, NOT_FOUND]);
    expect((await alpha.get(`/tenant/${tenantId}/shareLinks`)).body.find((l: { id: number }) => l.id === created.body.id)).toMatchObject({ status: 'EXPIRED', accessCount: 2 });

    // Revocation.
    const other = await alpha.post(`/tenant/${tenantId}/shareLinks`, { fullData: true });
    expect(other.body).toMatchObject({ title: `Partner ${alpha.partner.clientId}`, expiresAt: null });
    expect((await open(other.body.url)).statusCode).toBe(200);
    const revoked = await alpha.delete(`/tenant/${tenantId}/shareLinks/${other.body.id}`);
    expect(revoked.status).toBe(200);
    expect(revoked.body).toMatchObject({ id: other.body.id, status: 'REVOKED', revokedAt: clock.toISOString() });
    const gone = await open(other.body.url);
    expect([gone.statusCode, json(gone)]).toEqual([404, NOT_FOUND]);
    expect(await alpha.delete(`/tenant/${tenantId}/shareLinks/${other.body.id}`)).toMatchObject({ status: 404, body: { status: 'NOT_FOUND', message: 'Share link not found' } });
    // PARTNER links end with the partner's access, not here.
    const partnerLink = (await alpha.get(`/tenant/${tenantId}/shareLinks`)).body.find((l: { type: string }) => l.type === 'PARTNER');
    expect(await alpha.delete(`/tenant/${tenantId}/shareLinks/${partnerLink.id}`)).toMatchObject({ status: 409, body: { status: 'CONFLICT', message: "A PARTNER link ends with the partner's access to the tenant" } });
    // Unknown and malformed tokens.
    for (const path of ['/api/partage/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/api/partage/short', `/api/partage/${'x'.repeat(300)}`]) {
      const res = await open(path);
      expect([res.statusCode, json(res)]).toEqual([404, NOT_FOUND]);
    }
  });

  it('refuses a bad creation with the field named', async () => {
    const tenantId = await alpha.newTenant('bad-create');
    expect(await alpha.post(`/tenant/${tenantId}/shareLinks`, { fullData: true, expiresAt: '2026-03-01T00:00:00Z' })).toMatchObject({ status: 400, body: { errors: ['expiresAt: must be in the future'] } });
    expect(await alpha.post(`/tenant/${tenantId}/shareLinks`, { title: 'x' })).toMatchObject({ status: 400, body: { errors: [expect.stringMatching(/^fullData: /)] } });
    expect(await alpha.post(`/tenant/${tenantId}/shareLinks`, { fullData: true, expiresAt: 'tomorrow' })).toMatchObject({ status: 400, body: { errors: ['expiresAt: must be a date-time with its offset (ISO 8601, e.g. 2026-06-30T18:00:00Z)'] } });
    expect(await alpha.post(`/tenant/${tenantId}/shareLinks`, { fullData: true, expiresAt: '2026-02-31T10:00:00Z' })).toMatchObject({ status: 400, body: { errors: ['expiresAt: must be a date-time with its offset (ISO 8601, e.g. 2026-06-30T18:00:00Z)'] } });
  });

  it('another partner can neither create, list nor revoke links of a tenant it is not linked to', async () => {
    const tenantId = await alpha.newTenant('isolation');
    const link = await alpha.post(`/tenant/${tenantId}/shareLinks`, { fullData: true });
    const forbidden = { status: 403, body: { status: 'FORBIDDEN', message: 'Access Denied' } };
    expect(await beta.post(`/tenant/${tenantId}/shareLinks`, { fullData: true })).toMatchObject(forbidden);
    expect(await beta.get(`/tenant/${tenantId}/shareLinks`)).toMatchObject(forbidden);
    expect(await beta.delete(`/tenant/${tenantId}/shareLinks/${link.body.id}`)).toMatchObject(forbidden);
    // Through one of its own tenants, the other partner's link id is unknown.
    const own = await beta.newTenant('isolation-beta');
    expect(await beta.delete(`/tenant/${own}/shareLinks/${link.body.id}`)).toMatchObject({ status: 404, body: { status: 'NOT_FOUND', message: 'Share link not found' } });
    expect((await beta.get(`/tenant/${own}/shareLinks`)).body.map((l: { type: string }) => l.type)).toEqual(['PARTNER', 'PARTNER']);
    expect((await open(link.body.url)).statusCode).toBe(200);
  });

  it('a light link shows names, statuses and the summary without documents; a full link adds watermarked PDFs and thumbnails of its own file only', async () => {
    const tenantId = await alpha.newTenant('views');
    await completeTenantFile(alpha, tenantId, 'Jeanne');
    await alpha.post('/register/guarantorType', { tenantId, typeGuarantor: 'NATURAL_PERSON' });
    await app.queue.drain(RENDER, 60_000);
    const light = await alpha.post(`/tenant/${tenantId}/shareLinks`, { fullData: false });
    const full = await alpha.post(`/tenant/${tenantId}/shareLinks`, { fullData: true });
    const lightView = json(await open(light.body.url));
    expect(lightView.summary).toEqual({ applicationType: 'ALONE', monthlyNetIncome: 2000, guarantors: [{ typeGuarantor: 'NATURAL_PERSON', name: 'garant', ofTenant: 'Jeanne Test', monthlyNetIncome: 0 }] });
    expect(lightView.tenants).toEqual([{ firstName: 'Jeanne', lastName: 'Test', preferredName: null, status: 'INCOMPLETE', guarantors: [{ typeGuarantor: 'NATURAL_PERSON', firstName: null, lastName: null, legalPersonName: null }] }]);
    expect(lightView.dossierPdfUrl).toBeUndefined();
    expect(JSON.stringify(lightView)).not.toContain('/documents/');

    const fullView = json(await open(full.body.url));
    const documents = fullView.tenants[0].documents as { id: number; documentCategory: string; pdfUrl: string; files: { id: number; preview: string }[] }[];
    expect(documents.map((d) => d.documentCategory)).toEqual(['IDENTIFICATION', 'RESIDENCY', 'PROFESSIONAL', 'FINANCIAL', 'TAX']);
    const token = tokenOfUrl(full.body.url);
    const [first] = documents;
    expect(first!.pdfUrl).toBe(`http://foyer.test/api/partage/${token}/documents/${first!.id}/pdf`);
    expect(first!.files).toEqual([{ id: expect.any(Number), preview: `http://foyer.test/api/partage/${token}/files/${first!.files[0]!.id}/preview` }]);
    const downloaded = await open(first!.pdfUrl);
    expect(downloaded.statusCode).toBe(200);
    expect(downloaded.headers['content-type']).toBe('application/pdf');
    // The watermarked render, never the original (whose text it would carry).
    expect(downloaded.rawPayload.includes(Buffer.from('Foyer test document'))).toBe(false);
    const preview = await open(first!.files[0]!.preview);
    expect([preview.statusCode, preview.headers['content-type']]).toEqual([200, 'image/jpeg']);

    // Through the light token: nothing. Another apartment's document or file through the full token: 404.
    expect(json(await open(first!.pdfUrl.replace(token, tokenOfUrl(light.body.url))))).toEqual(NOT_FOUND);
    const stranger = await alpha.newTenant('stranger');
    await alpha.upload('/register/documentIdentification', { tenantId: stranger, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(1)]);
    await app.queue.drain(RENDER, 60_000);
    const foreign = await db().selectFrom('rental.documents as d').innerJoin('rental.files as f', 'f.document_id', 'd.id').select(['d.id as documentId', 'f.id as fileId']).where('d.tenant_id', '=', stranger).executeTakeFirstOrThrow();
    const documentNotFound = { status: 'NOT_FOUND', message: 'Document not found' };
    for (const path of [`/api/partage/${token}/documents/${foreign.documentId}/pdf`, `/api/partage/${token}/files/${foreign.fileId}/preview`, `/api/partage/${token}/documents/0/pdf`, `/api/partage/${token}/documents/abc/pdf`]) {
      const res = await open(path);
      expect([path, res.statusCode, json(res)]).toEqual([path, 404, documentNotFound]);
    }
  });

  it('the public routes have their own OpenAPI document, listed in GET / and /docs, with every status', async () => {
    const index = json(await open('/'));
    expect(index.surfaces).toContainEqual({ name: 'rental-share', title: 'Rental share links (landlord view, public)', prefix: '/api', openapi: '/api/openapi.json' });
    const docs = await open('/docs/static/swagger-initializer.js');
    expect([docs.statusCode, docs.body.includes('"/api/openapi.json"')]).toEqual([200, true]);
    const doc = json(await open('/api/openapi.json'));
    expect(Object.keys(doc.paths).sort()).toEqual(['/application/fullPdf/{token}', '/partage/{token}', '/partage/{token}/documents/{id}/pdf', '/partage/{token}/files/{id}/preview']);
    expect(Object.keys(doc.paths['/partage/{token}'].get.responses).sort()).toEqual(['200', '400', '404', '408', '429', '431']);
    expect(Object.keys(doc.paths['/application/fullPdf/{token}'].get.responses).sort()).toEqual(['200', '400', '404', '408', '409', '417', '429', '431']);
    expect(Object.keys(doc.paths['/application/fullPdf/{token}'].post.responses).sort()).toEqual(['202', '400', '404', '408', '417', '429', '431']);
    // An unreadable request is the documented 400.
    const unreadable = await app.http.inject({ method: 'POST', url: '/api/application/fullPdf/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', headers: { 'content-type': 'application/xml' }, payload: '<a/>' });
    expect([unreadable.statusCode, json(unreadable)]).toEqual([400, { status: 'BAD_REQUEST', message: 'Bad request' }]);
    const partner = json(await open('/api-partner/openapi.json'));
    expect(Object.keys(partner.paths['/tenant/{tenantId}/shareLinks'].post.responses).sort()).toEqual(['201', '400', '401', '403', '404', '408', '413', '415', '431']);
    expect(Object.keys(partner.paths['/tenant/{tenantId}/shareLinks/{id}'].delete.responses).sort()).toEqual(['200', '400', '401', '403', '404', '408', '409', '413', '415', '431']);
  });
});

describe('share links rate limit', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp({ env: { FOYER_RENTAL_SHARE_RATE_PER_IP_MINUTE: '3' } });
  });
  afterAll(() => app.destroy());

  it('answers 429 with Retry-After past the limit per address, and counts other addresses apart', async () => {
    // The limit is per minute window: start well inside one.
    if (Date.now() % 60_000 > 55_000) await new Promise((r) => setTimeout(r, 60_000 - (Date.now() % 60_000) + 50));
    const get = (ip: string) => app.http.inject({ method: 'GET', url: '/api/partage/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', remoteAddress: ip });
    for (let i = 0; i < 3; i++) expect((await get('203.0.113.7')).statusCode).toBe(404);
    const refused = await get('203.0.113.7');
    expect(refused.statusCode).toBe(429);
    expect(JSON.parse(refused.body)).toEqual({ status: 'TOO_MANY_REQUESTS', message: 'Too many requests, retry later' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers['retry-after'])).toBeLessThanOrEqual(60);
    expect((await app.http.inject({ method: 'POST', url: '/api/application/fullPdf/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', remoteAddress: '203.0.113.7' })).statusCode).toBe(429);
    expect((await get('203.0.113.8')).statusCode).toBe(404);
  });
});
