import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MODULES } from '../../src/modules.ts';
import { ConfigError, loadConfig } from '../../src/platform/config/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { clientClaims as ownClientClaims, rentalRuntime } from '../../src/rental/index.ts';
import { newPartner } from './helpers.ts';

type Key = Awaited<ReturnType<typeof generateKeyPair>>;

/** A Keycloak-like issuer on 127.0.0.1: discovery and JWKS, counting the requests it serves. */
async function fakeIssuer(key: Key) {
  const jwk = { ...(await exportJWK(key.publicKey)), kid: 'kc-1', alg: 'RS256', use: 'sig' };
  const hits = { discovery: 0, jwks: 0 };
  let issuer = '';
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/realms/dossier-facile/.well-known/openid-configuration') {
      hits.discovery++;
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/protocol/openid-connect/certs`, token_endpoint: `${issuer}/protocol/openid-connect/token` }));
    } else if (req.url === '/realms/dossier-facile/protocol/openid-connect/certs') {
      hits.jwks++;
      res.end(JSON.stringify({ keys: [jwk] }));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}/realms/dossier-facile`;
  return { issuer, hits, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A token as Keycloak signs it for a client-credentials grant. */
const keycloakToken = (key: Key, issuer: string, claims: JWTPayload, kid = 'kc-1') =>
  new SignJWT({ typ: 'Bearer', ...claims })
    .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
    .setIssuer(issuer)
    .setIssuedAt()
    .setExpirationTime('5m')
    .sign(key.privateKey);

describe('an external issuer (FOYER_RENTAL_OAUTH_ISSUER, §1.1: Keycloak at DossierFacile)', () => {
  let app: TestApp;
  let key: Key;
  let issuer: Awaited<ReturnType<typeof fakeIssuer>>;
  beforeAll(async () => {
    key = await generateKeyPair('RS256');
    issuer = await fakeIssuer(key);
    app = await startTestApp({ env: { FOYER_RENTAL_OAUTH_ISSUER: issuer.issuer, FOYER_RENTAL_OAUTH_ISSUER_TIMEOUT_MS: '2000' } });
    await newPartner(app, 'kc-partner');
  });
  afterAll(async () => {
    await app?.destroy();
    await issuer?.close();
  });

  const list = (token: string) => app.http.inject({ url: '/api-partner/tenant', headers: { authorization: `Bearer ${token}` } });
  const clientClaims = (clientId: string, scope = 'profile api-partner email') => ({ client_id: clientId, azp: clientId, sub: `service-account-${clientId}`, scope });

  it('accepts a valid token of the issuer: the partner is its client_id; discovery and keys are fetched once and cached', async () => {
    const token = await keycloakToken(key, issuer.issuer, clientClaims('kc-partner'));
    for (let i = 0; i < 3; i++) {
      const res = await list(token);
      expect(res.statusCode).toBe(200);
      expect(res.json().data).toEqual([]);
    }
    expect(issuer.hits).toEqual({ discovery: 1, jwks: 1 });
  });

  it('401 for a token signed by another key, or by the issuer\'s key under another issuer name; Foyer\'s own tokens are not accepted', async () => {
    const other = await generateKeyPair('RS256');
    const forged = await keycloakToken(other, issuer.issuer, clientClaims('kc-partner'));
    const wrongIssuer = await keycloakToken(key, 'http://127.0.0.1:1/realms/other', clientClaims('kc-partner'));
    const runtime = await rentalRuntime(app.contexts.get('rental') as never);
    const ours = await runtime.issuer.sign(ownClientClaims('kc-partner', ['api-partner']), 300);
    for (const token of [forged, wrongIssuer, ours, 'a.b.c']) {
      const res = await list(token);
      expect({ status: res.statusCode, body: res.body }).toEqual({ status: 401, body: '' });
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    }
  });

  it('403 (empty) without the api-partner scope or without client_id; 404 "Partner not found" for an unknown client id', async () => {
    const noScope = await keycloakToken(key, issuer.issuer, clientClaims('kc-partner', 'profile email'));
    const userToken = await keycloakToken(key, issuer.issuer, { sub: 'user-1', azp: 'kc-partner', scope: 'api-partner' });
    for (const token of [noScope, userToken]) {
      const res = await list(token);
      expect({ status: res.statusCode, body: res.body }).toEqual({ status: 403, body: '' });
    }
    const ghost = await list(await keycloakToken(key, issuer.issuer, clientClaims('ghost')));
    expect(ghost.statusCode).toBe(404);
    expect(ghost.json()).toEqual({ status: 'NOT_FOUND', message: 'Partner not found' });
  });

  it('/oauth/token and /oauth/jwks answer 404 not_found naming the issuer; the document points to its discovery', async () => {
    const res = await app.http.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'grant_type=client_credentials&client_id=kc-partner&client_secret=x' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ error: 'not_found', error_description: `tokens are issued by ${issuer.issuer}` });
    expect((await app.http.inject({ url: '/oauth/jwks' })).statusCode).toBe(404);
    const doc = (await app.http.inject({ url: '/api-partner/openapi.json' })).json();
    expect(doc.components.securitySchemes.partnerOAuth).toMatchObject({ type: 'openIdConnect', openIdConnectUrl: `${issuer.issuer}/.well-known/openid-configuration` });
  });

  it('401 (empty) while the issuer cannot be reached', async () => {
    const down = await startTestApp({ env: { FOYER_RENTAL_OAUTH_ISSUER: 'http://127.0.0.1:9/realms/dossier-facile', FOYER_RENTAL_OAUTH_ISSUER_TIMEOUT_MS: '500' } });
    try {
      await newPartner(down, 'kc-partner');
      const token = await keycloakToken(key, 'http://127.0.0.1:9/realms/dossier-facile', clientClaims('kc-partner'));
      const res = await down.http.inject({ url: '/api-partner/tenant', headers: { authorization: `Bearer ${token}` } });
      expect({ status: res.statusCode, body: res.body }).toEqual({ status: 401, body: '' });
    } finally {
      await down.destroy();
    }
  });

  it('a bad issuer URL stops the boot with a message naming the variable', () => {
    for (const bad of ['not a url', 'ftp://kc.example/realms/x']) {
      let error: unknown;
      try {
        loadConfig({ FOYER_DATA_DIR: '/tmp', FOYER_RENTAL_OAUTH_ISSUER: bad }, { sections: MODULES });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('FOYER_RENTAL_OAUTH_ISSUER');
    }
  });
});
