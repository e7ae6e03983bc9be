import * as mupdf from 'mupdf';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRentalDb } from '../../src/rental/index.ts';
import { rentalRuntime } from '../../src/rental/module/runtime.ts';
import type { RentalSettings } from '../../src/rental/module/settings.ts';
import type { ModuleContext } from '../../src/platform/module.ts';
import { recomputeStatus } from '../../src/rental/tenants/recompute.ts';
import type { TestApp } from '../support/app.ts';
import { storedBlobs } from '../support/blobs.ts';
import { completeTenantFile, type PartnerClient, pdf, twoPartners } from './helpers.ts';

const RENDER = ['rental-document-render'];
const FULL_PDF = ['rental-full-pdf'];
const NOT_VALIDATED = { status: 'EXPECTATION_FAILED', message: 'The file is not fully validated, or some of its documents are not processed yet' };
const NOT_READY = { status: 'CONFLICT', message: 'File is not yet available retry later' };

/**
 * The full-file PDF (§10.3) through a full link's token, and `dossierUrl` / `dossierPdfUrl` in the
 * ApplicationModel (§5.2) once the file is VALIDATED.
 */
describe('full-file PDF (§10.3)', () => {
  let app: TestApp;
  let alpha: PartnerClient;
  const now = new Date('2026-03-02T10:00:00.000Z');
  const db = () => asRentalDb(app.db.kysely);
  const call = (method: 'GET' | 'POST', url: string) => app.http.inject({ method, url: url.replace('http://foyer.test', '') });

  /** A complete file, rendered, with the honour declaration and the tenant's words; VALIDATED when asked. */
  async function file(label: string, validate: boolean) {
    const tenantId = await alpha.newTenant(label);
    await completeTenantFile(alpha, tenantId, 'Jeanne');
    // A second file (two pages) on one document: the page count below adds each document's own pages.
    await alpha.upload('/register/documentProfessional', { tenantId, typeDocumentProfessional: 'CDI' }, [pdf(2)]);
    await alpha.post('/register/honorDeclaration', { tenantId, honorDeclaration: true, clarification: 'Je cherche un deux-pièces près de mon travail.' });
    await app.queue.drain(RENDER, 60_000);
    if (validate) await validateAll(tenantId);
    const links = (await alpha.get(`/tenant/${tenantId}/shareLinks`)).body as { url: string; fullData: boolean }[];
    const token = (fullData: boolean) => links.find((l) => l.fullData === fullData)!.url.split('/partage/')[1]!;
    const apartmentId = (await alpha.get(`/tenant/${tenantId}/profile`)).body.apartmentSharing.id as number;
    return { tenantId, apartmentId, full: token(true), light: token(false) };
  }

  /** Through the module's own handle, whose writes drop the cached profiles as any write of the module does. */
  async function validateAll(tenantId: number) {
    const moduleDb = (await rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>)).db;
    await moduleDb.updateTable('rental.documents').set({ document_status: 'VALIDATED' }).where('tenant_id', '=', tenantId).execute();
    expect(await recomputeStatus(moduleDb, tenantId, now)).toBe('VALIDATED');
  }

  beforeAll(async () => {
    ({ app, alpha } = await twoPartners({ now: () => now, env: { FOYER_RENTAL_RENDER_DELAY_SECONDS: '0', FOYER_DOCUMENTS_THREADS: '1', FOYER_RENTAL_FULL_PDF_PART_KB: '64' } }));
  });
  afterAll(() => app.destroy());

  it('417 before validation; then 202, 409 while generating, 200 with cover, summary, the tenant\'s words, and each document behind its heading', async () => {
    const { tenantId, apartmentId, full, light } = await file('full-pdf', false);
    const url = `/api/application/fullPdf/${full}`;
    for (const method of ['POST', 'GET'] as const) {
      const res = await call(method, url);
      expect([res.statusCode, JSON.parse(res.body)]).toEqual([417, NOT_VALIDATED]);
    }
    // No dossierUrl while the file is not VALIDATED.
    const before = (await alpha.get(`/apartmentSharing/${apartmentId}`)).body;
    expect(before.dossierUrl).toBeUndefined();
    expect(before.dossierPdfUrl).toBeUndefined();
    expect(Object.keys((await alpha.get(`/tenant/${tenantId}/profile`)).body.apartmentSharing)).toEqual(['id', 'applicationType', 'status', 'tenants']);

    await validateAll(tenantId);
    const model = (await alpha.get(`/apartmentSharing/${apartmentId}`)).body;
    expect(Object.keys(model).slice(0, 6)).toEqual(['id', 'applicationType', 'dossierUrl', 'dossierPdfUrl', 'dossierPdfDocumentStatus', 'status']);
    expect(model).toMatchObject({ status: 'VALIDATED', dossierUrl: `http://foyer.test/api/partage/${full}`, dossierPdfUrl: `http://foyer.test/api/application/fullPdf/${full}`, dossierPdfDocumentStatus: 'NONE' });
    // The TenantModel too (§5.1): the partner's PARTNER links, full as `token`, light as `tokenPublic`.
    const sharing = (await alpha.get(`/tenant/${tenantId}/profile`)).body.apartmentSharing;
    expect(Object.keys(sharing)).toEqual(['id', 'applicationType', 'token', 'tokenPublic', 'dossierUrl', 'dossierPdfUrl', 'status', 'tenants']);
    expect(sharing).toMatchObject({ token: full, tokenPublic: light, dossierUrl: `http://foyer.test/api/partage/${full}`, dossierPdfUrl: `http://foyer.test/api/application/fullPdf/${full}`, status: 'VALIDATED' });

    const accepted = await call('POST', url);
    expect([accepted.statusCode, accepted.body]).toEqual([202, '']);
    expect((await call('POST', url)).statusCode).toBe(202); // already in progress: nothing more
    const pending = await call('GET', url);
    expect([pending.statusCode, JSON.parse(pending.body)]).toEqual([409, NOT_READY]);
    // A light link has no full PDF.
    expect((await call('GET', `/api/application/fullPdf/${light}`)).statusCode).toBe(404);

    await app.queue.drain(FULL_PDF, 60_000);
    const res = await call('GET', url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(Number(res.headers['content-length'])).toBe(res.rawPayload.length);
    const out = new mupdf.PDFDocument(res.rawPayload);
    // Well formed: mupdf did not have to rebuild the cross-reference.
    expect(out.countPages() > 0 && out.wasRepaired()).toBe(false);
    const documents = await db().selectFrom('rental.documents').select(['id', 'document_category', 'pdf_pages']).where('tenant_id', '=', tenantId).execute();
    const order = ['IDENTIFICATION', 'RESIDENCY', 'PROFESSIONAL', 'FINANCIAL', 'TAX'];
    documents.sort((a, b) => order.indexOf(a.document_category) - order.indexOf(b.document_category));
    expect(documents.map((d) => d.pdf_pages)).toEqual([1, 1, 3, 1, 1]);
    const documentPages = documents.reduce((sum, d) => sum + d.pdf_pages!, 0);
    // Cover + contents, then one heading page per document, then the document's pages.
    expect(out.countPages()).toBe(2 + documents.length + documentPages);
    const text = (i: number) => out.loadPage(i).toStructuredText('preserve-whitespace').asText().replace(/\s+/g, ' ').trim();
    expect(text(0)).toContain('Dossier de location');
    expect(text(0)).toContain("Le dossier en un clin d'œil");
    expect(text(0)).toContain('Type de dossier : Location seul');
    expect(text(0)).toContain('Revenus mensuels nets cumulés : 2 000 €');
    expect(text(0)).toContain('Garants : aucun');
    expect(text(0)).toContain('Le mot de Jeanne Test Je cherche un deux-pièces près de mon travail.');
    expect(text(1)).toContain("La pièce d'identité de Jeanne Test (1 p.)");
    let page = 2;
    const headings = ["La pièce d'identité de Jeanne Test", 'Le justificatif de domicile de Jeanne Test', 'Le justificatif de situation professionnelle de Jeanne Test', 'Le justificatif de ressources de Jeanne Test', "L'avis d'imposition de Jeanne Test"];
    const jpegOf = (doc: mupdf.PDFDocument, i: number) => doc.findPage(i).get('Resources').get('XObject').get('Im0').readRawStream().asUint8Array();
    for (const [i, d] of documents.entries()) {
      expect(text(page++)).toBe(headings[i]);
      const own = await app.http.inject({ method: 'GET', url: `/api-partner/tenant/${tenantId}/document/${d.id}/pdf`, headers: { authorization: `Bearer ${alpha.token}` } });
      const ownPdf = new mupdf.PDFDocument(own.rawPayload);
      for (let p = 0; p < d.pdf_pages!; p++) {
        // The documents' pages are the watermarked rasters: no text at all, and their JPEGs copied as they are.
        expect(text(page)).toBe('');
        expect(Buffer.from(jpegOf(out, page)).equals(Buffer.from(jpegOf(ownPdf, p)))).toBe(true);
        page++;
      }
    }
    expect(page).toBe(out.countPages());
    // Stored sealed, and the model says COMPLETED.
    const parts = await db().selectFrom('rental.full_pdf_parts').select(['blob_key', 'size']).where('apartment_sharing_id', '=', apartmentId).orderBy('seq').execute();
    // 64 KiB parts here: the PDF above was streamed back from several sealed parts, in order.
    expect(parts.length).toBeGreaterThan(2);
    expect(parts.reduce((sum, p) => sum + p.size, 0)).toBe(res.rawPayload.length);
    expect((await storedBlobs(app).raw(parts[0]!.blob_key))!.subarray(0, 5).toString()).not.toBe('%PDF-');
    expect((await alpha.get(`/apartmentSharing/${apartmentId}`)).body.dossierPdfDocumentStatus).toBe('COMPLETED');

    // Any modification invalidates it: the status goes back to NONE and its blobs are deleted.
    expect((await alpha.upload('/register/documentResidency', { tenantId, typeDocumentResidency: 'TENANT', categoryStep: 'TENANT_RECEIPT' }, [pdf(1)])).status).toBe(200);
    expect((await db().selectFrom('rental.apartment_sharings').select('full_pdf_status').where('id', '=', apartmentId).executeTakeFirstOrThrow()).full_pdf_status).toBe('NONE');
    const after = await call('GET', url);
    expect([after.statusCode, JSON.parse(after.body)]).toEqual([417, NOT_VALIDATED]);
    expect(await db().selectFrom('rental.full_pdf_parts').select('id').where('apartment_sharing_id', '=', apartmentId).execute()).toEqual([]);
    for (const part of parts) expect(await storedBlobs(app).exists(part.blob_key)).toBe(false);
  });

  it('a generation superseded by a change while it runs does not commit, and its parts are deleted', async () => {
    const { tenantId, apartmentId, full } = await file('superseded-in-flight', true);
    const runtime = await rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>);
    const written: string[] = [];
    runtime.renderHooks.beforeFullPdfCommit = async (id) => {
      for await (const blob of runtime.store.list(`rental/fullpdf/apartment_${id}`)) written.push(blob.key);
      expect((await alpha.post(`/tenant/${tenantId}/message`, { messageBody: 'Une question' })).status).toBe(200);
    };
    try {
      expect((await call('POST', `/api/application/fullPdf/${full}`)).statusCode).toBe(202);
      await app.queue.drain(FULL_PDF, 60_000);
    } finally {
      delete runtime.renderHooks.beforeFullPdfCommit;
    }
    expect(written.length).toBeGreaterThan(0);
    for (const key of written) expect(await storedBlobs(app).exists(key)).toBe(false);
    expect(await db().selectFrom('rental.apartment_sharings').select(['full_pdf_status', 'full_pdf_version']).where('id', '=', apartmentId).executeTakeFirstOrThrow()).toEqual({ full_pdf_status: 'NONE', full_pdf_version: 1 });
    expect(await db().selectFrom('rental.full_pdf_parts').select('id').where('apartment_sharing_id', '=', apartmentId).execute()).toEqual([]);
  });

  it('a co-tenant leaving on its own (a write that does not go through touchTenant) invalidates the full PDF too', async () => {
    const tenantId = await alpha.newTenant('couple');
    await alpha.post('/register/names', { tenantId, firstName: 'Anne', lastName: 'Martin' });
    await alpha.post('/register/application/v2', { tenantId, applicationType: 'COUPLE', coTenants: [{ firstName: 'Paul', lastName: 'Martin', email: 'paul.leaving@example.com' }], acceptAccess: true });
    const sharing = (await alpha.get(`/tenant/${tenantId}/profile`)).body.apartmentSharing;
    const coTenantId = (sharing.tenants as { id: number }[]).find((t) => t.id !== tenantId)!.id;
    await db().updateTable('rental.apartment_sharings').set({ full_pdf_status: 'COMPLETED' }).where('id', '=', sharing.id).execute();
    expect((await alpha.delete(`/tenant/${coTenantId}/user/deleteAccount`)).status).toBe(200);
    expect(await db().selectFrom('rental.apartment_sharings').select(['full_pdf_status', 'full_pdf_version']).where('id', '=', sharing.id).executeTakeFirstOrThrow()).toEqual({ full_pdf_status: 'NONE', full_pdf_version: 1 });
  });

  it('a generation superseded before it starts does not run; the next request generates again', async () => {
    const { tenantId, apartmentId, full } = await file('superseded', true);
    const url = `/api/application/fullPdf/${full}`;
    expect((await call('POST', url)).statusCode).toBe(202);
    // A write that keeps the file VALIDATED (a message) still invalidates what is being generated.
    expect((await alpha.post(`/tenant/${tenantId}/message`, { messageBody: 'Bonjour' })).status).toBe(200);
    await app.queue.drain(FULL_PDF, 60_000);
    const row = await db().selectFrom('rental.apartment_sharings').select(['full_pdf_status', 'full_pdf_version']).where('id', '=', apartmentId).executeTakeFirstOrThrow();
    expect(row).toEqual({ full_pdf_status: 'NONE', full_pdf_version: 1 });
    expect(await db().selectFrom('rental.full_pdf_parts').select('id').where('apartment_sharing_id', '=', apartmentId).execute()).toEqual([]);
    // A GET starts it again.
    expect((await call('GET', url)).statusCode).toBe(409);
    await app.queue.drain(FULL_PDF, 60_000);
    const res = await call('GET', url);
    expect([res.statusCode, res.headers['content-type']]).toEqual([200, 'application/pdf']);
  });
});
