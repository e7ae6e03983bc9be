import fs from 'node:fs';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRentalDb } from '../../src/rental/index.ts';
import { sweepOrphanBlobs } from '../../src/rental/documents/sweep.ts';
import { rentalRuntime } from '../../src/rental/module/runtime.ts';
import type { RentalSettings } from '../../src/rental/module/settings.ts';
import type { ModuleContext } from '../../src/platform/module.ts';
import { extractText, openOutput, pageSize } from '../documents/support/inspect.ts';
import type { TestApp } from '../support/app.ts';
import { storedBlobs } from '../support/blobs.ts';
import { type PartnerClient, pdf, twoPartners } from './helpers.ts';
import { documentCommands } from '../../src/rental/module/document-commands.ts';

const RENDER = ['rental-document-render'];
const hostile = (name: string) => fs.readFileSync(new URL(`../fixtures/hostile/${name}`, import.meta.url));

/**
 * The rental side of §10.1/§10.2: every document change enqueues a debounced render job that turns
 * the sealed originals into a watermarked, rasterised PDF and per-file thumbnails, exposed as the
 * model's `name` and `files[].preview` URLs behind authenticated routes.
 */
describe('document renders (§10.1, §10.2)', () => {
  let app: TestApp;
  let alpha: PartnerClient;
  let beta: PartnerClient;
  const db = () => asRentalDb(app.db.kysely);
  const drain = () => app.queue.drain(RENDER, 60_000);
  const runtime = () => rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>);
  const documentOf = async (tenantId: number, category = 'IDENTIFICATION') =>
    db().selectFrom('rental.documents').selectAll().where('tenant_id', '=', tenantId).where('document_category', '=', category).executeTakeFirstOrThrow();
  const renderedBlobs = async (documentId: number) => {
    const keys: string[] = [];
    for await (const blob of (await runtime()).store.list(`rental/rendered/document_${documentId}`)) keys.push(blob.key);
    return keys.sort();
  };
  const download = (client: PartnerClient, url: string) =>
    app.http.inject({ method: 'GET', url: url.replace('http://foyer.test', ''), headers: { authorization: `Bearer ${client.token}` } });
  const named = async (label: string) => {
    const tenantId = await alpha.newTenant(label);
    await alpha.post('/register/names', { tenantId, firstName: 'Jeanne', lastName: 'Valjean' });
    return tenantId;
  };

  beforeAll(async () => {
    // A 2 s debounce: the bursts below are faster than that; one thread is enough for the tests.
    ({ app, alpha, beta } = await twoPartners({ env: { FOYER_RENTAL_RENDER_DELAY_SECONDS: '2', FOYER_DOCUMENTS_THREADS: '1' } }));
  });
  afterAll(() => app.destroy());

  it('renders an upload: name null, then the PDF URL; the PDF is A4, rasterised (no text), with the owner-named download; the thumbnail is 300 px wide', async () => {
    const tenantId = await named('render');
    const saved = await alpha.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(2, 'PASSEPORT DE JEANNE VALJEAN')]);
    expect(saved.status).toBe(200);
    const pending = saved.body.documents[0];
    expect(pending.name).toBeUndefined();
    expect(pending.files).toEqual([{ id: expect.any(Number), size: expect.any(Number), numberOfPages: 2, contentType: 'application/pdf' }]);
    await drain();
    const document = (await alpha.get(`/tenant/${tenantId}/profile`)).body.documents[0];
    expect(document.name).toBe(`http://foyer.test/api-partner/tenant/${tenantId}/document/${document.id}/pdf`);
    expect(document.files[0].preview).toBe(`http://foyer.test/api-partner/tenant/${tenantId}/file/${document.files[0].id}/preview`);
    const res = await download(alpha, document.name);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="Jeanne_VALJEAN_Passeport_${document.id}.pdf"; filename*=UTF-8''Jeanne_VALJEAN_Passeport_${document.id}.pdf`);
    const out = openOutput(res.rawPayload);
    expect(out.countPages()).toBe(2);
    for (const i of [0, 1]) expect(pageSize(out, i)).toEqual({ width: expect.closeTo(595.28, 0), height: expect.closeTo(841.89, 0) });
    expect(extractText(out).trim()).toBe('');
    expect(res.rawPayload.includes(Buffer.from('VALJEAN'))).toBe(false);
    const preview = await download(alpha, document.files[0].preview);
    expect(preview.statusCode).toBe(200);
    expect(preview.headers['content-type']).toBe('image/jpeg');
    expect(await sharp(preview.rawPayload).metadata()).toMatchObject({ format: 'jpeg', width: 300 });
    // Stored sealed: the raw PDF blob is not a PDF.
    const row = await documentOf(tenantId);
    expect((await storedBlobs(app).raw(row.pdf_blob_key!))!.subarray(0, 5).toString()).not.toBe('%PDF-');
    expect(row).toMatchObject({ pdf_generation: 1, pdf_pages: 2, render_error: null });
  });

  it('debounces a burst: three uploads to one document within the delay make one render job and one generation, of all three files', async () => {
    const tenantId = await named('burst');
    for (let i = 0; i < 3; i++) {
      expect((await alpha.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(1, `page ${i}`)])).status).toBe(200);
    }
    const { id } = await documentOf(tenantId);
    await drain();
    const jobs = await sql<{ n: string }>`select count(*) as n from pgboss.job where name = 'rental-document-render' and data->'p'->>'documentId' = ${String(id)}`.execute(app.db.kysely);
    expect(Number(jobs.rows[0]!.n)).toBe(1);
    expect(await documentOf(tenantId)).toMatchObject({ pdf_generation: 1, pdf_pages: 3, render_version: 3 });
    expect((await alpha.get(`/tenant/${tenantId}/profile`)).body.documents[0].files.map((f: { preview?: string }) => typeof f.preview)).toEqual(['string', 'string', 'string']);
  });

  it('discards a render whose document changed between its read and its commit (blobs deleted), and renders the new content', async () => {
    const tenantId = await named('stale');
    await alpha.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(1)]);
    const { id } = await documentOf(tenantId);
    const hooks = (await runtime()).renderHooks;
    const seen: string[][] = [];
    let changed = false;
    hooks.beforeCommit = async (documentId) => {
      if (documentId !== id) return;
      seen.push(await renderedBlobs(id));
      if (changed) return;
      changed = true;
      // A second file arrives while the first render is about to commit.
      expect((await alpha.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(2)])).status).toBe(200);
    };
    try {
      await drain();
    } finally {
      hooks.beforeCommit = undefined;
    }
    // 1st render: its PDF + 1 thumbnail, then discarded; 2nd render: PDF + 2 thumbnails, the 1st's already deleted.
    expect(seen.map((keys) => keys.length)).toEqual([2, 3]);
    for (const key of seen[0]!) expect(seen[1]).not.toContain(key);
    const row = await documentOf(tenantId);
    expect(row).toMatchObject({ pdf_generation: 1, pdf_pages: 3 });
    expect(await renderedBlobs(id)).toEqual(seen[1]);
  });

  it('records a file the pool refuses (pixel flood): the document stays, name null, error code and time kept, no retry', async () => {
    const tenantId = await named('hostile');
    const saved = await alpha.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [hostile('pixel-flood.png')], 'flood.png');
    expect(saved.status).toBe(200);
    await drain();
    const row = await documentOf(tenantId);
    expect(row).toMatchObject({ render_error: 'IMAGE_TOO_LARGE', pdf_blob_key: null, pdf_generation: 0 });
    expect(row.render_failed_at).toBeInstanceOf(Date);
    const jobs = await sql<{ state: string; retry_count: number }>`select state, retry_count from pgboss.job where name = 'rental-document-render' and data->'p'->>'documentId' = ${String(row.id)}`.execute(app.db.kysely);
    expect(jobs.rows).toEqual([{ state: 'completed', retry_count: 0 }]);
    const document = (await alpha.get(`/tenant/${tenantId}/profile`)).body.documents[0];
    expect(document).toMatchObject({ id: row.id, documentCategory: 'IDENTIFICATION' });
    expect(document.name).toBeUndefined();
    expect(document.files[0].preview).toBeUndefined();
  });

  it('documents:failures lists failed renders (step, code, when); documents:reprocess renders again, from the server or a command run alone', async () => {
    const context = app.contexts.get('rental') as ModuleContext<RentalSettings>;
    const command = (name: string, values: Record<string, string>, inServer = true) =>
      documentCommands.find((c) => c.name === name)!.run({ config: app.config, settings: context.settings, db: app.db, server: inServer ? context : undefined }, values);
    const tenantId = await named('failures');
    await alpha.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [hostile('pixel-flood.png')], 'flood.png');
    await alpha.upload('/register/documentProfessional', { tenantId, typeDocumentProfessional: 'CDI' }, [pdf(1)]);
    await drain();
    const failed = await documentOf(tenantId);
    const failures = (await command('documents:failures', { tenant: String(tenantId) })) as { documentId: number; error: string; step: string; failedAt: Date }[];
    expect(failures).toEqual([{ documentId: failed.id, tenantId, guarantorId: null, documentCategory: 'IDENTIFICATION', documentSubCategory: 'FRENCH_PASSPORT', step: 'render', error: 'IMAGE_TOO_LARGE', failedAt: failed.render_failed_at }]);
    await expect(command('documents:failures', { limit: '0' })).rejects.toThrow('--limit must be an integer from 1 to 10000');

    const professional = await documentOf(tenantId, 'PROFESSIONAL');
    expect(professional.pdf_generation).toBe(1);
    await expect(command('documents:reprocess', {})).rejects.toThrow('give --document ID or --tenant ID');
    await expect(command('documents:reprocess', { document: '999999' })).rejects.toThrow('no document 999999');
    expect(await command('documents:reprocess', { document: String(professional.id) })).toEqual({ requested: [professional.id] });
    await drain();
    expect((await documentOf(tenantId, 'PROFESSIONAL')).pdf_generation).toBe(2);
    // Alone (no server at hand): the render is queued all the same, and the server's workers do it.
    expect(await command('documents:reprocess', { tenant: String(tenantId) }, false)).toEqual({ requested: [failed.id, professional.id] });
    await drain();
    expect((await documentOf(tenantId, 'PROFESSIONAL')).pdf_generation).toBe(3);
    const again = await documentOf(tenantId);
    expect(again.render_error).toBe('IMAGE_TOO_LARGE');
    expect(again.render_failed_at!.getTime()).toBeGreaterThan(failed.render_failed_at!.getTime());
  });

  it('renders the statement page of a no-document case (TAX MY_PARENTS): one A4 page, no text, no files', async () => {
    const tenantId = await named('statement');
    expect((await alpha.upload('/register/documentTax', { tenantId, typeDocumentTax: 'MY_PARENTS', noDocument: true })).status).toBe(200);
    await drain();
    const document = (await alpha.get(`/tenant/${tenantId}/profile`)).body.documents[0];
    expect(document.files).toEqual([]);
    const res = await download(alpha, document.name);
    expect(res.statusCode).toBe(200);
    const out = openOutput(res.rawPayload);
    expect(out.countPages()).toBe(1);
    expect(pageSize(out, 0)).toEqual({ width: expect.closeTo(595.28, 0), height: expect.closeTo(841.89, 0) });
    expect(extractText(out).trim()).toBe('');
    expect(res.headers['content-disposition']).toContain(`Jeanne_VALJEAN_Attestation_rattachement_fiscal_${document.id}.pdf`);
    // FINANCIAL without documents: the explanation page, likewise one page.
    expect((await alpha.upload('/register/documentFinancial', { tenantId, typeDocumentFinancial: 'NO_INCOME', noDocument: true, customText: 'Sans revenus', monthlySum: 0 })).status).toBe(200);
    await drain();
    const financial = await documentOf(tenantId, 'FINANCIAL');
    expect(financial).toMatchObject({ pdf_generation: 1, pdf_pages: 1, render_error: null });
  });

  it('deletes the thumbnail with its file, the PDF and thumbnails with the document, and everything with the account', async () => {
    const tenantId = await named('deletion');
    await alpha.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(1), pdf(1)]);
    await alpha.upload('/register/documentTax', { tenantId, typeDocumentTax: 'MY_PARENTS', noDocument: true });
    await drain();
    const identity = await documentOf(tenantId);
    const tax = await documentOf(tenantId, 'TAX');
    const files = await db().selectFrom('rental.files').select(['id', 'thumbnail_blob_key']).where('document_id', '=', identity.id).orderBy('id').execute();
    const blobs = storedBlobs(app);
    expect(await blobs.exists(files[0]!.thumbnail_blob_key!)).toBe(true);
    expect((await alpha.delete(`/tenant/${tenantId}/file/${files[0]!.id}`)).status).toBe(200);
    expect(await blobs.exists(files[0]!.thumbnail_blob_key!)).toBe(false);
    await drain(); // the file deletion re-renders the document from the file left
    const rerendered = await documentOf(tenantId);
    expect(rerendered).toMatchObject({ pdf_generation: 2, pdf_pages: 1 });
    expect(await blobs.exists(identity.pdf_blob_key!)).toBe(false);
    expect((await alpha.delete(`/tenant/${tenantId}/document/${identity.id}`)).status).toBe(200);
    expect(await renderedBlobs(identity.id)).toEqual([]);
    expect(await renderedBlobs(tax.id)).toHaveLength(1);
    expect((await alpha.delete(`/tenant/${tenantId}/user/deleteAccount`)).status).toBe(200);
    expect(await renderedBlobs(tax.id)).toEqual([]);
  });

  it('the orphan sweeper keeps rendered PDFs and thumbnails, and removes what a render that died before its commit left', async () => {
    const tenantId = await named('sweep');
    await alpha.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(1)]);
    await drain();
    const { id } = await documentOf(tenantId);
    const rendered = await renderedBlobs(id);
    expect(rendered).toHaveLength(2);
    const rt = await runtime();
    const orphan = await rt.blobs.writeNew(`rental/rendered/document_${id}`, Buffer.from('never committed'));
    // Two hours on: every blob is past the grace period.
    const result = await sweepOrphanBlobs(rt.db, rt.store, new Date(Date.now() + 2 * 3_600_000), 3_600_000);
    expect(result.removed).toBe(1);
    expect(await renderedBlobs(id)).toEqual(rendered);
    expect(await storedBlobs(app).exists(orphan.key)).toBe(false);
  });

  it("gives another partner no access: 403 on the tenant, 404 on another apartment's document through its own tenant", async () => {
    const tenantId = await named('isolation');
    await alpha.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [pdf(1)]);
    await drain();
    const document = (await alpha.get(`/tenant/${tenantId}/profile`)).body.documents[0];
    for (const url of [document.name, document.files[0].preview]) {
      const res = await download(beta, url);
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ status: 'FORBIDDEN', message: 'Access Denied' });
    }
    const own = await beta.newTenant('own');
    const viaOwn = await download(beta, `/api-partner/tenant/${own}/document/${document.id}/pdf`);
    expect(viaOwn.statusCode).toBe(404);
    expect(viaOwn.json()).toEqual({ status: 'NOT_FOUND', message: 'Document not found' });
    const previewViaOwn = await download(beta, `/api-partner/tenant/${own}/file/${document.files[0].id}/preview`);
    expect(previewViaOwn.statusCode).toBe(404);
    expect(previewViaOwn.json()).toEqual({ status: 'NOT_FOUND', message: 'File not found' });
  });
});
