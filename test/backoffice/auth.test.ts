import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBackofficeDb, createOperator } from '../../src/backoffice/index.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { operatorClient, PREFIX } from './helpers.ts';

let app: TestApp;
let now = new Date('2026-12-01T09:00:00Z');

beforeAll(async () => {
  app = await startTestApp({ now: () => now, env: { FOYER_BACKOFFICE_LOGIN_MAX_PER_ACCOUNT: '3', FOYER_BACKOFFICE_LOGIN_MAX_PER_IP: '6', FOYER_BACKOFFICE_LOGIN_WINDOW_SECONDS: '600', FOYER_BACKOFFICE_SESSION_TTL_MINUTES: '60' } });
});
afterAll(async () => {
  await app?.destroy();
});

const login = (email: string, password: string, ip = '192.0.2.1') =>
  app.http.inject({ method: 'POST', url: `${PREFIX}/login`, remoteAddress: ip, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email, password }) });

describe('operator sessions', () => {
  it('login sets an HttpOnly, SameSite=Strict cookie on /backoffice and returns the CSRF token; /me answers it; logout closes the session', async () => {
    const op = await operatorClient(app, 'SUPPORT');
    expect(op.setCookie).toMatch(/^foyer_bo_session=[A-Za-z0-9_-]{43}; Path=\/backoffice; Max-Age=3600; HttpOnly; SameSite=Strict$/);
    const me = await op.get('/me');
    expect(me.status).toBe(200);
    expect(me.body).toEqual({ operator: { id: op.operator.id, email: op.email, role: 'SUPPORT' }, csrfToken: op.csrfToken, expiresAt: '2026-12-01T10:00:00.000Z' });
    // The table holds a hash of the token, never the token.
    const token = op.cookie.split('=')[1]!;
    const rows = await asBackofficeDb(app.db.kysely).selectFrom('backoffice.sessions').select('token_hash').where('operator_id', '=', op.operator.id).execute();
    expect(rows).toHaveLength(1);
    expect(rows[0]!.token_hash).not.toContain(token);
    const out = await op.post('/logout');
    expect(out.status).toBe(204);
    expect(String(out.headers['set-cookie'])).toBe('foyer_bo_session=; Path=/backoffice; Max-Age=0; HttpOnly; SameSite=Strict');
    const after = await op.get('/me');
    expect(after.status).toBe(401);
    expect(after.body).toEqual({ error: 'UNAUTHENTICATED', message: 'Log in first: no valid session cookie' });
  });

  it('a session expires after its lifetime', async () => {
    const op = await operatorClient(app, 'OPERATOR', '192.0.2.50');
    expect((await op.get('/me')).status).toBe(200);
    const saved = now;
    now = new Date(now.getTime() + 61 * 60_000);
    try {
      expect((await op.get('/me')).status).toBe(401);
    } finally {
      now = saved;
    }
  });

  it('writes need the CSRF header of the session: missing or wrong → 403, nothing done', async () => {
    const op = await operatorClient(app, 'ADMIN', '192.0.2.51');
    const other = await operatorClient(app, 'ADMIN', '192.0.2.52');
    const body = { code: 'T_CSRF_001', messageValue: 'x', documentCategory: 'TAX', documentSubCategory: null, documentUserType: 'tenant' };
    for (const headers of [{ 'x-csrf-token': '' }, { 'x-csrf-token': other.csrfToken }, { 'x-csrf-token': op.csrfToken.slice(0, -1) }]) {
      const res = await app.http.inject({ method: 'POST', url: `${PREFIX}/deny-reasons`, headers: { cookie: op.cookie, 'content-type': 'application/json', ...headers }, payload: JSON.stringify(body) });
      expect(res.statusCode).toBe(403);
      expect(res.json()).toEqual({ error: 'CSRF', message: 'Missing or wrong x-csrf-token header: send the token returned at login' });
    }
    const none = await app.http.inject({ method: 'POST', url: `${PREFIX}/deny-reasons`, headers: { cookie: op.cookie, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
    expect(none.statusCode).toBe(403);
    expect((await op.get('/deny-reasons')).body.some((r: { code: string }) => r.code === 'T_CSRF_001')).toBe(false);
    expect((await op.post('/deny-reasons', body)).status).toBe(201);
  });

  it('wrong email and wrong password get the same answer; failures are throttled per account and per IP with Retry-After', async () => {
    const { operator, password } = await createOperator(asBackofficeDb(app.db.kysely), { email: 'throttled@example.com', role: 'OPERATOR' });
    const wrongPassword = await login(operator.email, 'not the password', '198.51.100.1');
    const wrongEmail = await login('nobody@example.com', password, '198.51.100.1');
    for (const res of [wrongPassword, wrongEmail]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toEqual({ error: 'BAD_CREDENTIALS', message: 'Wrong email or password' });
    }
    // Account: 3 failures (from different addresses) lock the account, even with the right password.
    await login(operator.email, 'nope', '198.51.100.2');
    await login(operator.email, 'nope', '198.51.100.3');
    const locked = await login(operator.email, password, '198.51.100.4');
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('600');
    expect(locked.json()).toEqual({ error: 'THROTTLED', message: 'Too many failed logins: try again later' });
    // The window passes: the right password opens a session.
    const saved = now;
    now = new Date(now.getTime() + 601_000);
    try {
      expect((await login(operator.email, password, '198.51.100.4')).statusCode).toBe(200);
      // IP: 6 failures from one address on different accounts lock that address.
      for (let i = 0; i < 6; i++) expect((await login(`spray${i}@example.com`, 'x', '203.0.113.9')).statusCode).toBe(401);
      const sprayed = await login(operator.email, password, '203.0.113.9');
      expect(sprayed.statusCode).toBe(429);
      expect(Number(sprayed.headers['retry-after'])).toBeGreaterThan(0);
      expect((await login(operator.email, password, '203.0.113.10')).statusCode).toBe(200);
    } finally {
      now = saved;
    }
  });

  it('roles: OPERATOR cannot edit deny reasons nor act as support; SUPPORT can resend but not edit reasons', async () => {
    const op = await operatorClient(app, 'OPERATOR', '192.0.2.60');
    const support = await operatorClient(app, 'SUPPORT', '192.0.2.61');
    const body = { code: 'T_ROLE_001', messageValue: 'x', documentCategory: 'TAX', documentSubCategory: null, documentUserType: 'tenant' };
    const denied = await op.post('/deny-reasons', body);
    expect(denied.status).toBe(403);
    expect(denied.body).toEqual({ error: 'ROLE', message: 'This needs the role ADMIN or above; yours is OPERATOR' });
    expect((await op.put('/deny-reasons/1', { disabled: true })).status).toBe(403);
    expect((await support.post('/deny-reasons', body)).body).toEqual({ error: 'ROLE', message: 'This needs the role ADMIN or above; yours is SUPPORT' });
    const resend = await op.post('/tenants/1/resend-webhook');
    expect(resend.body).toEqual({ error: 'ROLE', message: 'This needs the role SUPPORT or above; yours is OPERATOR' });
    expect((await op.post('/tenants/1/dissociate')).status).toBe(403);
    expect((await op.post('/merges', { tenantId: 1, intoTenantId: 2 })).status).toBe(403);
    expect((await support.post('/tenants/999999/resend-webhook')).body).toEqual({ error: 'NOT_FOUND', message: 'Tenant 999999 not found' });
    // No session at all: 401 before anything else.
    const anonymous = await app.http.inject({ method: 'GET', url: `${PREFIX}/files` });
    expect(anonymous.statusCode).toBe(401);
  });

  it('the cookie is Secure when the public URL is https', async () => {
    const secure = await startTestApp({ env: { FOYER_PUBLIC_URL: 'https://foyer.example' } });
    try {
      const op = await operatorClient(secure, 'OPERATOR');
      expect(op.setCookie).toMatch(/; HttpOnly; SameSite=Strict; Secure$/);
    } finally {
      await secure.destroy();
    }
  });
});
