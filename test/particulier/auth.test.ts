import { SignJWT } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { revokeToken } from '../../src/particulier/tokens/store.ts';
import { asParticulierDb } from '../../src/particulier/db.ts';
import { tokenSecret } from '../../src/particulier/tokens/jwt.ts';
import { bearer, DURANT, get, mintToken, RECIPIENT, startParticulierApp } from './helpers.ts';
import type { TestApp } from '../support/app.ts';

const QF = '/v3/dss/quotient_familial/identite';
const query = { ...DURANT, recipient: RECIPIENT };
const tokenError = (code: string, title: string, detail: string) => ({ errors: [{ code, title, detail, source: { parameter: 'token' }, meta: {} }] });
const INVALID = tokenError('00101', 'Interdit', "Votre token n'est pas valide ou n'est pas renseigné");
const INSUFFICIENT = tokenError(
  '00100',
  'Privilèges insuffisants',
  'Votre token est valide mais vos privilèges sont insuffisants. Listez vos privilèges sur /api/introspect',
);

describe('authentication and scopes', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startParticulierApp();
  });
  afterAll(async () => {
    await app.destroy();
  });

  it('no Authorization, another scheme, garbage → 401 00101', async () => {
    const variants: Record<string, string>[] = [{}, { authorization: 'Basic abc' }, bearer('not-a-jwt'), { 'x-api-key': 'whatever' }];
    for (const headers of variants) {
      const res = await get(app, QF, query, headers);
      expect([res.status, res.body]).toEqual([401, INVALID]);
    }
  });

  it('a JWT signed with another secret, or with an unknown jti → 401 00101', async () => {
    const { token } = await mintToken(app);
    const [header, payload] = token.split('.');
    const forged = `${header}.${payload}.${Buffer.from('x'.repeat(32)).toString('base64url')}`;
    expect((await get(app, QF, query, bearer(forged))).body).toEqual(INVALID);
    const unknown = await new SignJWT({ scopes: ['cnaf_quotient_familial'] })
      .setProtectedHeader({ alg: 'HS256' })
      .setJti('00000000-0000-0000-0000-000000000000')
      .sign(tokenSecret(app.masterKey));
    const res = await get(app, QF, query, bearer(unknown));
    expect([res.status, res.body]).toEqual([401, INVALID]);
  });

  it('expiry comes from the database row, not the JWT: expired row → 401 00103', async () => {
    const { jti, token } = await mintToken(app);
    expect((await get(app, QF, query, bearer(token))).status).toBe(200);
    await sql`update particulier.tokens set expires_at = now() - interval '1 second' where jti = ${jti}`.execute(app.db.kysely);
    const res = await get(app, QF, query, bearer(token));
    expect([res.status, res.body]).toEqual([401, tokenError('00103', 'Jeton expiré', 'Votre token est expiré. Vous devez refaire une demande')]);
  });

  it('a revoked token → 401 00105', async () => {
    const { jti, token } = await mintToken(app);
    expect(await revokeToken(asParticulierDb(app.db.kysely), jti)).toBe(true);
    const res = await get(app, QF, query, bearer(token));
    expect(res.status).toBe(401);
    expect(res.body.errors[0]).toMatchObject({ code: '00105', title: 'Jeton sur liste noire', source: { parameter: 'token' }, meta: {} });
  });

  it('a token without any scope of the endpoint → 403 00100; one scope is enough', async () => {
    const none = await mintToken(app, { scopes: ['cnous_email'] });
    expect(await get(app, QF, query, bearer(none.token))).toMatchObject({ status: 403, body: INSUFFICIENT });
    const one = await mintToken(app, { scopes: ['cnaf_enfants'] });
    const res = await get(app, QF, query, bearer(one.token));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data)).toEqual(['enfants']);
  });

  it('credentials are checked before parameters: a bad token with a bad recipient is a 401', async () => {
    const res = await get(app, QF, { recipient: 'x' });
    expect(res.status).toBe(401);
  });

  it('a token restricted to other client addresses → 403 00100', async () => {
    const elsewhere = await mintToken(app, { allowedIps: ['10.0.0.0/8'] });
    const res = await get(app, QF, query, bearer(elsewhere.token));
    expect(res.status).toBe(403);
    expect(res.body.errors[0]).toMatchObject({ code: '00100', title: 'Privilèges insuffisants', detail: "Votre jeton n'est pas utilisable depuis l'adresse 127.0.0.1." });
    const here = await mintToken(app, { allowedIps: ['127.0.0.0/8', '::1'] });
    expect((await get(app, QF, query, bearer(here.token))).status).toBe(200);
  });

  it('a token restricted to recipients → 403 00100 naming recipient for another SIRET', async () => {
    const { token } = await mintToken(app, { recipients: ['91978102100010'] });
    const res = await get(app, QF, query, bearer(token));
    expect(res.status).toBe(403);
    expect(res.body.errors[0]).toMatchObject({ code: '00100', source: { parameter: 'recipient' } });
    expect((await get(app, QF, { ...query, recipient: '91978102100010' }, bearer(token))).status).toBe(200);
  });

  it('GET /api/introspect answers the token id, name and scopes (header or ?token=)', async () => {
    const { jti, token } = await mintToken(app, { name: 'Mairie de Test', scopes: ['cnaf_enfants', 'cnous_email'] });
    for (const url of ['/api-particulier/api/introspect', `/api-particulier/api/introspect?token=${token}`]) {
      const res = await app.http.inject({ method: 'GET', url, headers: url.includes('?') ? {} : bearer(token) });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ _id: jti, name: 'Mairie de Test', scopes: ['cnaf_enfants', 'cnous_email'] });
    }
    const anonymous = await app.http.inject({ method: 'GET', url: '/api-particulier/api/introspect' });
    expect([anonymous.statusCode, anonymous.json()]).toEqual([401, INVALID]);
  });

  describe('FranceConnect routes', () => {
    const FC = '/v3/cnous/etudiant_boursier/france_connect';
    const fcError = (code: string, detail: string) => ({ errors: [{ code, title: 'Accès non autorisé', detail, source: null, meta: { provider: 'FranceConnect' } }] });

    it('take the FranceConnect access token instead of the API token; its identity finds the case', async () => {
      const res = await get(app, FC, { recipient: RECIPIENT }, bearer('demo'));
      expect(res.status).toBe(200);
      expect(res.body.data).not.toHaveProperty('identite');
      expect(res.body.data.email).toBeDefined();
    });

    it('no bearer → 401 50004; an unknown FranceConnect token → 401 50002; an API token is not a FranceConnect token', async () => {
      const missing = await get(app, FC, { recipient: RECIPIENT });
      expect([missing.status, missing.body]).toEqual([401, fcError('50004', "Le jeton d'accès FranceConnect est manquant.")]);
      const unknown = await get(app, FC, { recipient: RECIPIENT }, bearer('no-such-token'));
      expect([unknown.status, unknown.body]).toEqual([401, fcError('50002', "Le jeton d'accès n'a pas été trouvé ou est expiré.")]);
      const { token } = await mintToken(app);
      expect((await get(app, FC, { recipient: RECIPIENT }, bearer(token))).status).toBe(401);
    });
  });
});
