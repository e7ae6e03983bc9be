import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { masterKeyId } from '../../src/platform/crypto/envelope.ts';
import { CommandError, type ModuleContext } from '../../src/platform/module.ts';
import { rentalModule, type RentalSettings } from '../../src/rental/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { storedBlobs } from '../support/blobs.ts';
import { newPartner, pdf, postMultipart, tokenFor } from './helpers.ts';

/**
 * Master-key rotation: data keys live wrapped in the rows (files, token signing keys), so
 * `rental:keys:rotate` rewraps them under the new master key and never rewrites a blob; the old key
 * stays readable through FOYER_MASTER_KEY_PREVIOUS until the rotation is done.
 */
describe('rental:keys:rotate', () => {
  const keyA = randomBytes(32).toString('hex');
  const keyB = randomBytes(32).toString('hex');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-rotation-'));
  let app: TestApp | undefined;
  afterAll(async () => {
    await app?.destroy();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const rotate = rentalModule.commands.find((c) => c.name === 'rental:keys:rotate')!;
  const rotateIn = (running: TestApp, config = running.config) => {
    const context = running.contexts.get('rental') as ModuleContext<RentalSettings>;
    return rotate.run({ config, settings: context.settings, db: running.db, server: context }, {});
  };
  const fileRows = async (running: TestApp) =>
    (await sql<{ id: number; blob_key: string; master_key_id: string }>`select id, blob_key, master_key_id from rental.files order by id`.execute(running.db.kysely)).rows;
  const signingKeyIds = async (running: TestApp) => (await sql<{ master_key_id: string }>`select master_key_id from rental.signing_keys`.execute(running.db.kysely)).rows.map((r) => r.master_key_id);
  const download = (running: TestApp, token: string, tenantId: number, fileId: number) =>
    running.http.inject({ method: 'GET', url: `/api-partner/tenant/${tenantId}/file/resource/${fileId}`, headers: { authorization: `Bearer ${token}` } });

  it('uploads under key A, rotates to B without rewriting a blob, and reads everything back with only B', async () => {
    // Key A: a partner, a tenant, one uploaded document.
    app = await startTestApp({ dataDir, env: { FOYER_MASTER_KEY: keyA, FOYER_RENTAL_RENDER_DELAY_SECONDS: '0', FOYER_DOCUMENTS_THREADS: '1' } });
    const partner = await newPartner(app);
    let token = await tokenFor(app, partner.clientId, partner.clientSecret);
    const tenantId = (await app.http.inject({ method: 'POST', url: '/api-partner/register/account', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: { email: 'rotation@example.com' } })).json().id as number;
    const first = pdf(1, 'SOUS LA CLE A');
    expect((await postMultipart(app, token, '/register/documentIdentification', { tenantId, typeDocumentIdentification: 'FRENCH_PASSPORT' }, [first])).status).toBe(200);
    // Its watermarked PDF and thumbnail are sealed under A too.
    await app.queue.drain(['rental-document-render'], 60_000);
    const [underA] = await fileRows(app);
    expect(underA!.master_key_id).toBe(masterKeyId(Buffer.from(keyA, 'hex')));
    const rawBefore = (await storedBlobs(app).raw(underA!.blob_key))!;
    const { databaseUrl } = app;
    await app.close();

    // Key B, A as previous: the old blob still reads, new uploads go under B.
    app = await startTestApp({ dataDir, databaseUrl, env: { FOYER_MASTER_KEY: keyB, FOYER_MASTER_KEY_PREVIOUS: keyA } });
    token = await tokenFor(app, partner.clientId, partner.clientSecret);
    expect((await download(app, token, tenantId, underA!.id)).rawPayload.equals(first)).toBe(true);
    const second = pdf(1, 'SOUS LA CLE B');
    expect((await postMultipart(app, token, '/register/documentResidency', { tenantId, typeDocumentResidency: 'TENANT' }, [second])).status).toBe(200);
    const idB = masterKeyId(Buffer.from(keyB, 'hex'));
    expect((await fileRows(app)).map((r) => r.master_key_id)).toEqual([masterKeyId(Buffer.from(keyA, 'hex')), idB]);

    // Without A configured the rotation refuses, naming the key, and changes nothing.
    await expect(rotateIn(app, { ...app.config, previousMasterKeys: [] })).rejects.toEqual(
      new CommandError(`data keys are wrapped by master key ${masterKeyId(Buffer.from(keyA, 'hex'))}, which is neither FOYER_MASTER_KEY nor in FOYER_MASTER_KEY_PREVIOUS: nothing was rewrapped`),
    );
    expect((await fileRows(app))[0]!.master_key_id).toBe(masterKeyId(Buffer.from(keyA, 'hex')));

    // The rotation rewraps what is still under A (one file, the signing key, the two PARTNER share-link
    // tokens of the account); a second run finds nothing.
    expect(await rotateIn(app)).toEqual({ masterKeyId: idB, files: 1, signingKeys: 1, renders: 2, shareLinks: 2, webhooks: 0 });
    expect(await rotateIn(app)).toEqual({ masterKeyId: idB, files: 0, signingKeys: 0, renders: 0, shareLinks: 0, webhooks: 0 });
    expect((await fileRows(app)).map((r) => r.master_key_id)).toEqual([idB, idB]);
    expect(await signingKeyIds(app)).toEqual([idB]);
    // The server that ran it goes on serving the rotated rows.
    expect((await download(app, token, tenantId, underA!.id)).rawPayload.equals(first)).toBe(true);
    await app.close();

    // Only B: tokens are signed (the signing key opens), both documents read back.
    app = await startTestApp({ dataDir, databaseUrl, env: { FOYER_MASTER_KEY: keyB } });
    token = await tokenFor(app, partner.clientId, partner.clientSecret);
    const [rotated, fresh] = await fileRows(app);
    expect((await download(app, token, tenantId, rotated!.id)).rawPayload.equals(first)).toBe(true);
    expect((await download(app, token, tenantId, fresh!.id)).rawPayload.equals(second)).toBe(true);
    // The rendered PDF and thumbnail, sealed under A, open with B alone.
    const identity = (await app.http.inject({ method: 'GET', url: `/api-partner/tenant/${tenantId}/profile`, headers: { authorization: `Bearer ${token}` } })).json().documents[0];
    for (const url of [identity.name, identity.files[0].preview]) {
      const res = await app.http.inject({ method: 'GET', url: url.replace('http://foyer.test', ''), headers: { authorization: `Bearer ${token}` } });
      expect(res.statusCode).toBe(200);
      expect(res.rawPayload.length).toBeGreaterThan(1000);
    }
    // The blob itself was never rewritten.
    expect((await storedBlobs(app).raw(rotated!.blob_key))!.equals(rawBefore)).toBe(true);
  });
});
