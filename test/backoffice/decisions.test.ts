import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRentalDb } from '../../src/rental/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { completeTenantFile, partnerClient, pdf, type PartnerClient } from '../rental/helpers.ts';
import { operatorClient, validateAll, type OperatorClient } from './helpers.ts';

let app: TestApp;
let partner: PartnerClient;
let operator: OperatorClient;

beforeAll(async () => {
  app = await startTestApp({ env: { FOYER_RENTAL_RENDER_DELAY_SECONDS: '0', FOYER_DOCUMENTS_THREADS: '1' } });
  partner = await partnerClient(app, { callbackUrl: 'http://127.0.0.1:9/hook' });
  operator = await operatorClient(app, 'OPERATOR');
});
afterAll(async () => {
  await app?.destroy();
});

async function fileToProcess() {
  const tenantId = await partner.newTenant('decision');
  await completeTenantFile(partner, tenantId);
  await partner.post('/register/honorDeclaration', { tenantId, honorDeclaration: true });
  return tenantId;
}
const db = () => asRentalDb(app.db.kysely);

describe('processFile', () => {
  it('two operators deciding the same file at once: the second is refused, the first is intact, one audit set', async () => {
    const tenantId = await fileToProcess();
    const other = await operatorClient(app, 'OPERATOR', '10.0.0.2');
    const [a, b] = [(await operator.get(`/files/${tenantId}`)).body, (await other.get(`/files/${tenantId}`)).body];
    expect(a.version).toBe(b.version);
    const declineFirst = validateAll(b);
    declineFirst.documents[0] = { documentId: declineFirst.documents[0]!.documentId, decision: 'DECLINED', comment: 'illisible' } as never;
    const [first, second] = await Promise.all([operator.post(`/files/${tenantId}/decision`, validateAll(a)), other.post(`/files/${tenantId}/decision`, declineFirst)]);
    const statuses = [first.status, second.status].sort();
    expect(statuses).toEqual([200, 409]);
    const [winner, loser] = first.status === 200 ? [first, second] : [second, first];
    expect(loser.body).toEqual({ error: 'STALE_VERSION', message: 'The file changed since you opened it (another decision, or a change by the tenant): open it again before deciding' });
    const winnerId = winner === first ? operator.operator.id : other.operator.id;
    const audit = await db().selectFrom('rental.operator_audit').select(['operator_id']).where('tenant_id', '=', tenantId).execute();
    expect(audit).toHaveLength(5);
    expect(new Set(audit.map((r) => r.operator_id))).toEqual(new Set([winnerId]));
    const reopened = (await operator.get(`/files/${tenantId}`)).body;
    expect(reopened.tenant.status).toBe(winner.body.status);
    const statusesAfter = reopened.documents.map((d: { documentStatus: string }) => d.documentStatus);
    expect(statusesAfter).toEqual(winner === first ? ['VALIDATED', 'VALIDATED', 'VALIDATED', 'VALIDATED', 'VALIDATED'] : ['DECLINED', 'VALIDATED', 'VALIDATED', 'VALIDATED', 'VALIDATED']);
  });

  it('an upload between opening and deciding makes the decision stale (409), nothing written', async () => {
    const tenantId = await fileToProcess();
    const opened = (await operator.get(`/files/${tenantId}`)).body;
    const upload = await partner.upload('/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_IDENTITY_CARD' }, [pdf(2)]);
    expect(upload.status).toBe(200);
    const res = await operator.post(`/files/${tenantId}/decision`, validateAll(opened));
    expect(res.status).toBe(409);
    expect(res.body.error).toBe('STALE_VERSION');
    expect(await db().selectFrom('rental.operator_audit').select('id').where('tenant_id', '=', tenantId).execute()).toEqual([]);
  });

  it('refuses incomplete or inconsistent decisions, naming the field', async () => {
    const tenantId = await fileToProcess();
    const opened = (await operator.get(`/files/${tenantId}`)).body;
    const all = validateAll(opened);
    const cases: [unknown, string][] = [
      [{ ...all, documents: all.documents.slice(1) }, `documents: every document to process needs a decision; missing ${all.documents[0]!.documentId}`],
      [{ ...all, documents: [...all.documents, all.documents[0]] }, `documents/5/documentId: ${all.documents[0]!.documentId} is decided twice`],
      [{ ...all, documents: [{ documentId: 999999, decision: 'VALIDATED' }] }, 'documents/0/documentId: 999999 is not a document of this tenant or of its guarantors'],
      [{ ...all, documents: all.documents.map((d, i) => (i === 0 ? { ...d, decision: 'DECLINED' } : d)) }, 'documents/0: a DECLINED document needs at least one deny reason or a comment'],
      [{ ...all, documents: all.documents.map((d, i) => (i === 0 ? { ...d, comment: 'x' } : d)) }, 'documents/0: a VALIDATED document carries no deny reason and no comment'],
    ];
    for (const [body, detail] of cases) {
      const res = await operator.post(`/files/${tenantId}/decision`, body);
      expect(res.status, detail).toBe(400);
      expect(res.body).toEqual({ error: 'INVALID', message: 'The request is invalid', details: [detail] });
    }
    // A reason of another category is refused.
    const taxReason = (await operator.get('/deny-reasons?documentCategory=TAX&documentUserType=tenant')).body[0];
    const identity = opened.documents.find((d: { documentCategory: string }) => d.documentCategory === 'IDENTIFICATION');
    const wrong = await operator.post(`/files/${tenantId}/decision`, { ...all, documents: all.documents.map((d) => (d.documentId === identity.id ? { documentId: d.documentId, decision: 'DECLINED', reasonIds: [taxReason.id] } : d)) });
    expect(wrong.status).toBe(400);
    expect(wrong.body.details[0]).toMatch(/reasonIds\/0: .* is not a reason for a tenant IDENTIFICATION FRENCH_IDENTITY_CARD document/);
    const unknown = await operator.post('/files/999999/decision', all);
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ error: 'NOT_FOUND', message: 'Tenant not found' });
    expect(await db().selectFrom('rental.operator_audit').select('id').where('tenant_id', '=', tenantId).execute()).toEqual([]);
  });

  it('corrects the monthly sum of a FINANCIAL document and tells the tenant', async () => {
    const tenantId = await fileToProcess();
    const opened = (await operator.get(`/files/${tenantId}`)).body;
    const financial = opened.documents.find((d: { documentCategory: string }) => d.documentCategory === 'FINANCIAL');
    const body = validateAll(opened);
    body.documents = body.documents.map((d) => (d.documentId === financial.id ? { ...d, monthlySum: 1850 } : d)) as typeof body.documents;
    const res = await operator.post(`/files/${tenantId}/decision`, body);
    expect(res.status).toBe(200);
    expect(res.body.status).toBe('VALIDATED');
    const profile = (await partner.get(`/tenant/${tenantId}/profile`)).body;
    expect(profile.documents.find((d: { documentCategory: string }) => d.documentCategory === 'FINANCIAL').monthlySum).toBe(1850);
    const messages = (await partner.get(`/tenant/${tenantId}/message`)).body;
    expect(messages[0].messageBody).toContain('Le montant mensuel déclaré a été corrigé : 1850 €.');
    const audit = await db().selectFrom('rental.operator_audit').select('details').where('document_id', '=', financial.id).executeTakeFirstOrThrow();
    expect(audit.details).toEqual({ reasonIds: [], monthlySumCorrected: true });
  });

  it('shows processing failures and streams the watermarked PDF once rendered', async () => {
    const tenantId = await fileToProcess();
    const opened = (await operator.get(`/files/${tenantId}`)).body;
    const doc = opened.documents[0];
    await db().updateTable('rental.documents').set({ render_error: 'PDF_UNREADABLE', render_failed_at: new Date('2026-11-30T10:00:00Z') }).where('id', '=', doc.id).execute();
    const again = (await operator.get(`/files/${tenantId}`)).body;
    expect(again.documents[0]).toMatchObject({ renderError: 'PDF_UNREADABLE', renderFailedAt: '2026-11-30T10:00:00.000Z' });
    // Rendering is a job: once it ran, the PDF link appears and streams.
    await app.queue.drain(['rental-document-render'], 60_000);
    const rendered = (await operator.get(`/files/${tenantId}`)).body;
    const withPdf = rendered.documents.find((d: { pdfUrl: string | null }) => d.pdfUrl !== null);
    expect(withPdf).toBeDefined();
    const res = await operator.get(withPdf.pdfUrl.replace('/backoffice/api', ''));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.raw.subarray(0, 5).toString()).toBe('%PDF-');
    const missing = await operator.get(`/files/${tenantId}/originals/999999`);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: 'NOT_FOUND', message: 'File not found' });
  });
});
