import { randomBytes } from 'node:crypto';
import type { FoyerApp } from '../../src/app.ts';
import { asRentalDb, createPartner } from '../../src/rental/index.ts';

export async function newPartner(app: FoyerApp, name = `partner-${randomBytes(4).toString('hex')}`) {
  const { partner, clientSecret } = await createPartner(asRentalDb(app.db.kysely), { name, displayName: `Partner ${name}` });
  return { id: partner.id, clientId: partner.name, clientSecret };
}

export async function tokenFor(app: FoyerApp, clientId: string, clientSecret: string, scope?: string): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, ...(scope ? { scope } : {}) });
  const res = await app.http.inject({ method: 'POST', url: '/oauth/token', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: form.toString() });
  if (res.statusCode !== 200) throw new Error(`token: ${res.statusCode} ${res.body}`);
  return (res.json() as { access_token: string }).access_token;
}

/** A partner with a token, and a client that calls `/api-partner` with it. */
export async function partnerClient(app: FoyerApp) {
  const partner = await newPartner(app);
  const token = await tokenFor(app, partner.clientId, partner.clientSecret);
  const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown) => {
    const res = await app.http.inject({
      method,
      url: `/api-partner${url}`,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body === undefined ? {} : { payload: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    let parsed: unknown = res.body;
    try {
      parsed = res.body ? JSON.parse(res.body) : undefined;
    } catch {
      /* plain text */
    }
    return { status: res.statusCode, body: parsed as any, text: res.body, headers: res.headers }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  return {
    partner,
    token,
    get: (url: string) => call('GET', url),
    post: (url: string, body: unknown) => call('POST', url, body),
    put: (url: string, body: unknown) => call('PUT', url, body),
    delete: (url: string) => call('DELETE', url),
  };
}
