import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../support/app.ts';
import { type PartnerClient, twoPartners } from './helpers.ts';

const NOW = new Date('2026-12-01T09:30:00.250Z');

describe('register/account and the tenant profile (§3.2.1 (1), §3.2.3, §5.1)', () => {
  let app: TestApp;
  let alpha: PartnerClient;
  let beta: PartnerClient;
  beforeAll(async () => {
    ({ app, alpha, beta } = await twoPartners({ now: () => NOW }));
  });
  afterAll(() => app.destroy());

  it('creates an INCOMPLETE CREATE tenant alone in its apartment and answers its TenantModel, nulls omitted', async () => {
    const res = await alpha.post('/register/account', { email: 'Élodie.Martin@Example.com' });
    expect(res.status).toBe(200);
    const id = res.body.id;
    const apartmentId = res.body.apartmentSharing.id;
    expect(res.text).toBe(
      JSON.stringify({
        id,
        ownerType: 'SELF',
        email: 'elodie.martin@example.com',
        tenantType: 'CREATE',
        status: 'INCOMPLETE',
        honorDeclaration: false,
        lastUpdateDate: '2026-12-01T10:30:00.25',
        franceConnect: false,
        apartmentSharing: {
          id: apartmentId,
          applicationType: 'ALONE',
          status: 'INCOMPLETE',
          tenants: [{ id, email: 'elodie.martin@example.com', tenantType: 'CREATE', status: 'INCOMPLETE', ownerType: 'SELF', franceConnect: false }],
        },
        documents: [],
        guarantors: [],
      }),
    );
    const profile = await alpha.get(`/tenant/${id}/profile`);
    expect(profile.status).toBe(200);
    expect(profile.text).toBe(res.text);
  });

  it('refuses an email any tenant already has, whatever its case or accents, and whichever partner created it', async () => {
    await alpha.post('/register/account', { email: 'taken@example.com' });
    for (const client of [alpha, beta]) {
      const res = await client.post('/register/account', { email: 'TAKEN@exámple.com'.normalize('NFC').replace('á', 'a') });
      expect(res.status).toBe(400);
      expect(res.body).toEqual({ errors: ['email: the email is already in use or must be different from null'] });
    }
  });

  it('answers validation errors as {"errors":["field: message"]}, never 500', async () => {
    const cases: [unknown, string[]][] = [
      [{}, ['email: must not be null']],
      [{ email: null }, ['email: must be a string']],
      [{ email: 'not-an-email' }, ['email: must be a well-formed email address']],
      [{ email: 'a\u0000b@example.com' }, ['email: must be a well-formed email address', 'email: contains a character that cannot be stored (U+0000 or a lone UTF-16 surrogate)']],
    ];
    for (const [body, errors] of cases) {
      const res = await alpha.post('/register/account', body);
      expect({ body, status: res.status, errors: res.body }).toEqual({ body, status: 400, errors: { errors } });
    }
    const malformed = await alpha.post('/register/account', '{"email":');
    expect(malformed.status).toBe(400);
    expect(malformed.text).toBe('Invalid request body');
  });

  it("another partner's tenant answers exactly like a tenant that does not exist: 403, no data", async () => {
    const created = await alpha.post('/register/account', { email: 'private@example.com' });
    const theirs = await beta.get(`/tenant/${created.body.id}/profile`);
    const missing = await beta.get('/tenant/999999/profile');
    const huge = await beta.get('/tenant/99999999999/profile');
    for (const res of [theirs, missing, huge]) {
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ status: 'FORBIDDEN', message: 'Access Denied' });
    }
    expect(theirs.text).not.toContain('private');
  });

  it('a tenant id that is not a number is a 400 naming the field; an unknown route a 404', async () => {
    const res = await alpha.get('/tenant/abc/profile');
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ errors: ['tenantId: must be an integer'] });
    const unknown = await alpha.get('/nothing-here');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toEqual({ status: 'NOT_FOUND', message: 'Not found' });
  });

  it('publishes its own OpenAPI document with the client-credentials scheme', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api-partner/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.components.securitySchemes.partnerOAuth.flows.clientCredentials.tokenUrl).toBe('http://foyer.test/oauth/token');
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/register/account', '/register/names', '/tenant/{tenantId}/profile']));
    expect(doc.paths['/register/account'].post.operationId).toBe('registerAccount');
  });
});
