import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModuleContext } from '../../src/platform/module.ts';
import type { RentalSettings } from '../../src/rental/index.ts';
import { rentalRuntime, type RentalRuntime } from '../../src/rental/module/runtime.ts';
import { linkTenantToPartners } from '../../src/rental/tenants/partner-access.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { startReceiver, until } from '../support/webhook-receiver.ts';
import { operatorClient, validateAll, type OperatorClient } from '../backoffice/helpers.ts';
import { completeTenantFile, partnerClient, type PartnerClient } from './helpers.ts';

/**
 * The §1.3 link lifecycle: `registerTenant` on every linking path (the link, the two PARTNER share
 * links, the webhook a newly linked partner gets when the tenant is already TO_PROCESS or VALIDATED),
 * and revocation (link gone, ACCESS_REVOKED, PARTNER_ACCESS_REVOKED log, PARTNER share links revoked
 * when the partner reaches the file through no one else), as the partner's receiver sees it.
 */
let app: TestApp;
let runtime: RentalRuntime;
let support: OperatorClient;
const receivers: Awaited<ReturnType<typeof startReceiver>>[] = [];
const NOT_FOUND = { status: 'NOT_FOUND', message: 'Link not found' };

beforeAll(async () => {
  app = await startTestApp({ env: { FOYER_RENTAL_WEBHOOK_ALLOW_PRIVATE: 'true', FOYER_RENTAL_WEBHOOK_POLL_MS: '25' } });
  runtime = await rentalRuntime(app.contexts.get('rental') as ModuleContext<RentalSettings>);
  support = await operatorClient(app, 'SUPPORT', '10.2.0.1');
});
afterAll(async () => {
  for (const r of receivers) await r.close();
  await app?.destroy();
});

/** A partner whose callback is a live receiver; `got()` is what arrived, as `TYPE:onTenantId`. */
async function hookedPartner() {
  const hook = await startReceiver();
  receivers.push(hook);
  const client = await partnerClient(app, { callbackUrl: `${hook.url}/foyer` });
  const bodies = () => hook.received.map((r) => JSON.parse(r.body) as { partnerCallBackType: string; onTenantId: number; status?: string; dossierUrl?: string; tenants?: { id: number; partnerLinked: boolean }[] });
  const got = () => bodies().map((b) => `${b.partnerCallBackType}:${b.onTenantId}`);
  const waitFor = (count: number) => until(`${count} webhooks`, () => hook.received.length >= count);
  return { hook, client, bodies, got, waitFor };
}

/** Outbox rows after `since`, as `TYPE:tenant:partner`, in the order they were recorded. */
const lastEventId = async () => (await runtime.db.selectFrom('rental.webhook_events').select((eb) => eb.fn.max('id').as('id')).executeTakeFirst())?.id ?? '0';
const eventsSince = async (since: string) =>
  (await runtime.db.selectFrom('rental.webhook_events').select(['event_type', 'tenant_id', 'partner_id']).where('id', '>', since).orderBy('id').execute()).map((e) => `${e.event_type}:${e.tenant_id}:${e.partner_id}`);

async function toProcess(client: PartnerClient, label: string) {
  const tenantId = await client.newTenant(label);
  await completeTenantFile(client, tenantId);
  expect((await client.post('/register/honorDeclaration', { tenantId, honorDeclaration: true })).body.status).toBe('TO_PROCESS');
  return tenantId;
}

const open = (url: string) => app.http.inject({ method: 'GET', url: url.replace('http://foyer.test', '') });
const tokenOf = (url: string) => url.split('/partage/')[1]!;
async function partnerLinkUrls(client: PartnerClient, tenantId: number) {
  const list = await client.get(`/tenant/${tenantId}/shareLinks`);
  expect(list.status).toBe(200);
  const partner = (list.body as { type: string; fullData: boolean; url: string; status: string }[]).filter((l) => l.type === 'PARTNER');
  expect(partner.map((l) => [l.fullData, l.status])).toEqual([[true, 'ACTIVE'], [false, 'ACTIVE']]);
  return partner.map((l) => l.url);
}
const link = (tenantId: number, partnerIds: number[]) => runtime.db.transaction().execute((trx) => linkTenantToPartners(trx, runtime.keys, tenantId, partnerIds, runtime.now()));

describe('linking (§1.3 registerTenant)', () => {
  it('a co-tenant joining a TO_PROCESS file is linked to the partner with no webhook (it is INCOMPLETE); its own submission then sends CREATED_ACCOUNT exactly once', async () => {
    const { client, got, waitFor } = await hookedPartner();
    const main = await toProcess(client, 'join-main');
    await waitFor(1);
    const before = await lastEventId();
    const res = await client.post('/register/application/v2', { tenantId: main, applicationType: 'GROUP', coTenants: [{ firstName: 'Paul', lastName: 'Join', email: `paul.join.${main}@example.com` }], acceptAccess: true });
    expect(res.status).toBe(200);
    const co = (res.body.apartmentSharing.tenants as { id: number; tenantType: string }[]).find((t) => t.tenantType === 'JOIN')!.id;
    // Linked (its profile answers), no second pair of PARTNER links, and nothing recorded for the link.
    const profile = await client.get(`/tenant/${co}/profile`);
    expect([profile.status, profile.body.status]).toEqual([200, 'INCOMPLETE']);
    expect(await partnerLinkUrls(client, co)).toEqual(await partnerLinkUrls(client, main));
    expect(await eventsSince(before)).toEqual([]);
    await completeTenantFile(client, co, 'Paul');
    expect((await client.post('/register/honorDeclaration', { tenantId: co, honorDeclaration: true })).body.status).toBe('TO_PROCESS');
    expect(await eventsSince(before)).toEqual([`CREATED_ACCOUNT:${co}:${client.partner.id}`]);
    await waitFor(2);
    expect(got()).toEqual([`CREATED_ACCOUNT:${main}`, `CREATED_ACCOUNT:${co}`]);
  });

  it('a partner newly linked to a TO_PROCESS tenant gets CREATED_ACCOUNT at once, alone, with its share links; linking again records and sends nothing', async () => {
    const owner = await hookedPartner();
    const newcomer = await hookedPartner();
    const tenantId = await toProcess(owner.client, 'relink');
    await owner.waitFor(1);
    const before = await lastEventId();
    expect(await link(tenantId, [newcomer.client.partner.id])).toEqual([newcomer.client.partner.id]);
    expect(await eventsSince(before)).toEqual([`CREATED_ACCOUNT:${tenantId}:${newcomer.client.partner.id}`]);
    await newcomer.waitFor(1);
    const [payload] = newcomer.bodies();
    expect({ type: payload!.partnerCallBackType, onTenantId: payload!.onTenantId, status: payload!.status, linked: payload!.tenants!.map((t) => [t.id, t.partnerLinked]) }).toEqual({
      type: 'CREATED_ACCOUNT',
      onTenantId: tenantId,
      status: 'TO_PROCESS',
      linked: [[tenantId, true]],
    });
    const urls = await partnerLinkUrls(newcomer.client, tenantId);
    expect((await open(urls[0]!)).statusCode).toBe(200);

    // Twice, and with the owner's existing link: no new link, no event, no second pair of share links.
    const again = await lastEventId();
    expect(await link(tenantId, [newcomer.client.partner.id, owner.client.partner.id])).toEqual([]);
    expect(await eventsSince(again)).toEqual([]);
    expect(await partnerLinkUrls(newcomer.client, tenantId)).toEqual(urls);
    expect(newcomer.got()).toEqual([`CREATED_ACCOUNT:${tenantId}`]);
    expect(owner.got()).toEqual([`CREATED_ACCOUNT:${tenantId}`]);
  });

  it('a partner newly linked to a VALIDATED tenant gets VERIFIED_ACCOUNT with its own dossierUrl; a partner without a callback URL is linked and told nothing', async () => {
    const owner = await hookedPartner();
    const tenantId = await toProcess(owner.client, 'validated');
    const opened = (await support.get(`/files/${tenantId}`)).body;
    expect((await support.post(`/files/${tenantId}/decision`, validateAll(opened))).body.status).toBe('VALIDATED');
    const silent = await partnerClient(app);
    const newcomer = await hookedPartner();
    const before = await lastEventId();
    expect(await link(tenantId, [silent.partner.id, newcomer.client.partner.id])).toEqual([silent.partner.id, newcomer.client.partner.id].sort((a, b) => a - b));
    expect(await eventsSince(before)).toEqual([`VERIFIED_ACCOUNT:${tenantId}:${newcomer.client.partner.id}`]);
    expect((await silent.get(`/tenant/${tenantId}/profile`)).status).toBe(200);
    await partnerLinkUrls(silent, tenantId);
    await newcomer.waitFor(1);
    const [payload] = newcomer.bodies();
    const [fullUrl] = await partnerLinkUrls(newcomer.client, tenantId);
    expect([payload!.partnerCallBackType, payload!.status, payload!.dossierUrl]).toEqual(['VERIFIED_ACCOUNT', 'VALIDATED', fullUrl]);
  });
});

describe('revocation (§1.3 unlinking)', () => {
  /** `b` (beta's) merged into `a`'s file (alpha's): beta reaches that file only through `b`. */
  async function mergedFile() {
    const alpha = await hookedPartner();
    const beta = await hookedPartner();
    const a = await alpha.client.newTenant('merge-into');
    const b = await beta.client.newTenant('merge-from');
    const merged = await support.post('/merges', { tenantId: b, intoTenantId: a });
    expect(merged.status).toBe(200);
    expect(merged.body.tenantIds).toEqual([a, b]);
    return { alpha, beta, a, b, apartmentId: merged.body.apartmentSharingId as number };
  }

  it('a merge gives the partners of the moved tenants their PARTNER share links to the merged file', async () => {
    const { beta, a, b, apartmentId } = await mergedFile();
    const urls = await partnerLinkUrls(beta.client, b);
    const view = await open(urls[0]!);
    expect(view.statusCode).toBe(200);
    expect(JSON.parse(view.body)).toMatchObject({ fullData: true, applicationType: 'GROUP', tenants: [{}, {}] });
    const rows = await runtime.db.selectFrom('rental.share_links').select(['apartment_sharing_id', 'full_data', 'revoked_at']).where('partner_id', '=', beta.client.partner.id).where('link_type', '=', 'PARTNER').orderBy('id').execute();
    expect(rows).toEqual([true, false].map((full_data) => ({ apartment_sharing_id: apartmentId, full_data, revoked_at: null })));
    expect((await beta.client.get(`/tenant/${a}/profile`)).status).toBe(403);
  });

  it('a back-office dissociation of the only tenant a partner reached the file through: ACCESS_REVOKED, the revoked list, and its PARTNER links answer as revoked ones', async () => {
    const { alpha, beta, a, b, apartmentId } = await mergedFile();
    const betaUrls = await partnerLinkUrls(beta.client, b);
    const alphaUrls = await partnerLinkUrls(alpha.client, a);
    // A landlord link beta made itself: nobody could list or revoke it once beta has lost the file.
    const landlord = await beta.client.post(`/tenant/${b}/shareLinks`, { fullData: true, title: 'Agence Beta' });
    expect(landlord.status).toBe(201);
    expect((await open(landlord.body.url)).statusCode).toBe(200);
    const before = await lastEventId();
    const res = await support.post(`/tenants/${b}/dissociate`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ tenantId: b, apartmentSharingId: expect.any(Number), revokedPartnerIds: [beta.client.partner.id] });
    const [first, second] = [alpha.client.partner.id, beta.client.partner.id].sort((x, y) => x - y);
    expect(await eventsSince(before)).toEqual([
      `DISSOCIATED_ACCOUNT:${b}:${first}`,
      `DISSOCIATED_ACCOUNT:${b}:${second}`,
      `DISSOCIATED_ACCOUNT:${a}:${first}`,
      `DISSOCIATED_ACCOUNT:${a}:${second}`,
      `ACCESS_REVOKED:${b}:${beta.client.partner.id}`,
    ]);
    // Beta's receiver: the two MERGED_ACCOUNT, the two DISSOCIATED_ACCOUNT, then ACCESS_REVOKED, minimal (§9.2).
    await beta.waitFor(5);
    expect([...beta.got()].sort()).toEqual([`ACCESS_REVOKED:${b}`, `DISSOCIATED_ACCOUNT:${a}`, `DISSOCIATED_ACCOUNT:${b}`, `MERGED_ACCOUNT:${a}`, `MERGED_ACCOUNT:${b}`].sort());
    const revocation = beta.hook.received.find((r) => r.body.includes('ACCESS_REVOKED'))!;
    expect(JSON.parse(revocation.body)).toEqual({ partnerCallBackType: 'ACCESS_REVOKED', onTenantId: b });
    expect(beta.got().filter((g) => g.endsWith(`:${b}`))).toEqual([`MERGED_ACCOUNT:${b}`, `DISSOCIATED_ACCOUNT:${b}`, `ACCESS_REVOKED:${b}`]);

    // Beta's PARTNER links to the file are revoked (soft: the rows stay), and answer like any revoked link.
    for (const url of betaUrls) {
      const gone = await open(url);
      expect([gone.statusCode, JSON.parse(gone.body)]).toEqual([404, NOT_FOUND]);
    }
    const pdf = await open(`/api/application/fullPdf/${tokenOf(betaUrls[0]!)}`);
    expect([pdf.statusCode, JSON.parse(pdf.body)]).toEqual([404, NOT_FOUND]);
    const tenant = await runtime.db.selectFrom('rental.tenants').select('last_update_date').where('id', '=', b).executeTakeFirstOrThrow();
    const rows = await runtime.db.selectFrom('rental.share_links').select(['link_type', 'apartment_sharing_id', 'full_data', 'revoked_at']).where('partner_id', '=', beta.client.partner.id).orderBy('id').execute();
    expect(rows).toEqual([
      ...[true, false].map((full_data) => ({ link_type: 'PARTNER', apartment_sharing_id: apartmentId, full_data, revoked_at: tenant.last_update_date })),
      { link_type: 'LINK', apartment_sharing_id: apartmentId, full_data: true, revoked_at: tenant.last_update_date },
    ]);
    const landlordGone = await open(landlord.body.url);
    expect([landlordGone.statusCode, JSON.parse(landlordGone.body)]).toEqual([404, NOT_FOUND]);
    // Beta lost the tenant, and sees the revocation in its list; alpha keeps its file and its links.
    expect((await beta.client.get(`/tenant/${b}/profile`)).status).toBe(403);
    const listed = await beta.client.get('/tenant?includeRevoked=true');
    expect(listed.body.data).toEqual([{ id: b, apartmentSharingId: null, lastUpdateDate: null, creationDate: null, deletionDate: null, revocationDate: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d/) }]);
    const kept = await open(alphaUrls[0]!);
    expect(kept.statusCode).toBe(200);
    expect(JSON.parse(kept.body)).toMatchObject({ applicationType: 'ALONE', tenants: [{}] });
  });

  it('a dissociation where the partner stays linked to the main tenant: ACCESS_REVOKED for the co-tenant, the share links to the main file stay live', async () => {
    const { client, got, waitFor } = await hookedPartner();
    const main = await client.newTenant('stay-main');
    const co = (await client.post('/register/application/v2', { tenantId: main, applicationType: 'GROUP', coTenants: [{ firstName: 'Co', lastName: 'Stay', email: `co.stay.${main}@example.com` }], acceptAccess: true })).body.apartmentSharing.tenants.find(
      (t: { tenantType: string }) => t.tenantType === 'JOIN',
    ).id as number;
    const urls = await partnerLinkUrls(client, main);
    expect((await support.post(`/tenants/${co}/dissociate`)).body.revokedPartnerIds).toEqual([client.partner.id]);
    await waitFor(3);
    // Delivery order holds per (partner, tenant) only: the co-tenant's two in order, the main tenant's anywhere.
    expect(got().filter((g) => g.endsWith(`:${co}`))).toEqual([`DISSOCIATED_ACCOUNT:${co}`, `ACCESS_REVOKED:${co}`]);
    expect(got().filter((g) => g.endsWith(`:${main}`))).toEqual([`DISSOCIATED_ACCOUNT:${main}`]);
    expect(await partnerLinkUrls(client, main)).toEqual(urls);
    const view = await open(urls[1]!);
    expect(view.statusCode).toBe(200);
    expect(JSON.parse(view.body)).toMatchObject({ fullData: false, applicationType: 'ALONE', tenants: [{ firstName: null, lastName: null }] });
  });

  it('a partner deleting the co-tenant another partner reached the file through: DELETED_ACCOUNT (not ACCESS_REVOKED) to it, and its PARTNER links revoked', async () => {
    const { alpha, beta, a, b } = await mergedFile();
    const betaUrls = await partnerLinkUrls(beta.client, b);
    const before = await lastEventId();
    expect((await alpha.client.delete(`/tenant/${a}/deleteCoTenant/${b}`)).status).toBe(200);
    const [first, second] = [alpha.client.partner.id, beta.client.partner.id].sort((x, y) => x - y);
    expect(await eventsSince(before)).toEqual([`DELETED_ACCOUNT:${b}:${first}`, `DELETED_ACCOUNT:${b}:${second}`]);
    for (const url of betaUrls) {
      const gone = await open(url);
      expect([gone.statusCode, JSON.parse(gone.body)]).toEqual([404, NOT_FOUND]);
    }
    expect((await open((await partnerLinkUrls(alpha.client, a))[0]!)).statusCode).toBe(200);
  });
});
