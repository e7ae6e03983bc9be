import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';
import { readOperations, undocumented, type Json, type Operation } from '../support/openapi-fuzz.ts';
import { newPartner, tokenFor } from '../rental/helpers.ts';

/**
 * What Node answers before any route runs (request line and headers over its limit, a request that
 * never arrives whole, a request its parser refuses), on real sockets: each surface's own error body,
 * listed in its OpenAPI document, with the API headers, then the connection closed.
 */

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  /** All bytes received, in case more than one answer came. */
  raw: string;
  /** When the server closed the connection, in ms since it was opened. */
  closedAfterMs: number;
}

/** Sends `bytes` on a new connection, then waits (at most 5 s) for the server to close it. */
function exchange(port: number, bytes: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const opened = performance.now();
    const chunks: Buffer[] = [];
    const socket = net.connect({ port, host: '127.0.0.1' });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('the server did not close the connection within 5 s'));
    }, 5000);
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {}); // the server may close while we still write
    socket.on('close', () => {
      clearTimeout(timer);
      const raw = Buffer.concat(chunks).toString('utf8');
      const [head = '', ...rest] = raw.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = Object.fromEntries(lines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]));
      resolve({ status: Number(/^HTTP\/1\.1 (\d{3}) /.exec(statusLine)?.[1] ?? 0), headers, body: rest.join('\r\n\r\n'), raw, closedAfterMs: performance.now() - opened });
    });
    socket.once('connect', () => socket.write(bytes));
  });
}

/** A GET whose request line alone is over Node's 16 KiB limit (as a client sending thousands of `prenoms[]`). */
const overLong = (path: string) => `GET ${path}?${'prenoms[]=Jean&'.repeat(20_000)}x=1 HTTP/1.1\r\nHost: foyer.test\r\n\r\n`;

/** A request that announces 1000 bytes of body and sends 14. */
const halfSent = (path: string, headers: Record<string, string> = {}, contentType = 'application/json') =>
  `POST ${path} HTTP/1.1\r\nHost: foyer.test\r\nContent-Type: ${contentType}\r\n${Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('')}Content-Length: 1000\r\n\r\n{"nom": "Dura`;

const API_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'strict-transport-security': 'max-age=31536000; includeSubDomains',
  'referrer-policy': 'no-referrer',
  connection: 'close',
};

function expectAnswer(answer: Answer, status: number, body: unknown) {
  expect(answer.status, answer.raw.slice(0, 300)).toBe(status);
  expect(JSON.parse(answer.body)).toStrictEqual(body);
  expect(answer.headers).toMatchObject(API_HEADERS);
  expect(Number(answer.headers['content-length'])).toBe(Buffer.byteLength(answer.body));
  // One answer, nothing before it.
  expect(answer.raw.match(/HTTP\/1\.1 /g)).toHaveLength(1);
}

const REQUEST_TIMEOUT_MS = 600;
/** The broker's own string formats, which only its requests use. */
const BROKER_FORMATS = { 'date-fr': () => true, 'date-fr-or-empty': () => true };

const particulierError = (code: string, title: string, detail: string) => ({ errors: [{ code, title, detail, source: null, meta: {} }] });
const P408 = ['00408', 'Délai dépassé', "La requête n'est pas arrivée entière dans le délai autorisé : la connexion est fermée."] as const;
const P431 = ['00431', 'En-têtes trop volumineux', 'La ligne de requête et les en-têtes dépassent la taille autorisée (16 Kio) : la connexion est fermée.'] as const;
const P400 = ['00400', 'Requête invalide', "La requête n'a pas pu être lue."] as const;

describe('client errors in each surface\'s body', () => {
  let app: TestApp;
  let port: number;
  let brokerKey: string;
  let partnerToken: string;
  /** Each surface's document, by the prefix it is served under. */
  const documents = new Map<string, Operation[]>();

  beforeAll(async () => {
    app = await startTestApp({ env: { FOYER_HTTP_REQUEST_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS), FOYER_HTTP_HEADERS_TIMEOUT_MS: String(REQUEST_TIMEOUT_MS) } });
    ({ token: brokerKey } = await newBrokerKey(app));
    const partner = await newPartner(app);
    partnerToken = await tokenFor(app, partner.clientId, partner.clientSecret);
    const index = (await app.http.inject({ method: 'GET', url: '/' })).json() as { surfaces: { prefix: string; openapi: string }[] };
    for (const surface of index.surfaces) documents.set(surface.prefix, readOperations((await app.http.inject({ method: 'GET', url: surface.openapi })).json() as Json, { formats: BROKER_FORMATS }));
    await app.http.listen({ port: 0, host: '127.0.0.1' });
    port = (app.http.server.address() as AddressInfo).port;
  });

  afterAll(async () => {
    await app?.destroy();
  });

  /** The operation of `prefix`'s document at `path` (a document path with its parameters filled). */
  function operationAt(prefix: string, method: string, path: string): Operation {
    const operations = documents.get(prefix) ?? [];
    // Paths are relative to the document's server, but for those with a server of their own (the token endpoint).
    const pattern = (o: Operation) => new RegExp(`^(${prefix})?${o.path.replace(/\{[^}]+\}/g, '[^/]+')}$`);
    const op = operations.find((o) => o.method === method && pattern(o).test(path));
    if (!op) throw new Error(`no ${method} ${path} in the document of ${prefix}`);
    return op;
  }

  function expectDocumented(prefix: string, method: string, path: string, answer: Answer) {
    expect(undocumented(operationAt(prefix, method, path), answer.status, answer.headers['content-type'], answer.body)).toBeNull();
  }

  it('lists 408 and 431 in every operation of every surface\'s document', () => {
    expect([...documents.keys()].sort()).toStrictEqual(['/api', '/api-particulier', '/api-partner', '/backoffice/api', '/crediteo']);
    const missing = [...documents].flatMap(([prefix, operations]) =>
      operations.flatMap((op) => [408, 431].filter((status) => !op.responses.has(status)).map((status) => `${prefix} ${op.id} ${status}`)),
    );
    expect(missing).toStrictEqual([]);
  });

  describe('request line and headers over the limit → 431, connection closed', () => {
    const cases: { name: string; prefix: string; path: string; docPath?: string; body: unknown }[] = [
      {
        name: 'broker',
        prefix: '/crediteo',
        path: '/crediteo/dossiers',
        body: {
          error: 'Request header fields too large.',
          apiguide: 'http://foyer.test/crediteo/guide#erreurs',
          code: 431,
          details: [{ field: '$', message: 'the request line and headers are larger than the service accepts' }],
        },
      },
      { name: 'rental partner API', prefix: '/api-partner', path: '/api-partner/tenant/12/profile', body: { errors: ['Request line and headers exceed the maximum allowed'] } },
      { name: 'rental token endpoint', prefix: '/api-partner', path: '/oauth/jwks', body: { error: 'invalid_request', error_description: 'the request line and headers are too large' } },
      { name: 'share links', prefix: '/api', path: '/api/partage/abc', body: { status: 'REQUEST_HEADER_FIELDS_TOO_LARGE', message: 'Request header fields too large' } },
      { name: 'back-office', prefix: '/backoffice/api', path: '/backoffice/api/files', body: { error: 'HEADERS_TOO_LARGE', message: 'The request line and headers are too large' } },
      { name: 'citizen data v3', prefix: '/api-particulier', path: '/api-particulier/v3/dss/quotient_familial/identite', body: particulierError(...P431) },
      { name: 'citizen data v2', prefix: '/api-particulier', path: '/api-particulier/api/v2/etudiants', body: { error: 'request_header_fields_too_large', reason: P431[2], message: P431[2] } },
    ];
    for (const c of cases) {
      it(`${c.name}: its own body, listed in its document`, async () => {
        const answer = await exchange(port, overLong(c.path));
        expectAnswer(answer, 431, c.body);
        expectDocumented(c.prefix, 'GET', c.path, answer);
      });
    }

    it('outside every surface: the platform body, without the URL', async () => {
      const answer = await exchange(port, overLong('/elsewhere'));
      expectAnswer(answer, 431, { error: 'Request Header Fields Too Large', statusCode: 431 });
    });

    it('headers (not the request line) over the limit: the same answer', async () => {
      const answer = await exchange(port, `GET /backoffice/api/files HTTP/1.1\r\nHost: foyer.test\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
      expectAnswer(answer, 431, { error: 'HEADERS_TOO_LARGE', message: 'The request line and headers are too large' });
    });
  });

  describe('half-sent body → 408 after the request timeout, connection closed', () => {
    const cases: { name: string; prefix: string; path: string; headers?: () => Record<string, string>; contentType?: string; body: unknown }[] = [
      {
        name: 'broker',
        prefix: '/crediteo',
        path: '/crediteo/prospect',
        headers: () => ({ 'x-crediteo-user-auth-token': brokerKey }),
        body: {
          error: 'Request timeout.',
          apiguide: 'http://foyer.test/crediteo/guide#erreurs',
          code: 408,
          details: [{ field: '$', message: 'the request did not arrive whole within the service\'s time limit' }],
        },
      },
      { name: 'rental partner API', prefix: '/api-partner', path: '/api-partner/register/account', headers: () => ({ authorization: `Bearer ${partnerToken}` }), body: { errors: ['Request did not arrive whole within the time limit'] } },
      { name: 'rental token endpoint', prefix: '/api-partner', path: '/oauth/token', contentType: 'application/x-www-form-urlencoded', body: { error: 'invalid_request', error_description: 'the request did not arrive whole within the time limit' } },
      { name: 'back-office', prefix: '/backoffice/api', path: '/backoffice/api/login', body: { error: 'REQUEST_TIMEOUT', message: 'The request did not arrive whole within the time limit' } },
    ];
    for (const c of cases) {
      it(`${c.name}: its own body, listed in its document`, async () => {
        const answer = await exchange(port, halfSent(c.path, c.headers?.(), c.contentType));
        expectAnswer(answer, 408, c.body);
        expect(answer.closedAfterMs).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 50);
        expectDocumented(c.prefix, 'POST', c.path, answer);
      });
    }

    it('citizen data (no route takes a body; the 404 waits for it): its own body', async () => {
      const answer = await exchange(port, halfSent('/api-particulier/v3/dss/quotient_familial/identite'));
      expectAnswer(answer, 408, particulierError(...P408));
    });

    it('share links: its own body', async () => {
      const answer = await exchange(port, halfSent('/api/application/fullPdf/abc'));
      expectAnswer(answer, 408, { status: 'REQUEST_TIMEOUT', message: 'Request timeout' });
    });

    it('outside every surface: the platform body', async () => {
      const answer = await exchange(port, halfSent('/elsewhere'));
      expectAnswer(answer, 408, { error: 'Request Timeout', statusCode: 408 });
    });
  });

  describe('a request Node\'s parser refuses → 400', () => {
    it('in the surface\'s body when the request line names it', async () => {
      const answer = await exchange(port, 'GET /api-particulier/v3/dss/quotient_familial/identite HTTP/1.1\r\nHost: foyer.test\r\nBad Header: x\r\n\r\n');
      expectAnswer(answer, 400, particulierError(...P400));
    });

    it('in the platform body otherwise', async () => {
      const answer = await exchange(port, 'NOT A REQUEST\r\n\r\n');
      expectAnswer(answer, 400, { error: 'Bad Request', statusCode: 400 });
    });
  });
});
