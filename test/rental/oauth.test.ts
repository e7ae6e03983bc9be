import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader, createLocalJWKSet, jwtVerify } from 'jose';
import { clientClaims, rentalRuntime } from '../../src/rental/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { newPartner, tokenFor } from './helpers.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

describe('OAuth2 client credentials (POST /oauth/token, §1.1)', () => {
  let app: TestApp;
  let partner: Awaited<ReturnType<typeof newPartner>>;
  beforeAll(async () => {
    app = await startTestApp();
    partner = await newPartner(app, 'acme-rentals');
  });
  afterAll(() => app.destroy());

  const post = (payload: string, headers: Record<string, string> = FORM) => app.http.inject({ method: 'POST', url: '/oauth/token', headers, payload });

  it('issues a short-lived ES256 JWT with client_id and the api-partner scope, verifiable with the published JWKS', async () => {
    const res = await post(`grant_type=client_credentials&client_id=acme-rentals&client_secret=${encodeURIComponent(partner.clientSecret)}`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toEqual({ access_token: expect.any(String), token_type: 'Bearer', expires_in: 300, scope: 'api-partner' });
    const claims = decodeJwt(body.access_token);
    expect(claims).toMatchObject({ client_id: 'acme-rentals', azp: 'acme-rentals', scope: 'api-partner', iss: 'http://foyer.test/oauth' });
    expect(claims.exp! - claims.iat!).toBe(300);
    expect(decodeProtectedHeader(body.access_token).alg).toBe('ES256');
    const jwks = await app.http.inject({ method: 'GET', url: '/oauth/jwks' });
    expect(jwks.statusCode).toBe(200);
    expect(jwks.json().keys[0]).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig' });
    expect(jwks.json().keys[0].d).toBeUndefined();
    const { payload } = await jwtVerify(body.access_token, createLocalJWKSet(jwks.json()));
    expect(payload.client_id).toBe('acme-rentals');
  });

  it('accepts HTTP Basic client authentication', async () => {
    const basic = Buffer.from(`acme-rentals:${encodeURIComponent(partner.clientSecret)}`).toString('base64');
    const res = await post('grant_type=client_credentials&scope=api-partner', { ...FORM, authorization: `Basic ${basic}` });
    expect(res.statusCode).toBe(200);
    expect(res.json().scope).toBe('api-partner');
  });

  it('refuses a wrong secret or an unknown client with 401 invalid_client (Basic challenge when Basic was used)', async () => {
    const wrong = await post('grant_type=client_credentials&client_id=acme-rentals&client_secret=nope');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toEqual({ error: 'invalid_client', error_description: 'unknown client or wrong secret' });
    const unknown = await post('grant_type=client_credentials&client_id=nobody&client_secret=nope');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toEqual({ error: 'invalid_client', error_description: 'unknown client or wrong secret' });
    const basic = await post('grant_type=client_credentials', { ...FORM, authorization: `Basic ${Buffer.from('acme-rentals:nope').toString('base64')}` });
    expect(basic.statusCode).toBe(401);
    expect(basic.headers['www-authenticate']).toBe('Basic realm="foyer", charset="UTF-8"');
  });

  it('answers the OAuth2 errors of RFC 6749 §5.2', async () => {
    const secret = encodeURIComponent(partner.clientSecret);
    const cases: [string, number, string][] = [
      [`client_id=acme-rentals&client_secret=${secret}`, 400, 'invalid_request'],
      [`grant_type=password&client_id=acme-rentals&client_secret=${secret}`, 400, 'unsupported_grant_type'],
      [`grant_type=client_credentials&client_id=acme-rentals&client_secret=${secret}&scope=dfc`, 400, 'invalid_scope'],
      [`grant_type=client_credentials&client_id=acme-rentals&client_secret=${secret}&scope=api-partner%20dfc`, 400, 'invalid_scope'],
      ['grant_type=client_credentials', 401, 'invalid_client'],
    ];
    for (const [payload, status, error] of cases) {
      const res = await post(payload);
      expect({ payload, status: res.statusCode, error: res.json().error }).toEqual({ payload, status, error });
    }
    const json = await post(JSON.stringify({ grant_type: 'client_credentials' }), { 'content-type': 'application/json' });
    expect(json.statusCode).toBe(400);
    expect(json.json()).toEqual({ error: 'invalid_request', error_description: 'send the parameters as application/x-www-form-urlencoded' });
    const both = await post(`grant_type=client_credentials&client_secret=${secret}`, { ...FORM, authorization: `Basic ${Buffer.from(`acme-rentals:${secret}`).toString('base64')}` });
    expect(both.statusCode).toBe(400);
    expect(both.json().error).toBe('invalid_request');
  });

  describe('the partner API guard', () => {
    const profile = (authorization?: string) =>
      app.http.inject({ method: 'GET', url: '/api-partner/tenant/1/profile', headers: authorization ? { authorization } : {} });

    it('401 with an empty body without a token, or with a token that does not verify', async () => {
      for (const header of [undefined, 'Bearer', 'Bearer abc.def.ghi', 'Basic Zm9vOmJhcg==']) {
        const res = await profile(header);
        expect({ header, status: res.statusCode, body: res.body }).toEqual({ header, status: 401, body: '' });
        expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
      }
      const token = await tokenFor(app, partner.clientId, partner.clientSecret);
      const tampered = token.slice(0, -4) + (token.endsWith('AAAA') ? 'BBBB' : 'AAAA');
      expect((await profile(`Bearer ${tampered}`)).statusCode).toBe(401);
    });

    it('401 for an expired token', async () => {
      const runtime = await rentalRuntime(app.contexts.get('rental') as never);
      const expired = await runtime.issuer.sign(clientClaims('acme-rentals', ['api-partner']), -10);
      const res = await profile(`Bearer ${expired}`);
      expect(res.statusCode).toBe(401);
      expect(res.headers['www-authenticate']).toBe('Bearer error="invalid_token"');
    });

    it('403 with an empty body for a token without client_id (a user token) or without the api-partner scope', async () => {
      const runtime = await rentalRuntime(app.contexts.get('rental') as never);
      const userToken = await runtime.issuer.sign({ sub: 'user-1', azp: 'acme-rentals', scope: 'api-partner' }, 300);
      const wrongScope = await runtime.issuer.sign(clientClaims('acme-rentals', ['dfc']), 300);
      for (const token of [userToken, wrongScope]) {
        const res = await profile(`Bearer ${token}`);
        expect(res.statusCode).toBe(403);
        expect(res.body).toBe('');
        expect(res.headers['www-authenticate']).toBe('Bearer error="insufficient_scope", scope="api-partner"');
      }
    });

    it('404 "Partner not found" when the client_id names no partner (§1.2)', async () => {
      const runtime = await rentalRuntime(app.contexts.get('rental') as never);
      const ghost = await runtime.issuer.sign(clientClaims('ghost', ['api-partner']), 300);
      const res = await profile(`Bearer ${ghost}`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toEqual({ status: 'NOT_FOUND', message: 'Partner not found' });
    });
  });
});
