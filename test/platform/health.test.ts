import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';

describe('platform routes', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.destroy();
  });

  it('answers liveness', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('answers readiness with the database kind', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/ready' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ready', database: process.env.TEST_DATABASE_URL ? 'postgres' : 'embedded' });
  });

  it('serves the broker OpenAPI 3.1 document with every operation', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/crediteo/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.values(doc.paths as Record<string, Record<string, { operationId: string }>>)
      .flatMap((methods) => Object.values(methods).map((m) => m.operationId));
    expect(operations).toEqual(
      expect.arrayContaining(['createProspect', 'createProspectComplet', 'listDossiers', 'getDossier', 'updateDossier', 'getSelector']),
    );
    // Integrators learn how soon a revoked key stops working (the key cache's delay).
    expect(doc.components.securitySchemes.crediteoToken.description).toContain('au plus 5 secondes après sur les autres serveurs');
  });

  it('serves the interactive reference at /docs, with the full set of page security headers', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/docs/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends the API security headers on every API answer, errors included', async () => {
    for (const url of ['/health', '/crediteo/', '/crediteo/dossiers']) {
      const res = await app.http.inject({ method: 'GET', url });
      expect(res.headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'strict-transport-security': 'max-age=31536000; includeSubDomains',
        'referrer-policy': 'no-referrer',
      });
    }
    const guide = await app.http.inject({ method: 'GET', url: '/crediteo/guide' });
    expect(guide.headers['content-security-policy']).toBe("default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
  });
});
