import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleContext } from '../../src/platform/module.ts';
import type { RentalSettings } from '../../src/rental/index.ts';
import { rentalRuntime, type RentalRuntime } from '../../src/rental/module/runtime.ts';
import { recordTenantEvent } from '../../src/rental/events/record.ts';
import { openPayload } from '../../src/rental/events/payload.ts';
import { createPartner } from '../../src/rental/partners/partners.ts';
import { ensurePartnerLinks } from '../../src/rental/sharing/links.ts';
import { startTestApp, type TestApp } from '../support/app.ts';

/**
 * The bytes of a recorded payload, pinned for an apartment with everything the ApplicationModel
 * carries (two tenants, a guarantor with documents, a document with a rendered PDF, text needing
 * JSON escapes, VALIDATED with PARTNER links) and a fan-out to two partners linked to different
 * tenants: the recorder reads the apartment once for both, and each still gets its own model.
 */
describe('webhook payload of a fan-out (§9.2, §9.3): one read of the apartment, each partner its own model', () => {
  let app: TestApp;
  let runtime: RentalRuntime;
  beforeAll(async () => {
    app = await startTestApp();
    runtime = await rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>);
    await runtime.webhooks?.stop();
  });
  afterAll(() => app.destroy());

  it('records one row per receiving partner, each payload the exact ApplicationModel that partner sees', async () => {
    const db = runtime.db;
    const stamp = Date.now();
    const partner = async (name: string, callbackUrl?: string) => (await createPartner(db, { name: `${name}-${stamp}`, displayName: name, ...(callbackUrl ? { callbackUrl } : {}) })).partner.id;
    const first = await partner('first', 'http://127.0.0.1:9/first');
    const second = await partner('second', 'http://127.0.0.1:9/second');
    const mute = await partner('mute');
    const apartment = (await db.insertInto('rental.apartment_sharings').values({ application_type: 'COUPLE', last_update_date: new Date(Date.UTC(2026, 1, 3, 10, 11, 12, 345)) }).returning('id').executeTakeFirstOrThrow()).id;
    const tenant = async (i: number, extra: Record<string, unknown>) =>
      (
        await db
          .insertInto('rental.tenants')
          .values({ apartment_sharing_id: apartment, email: `fan${i}.${stamp}@example.com`, first_name: `Zoé "${i}"`, last_name: `Line\u2028${i}`, tenant_type: i ? 'JOIN' : 'CREATE', status: 'VALIDATED', creation_date: new Date(), last_update_date: new Date(Date.UTC(2026, 0, 2 + i, 8, 0, 0, 7)), ...extra })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id;
    const main = await tenant(0, { preferred_name: 'Zo', honor_declaration: true });
    const mate = await tenant(1, { zip_code: '75001', clarification: 'a\nb' });
    await db.insertInto('rental.tenant_partners').values([{ tenant_id: main, partner_id: first }, { tenant_id: mate, partner_id: second }, { tenant_id: mate, partner_id: mute }]).execute();
    const own = (await db.insertInto('rental.documents').values({ tenant_id: main, document_category: 'IDENTIFICATION', document_sub_category: 'FRENCH_PASSPORT', document_status: 'VALIDATED', pdf_blob_key: `fanout-${stamp}` }).returning('id').executeTakeFirstOrThrow()).id;
    const income = (await db.insertInto('rental.documents').values({ tenant_id: mate, document_category: 'FINANCIAL', document_sub_category: 'SALARY', document_status: 'VALIDATED', monthly_sum: 2100, custom_text: 'net', no_document: false }).returning('id').executeTakeFirstOrThrow()).id;
    const guarantor = (await db.insertInto('rental.guarantors').values({ tenant_id: main, type_guarantor: 'LEGAL_PERSON', legal_person_name: 'SCI Les Tilleuls' }).returning('id').executeTakeFirstOrThrow()).id;
    const kbis = (await db.insertInto('rental.documents').values({ guarantor_id: guarantor, document_category: 'IDENTIFICATION_LEGAL_PERSON', document_sub_category: 'LEGAL_PERSON', document_status: 'VALIDATED' }).returning('id').executeTakeFirstOrThrow()).id;
    await ensurePartnerLinks(db, runtime.keys, apartment, [first], new Date());

    const ids = await db.transaction().execute((trx) => recordTenantEvent(trx, { type: 'VERIFIED_ACCOUNT', tenantId: mate, now: new Date() }));
    const rows = await db.selectFrom('rental.webhook_events').selectAll().where('webhook_id', 'in', ids).orderBy('partner_id').execute();
    expect(rows.map((r) => r.partner_id)).toEqual([first, second]);
    const payload = (i: number) => openPayload(runtime.keys, rows[i]!.webhook_id, rows[i] as Parameters<typeof openPayload>[2]).toString('utf8');
    const link = await db.selectFrom('rental.share_links').select('id').where('apartment_sharing_id', '=', apartment).where('partner_id', '=', first).where('full_data', '=', true).executeTakeFirstOrThrow();
    expect(link.id).toBeGreaterThan(0);
    const token = /\/partage\/([A-Za-z0-9_-]{43})"/.exec(payload(0))?.[1];
    expect(token).toBeDefined();
    const api = runtime.apiBase;
    const documents = {
      own: `{"id":${own},"documentCategory":"IDENTIFICATION","documentSubCategory":"FRENCH_PASSPORT","subCategory":"FRENCH_PASSPORT","documentStatus":"VALIDATED","name":"${api}/tenant/${main}/document/${own}/pdf"}`,
      kbis: `{"id":${kbis},"documentCategory":"IDENTIFICATION_LEGAL_PERSON","documentSubCategory":"LEGAL_PERSON","subCategory":"LEGAL_PERSON","documentStatus":"VALIDATED"}`,
      income: `{"id":${income},"documentCategory":"FINANCIAL","documentSubCategory":"SALARY","subCategory":"SALARY","customText":"net","monthlySum":2100,"documentStatus":"VALIDATED"}`,
    };
    const tenants = (linked: [boolean, boolean]) =>
      `"tenants":[` +
      `{"id":${main},"firstName":"Zoé \\"0\\"","lastName":"Line\u20280","preferredName":"Zo","email":"fan0.${stamp}@example.com","tenantType":"CREATE","franceConnect":false,"ownerType":"SELF","status":"VALIDATED","honorDeclaration":true,"lastUpdateDate":"2026-01-02T09:00:00.007000","partnerLinked":${linked[0]},"documents":[${documents.own}],"guarantors":[{"id":${guarantor},"legalPersonName":"SCI Les Tilleuls","typeGuarantor":"LEGAL_PERSON","documents":[${documents.kbis}]}]},` +
      `{"id":${mate},"firstName":"Zoé \\"1\\"","lastName":"Line\u20281","zipCode":"75001","email":"fan1.${stamp}@example.com","tenantType":"JOIN","franceConnect":false,"ownerType":"SELF","status":"VALIDATED","honorDeclaration":false,"clarification":"a\\nb","lastUpdateDate":"2026-01-03T09:00:00.007000","partnerLinked":${linked[1]},"documents":[${documents.income}],"guarantors":[]}]`;
    const head = `{"id":${apartment},"applicationType":"COUPLE"`;
    const tail = `"status":"VALIDATED","lastUpdateDate":"2026-02-03T11:11:12.345000",`;
    const base = runtime.sharing.publicBase;
    expect(payload(0)).toBe(`${head},"dossierUrl":"${base}/partage/${token}","dossierPdfUrl":"${base}/application/fullPdf/${token}","dossierPdfDocumentStatus":"NONE",${tail}${tenants([true, false])},"partnerCallBackType":"VERIFIED_ACCOUNT","onTenantId":${mate}}`);
    expect(payload(1)).toBe(`${head},${tail}${tenants([false, true])},"partnerCallBackType":"VERIFIED_ACCOUNT","onTenantId":${mate}}`);
  });
});
