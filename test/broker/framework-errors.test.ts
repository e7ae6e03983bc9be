import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';
import { expectError, type ErrorKind } from './helpers.ts';

/**
 * Errors Fastify raises about a request reach the client in the broker's error body, with an honest
 * status: even those raised before routing or authentication (over-long path parameter, bad URL).
 */

let app: TestApp;
let token: string;

beforeAll(async () => {
  app = await startTestApp();
  ({ token } = await newBrokerKey(app));
});

afterAll(async () => {
  await app?.destroy();
});

async function call(method: 'GET' | 'POST' | 'PUT', url: string, headers: Record<string, string> = {}, payload?: string) {
  const res = await app.http.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  let body: unknown = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {
    // keep the text
  }
  return { status: res.statusCode, body, headers: res.headers, text: res.body };
}

const keyed = (extra: Record<string, string> = {}) => ({ 'x-crediteo-user-auth-token': token, ...extra });
const json = () => keyed({ 'content-type': 'application/json' });

function expectOne(res: Awaited<ReturnType<typeof call>>, kind: ErrorKind, message: string) {
  expectError(res, kind, ['$']);
  expect((res.body as { details: unknown }).details).toStrictEqual([{ field: '$', message }]);
}

describe('raised before the route runs', () => {
  it('an over-long path parameter: 414 in the broker body, with or without a key', async () => {
    const long = 'x'.repeat(101);
    for (const headers of [{}, keyed()]) {
      expectOne(await call('GET', `/crediteo/dossiers/${long}`, headers), 'uriTooLong', 'a path parameter is too long');
      expectOne(await call('GET', `/crediteo/selecteurs/${long}`, headers), 'uriTooLong', 'a path parameter is too long');
    }
    const put = await call('PUT', `/crediteo/dossiers/${long}`, json(), '{}');
    expectOne(put, 'uriTooLong', 'a path parameter is too long');
    expect(put.headers['x-content-type-options']).toBe('nosniff');
  });

  it('a path that does not decode: 400 in the broker body, never echoing the path', async () => {
    for (const headers of [{}, keyed()]) {
      const res = await call('GET', '/crediteo/dossiers/%E0%A4%A', headers);
      expectOne(res, 'badRequest', 'the path is not correctly percent-encoded');
      expect(res.text).not.toContain('%E0');
    }
    expectOne(await call('GET', '/crediteo/selecteurs/%', keyed()), 'badRequest', 'the path is not correctly percent-encoded');
  });

  it('outside every surface, the platform answers in its own plain body', async () => {
    const res = await call('GET', '/docs/static/%E0%A4%A');
    expect(res.status).toBe(400);
    expect(res.body).toStrictEqual({ error: 'Bad Request', statusCode: 400 });
  });
});

describe('raised while reading the body', () => {
  it('a body over the limit: 413', async () => {
    expectError(await call('POST', '/crediteo/prospect', json(), 'x'.repeat(1024 * 1024 + 1)), 'tooLarge');
  });

  it('a body whose size disagrees with its Content-Length: 400', async () => {
    const res = await call('POST', '/crediteo/prospect', { ...json(), 'content-length': '5' }, '{"nom":"Durand"}');
    expectOne(res, 'badRequest', 'the body\'s size does not match its Content-Length');
  });

  it('no Content-Type, or one without a parser: 415 on every route that takes a body', async () => {
    const hint = 'send the body as JSON, with Content-Type: application/json';
    expectOne(await call('POST', '/crediteo/prospect', keyed(), 'nom=A'), 'mediaType', hint);
    expectOne(await call('POST', '/crediteo/calculatriceemprunt', keyed({ 'content-type': 'text/csv' }), 'a,b'), 'mediaType', hint);
    expectOne(await call('PUT', '/crediteo/dossiers/12-34', keyed({ 'content-type': 'multipart/form-data; boundary=x' }), '--x--'), 'mediaType', hint);
  });

  it('valid JSON carrying a prototype-poisoning key: "Invalid form."', async () => {
    for (const payload of ['{"__proto__":{"admin":true}}', '{"constructor":{"prototype":{"admin":true}}}']) {
      expectOne(await call('POST', '/crediteo/prospect', json(), payload), 'invalid', 'the body is not valid JSON (or it uses a forbidden key such as __proto__)');
    }
  });

  it('the key is still checked first: a bad body with a bad key is "API KEY not found."', async () => {
    expectError(await call('POST', '/crediteo/prospect', { 'content-type': 'text/csv' }, 'a,b'), 'apiKey');
    expectError(await call('POST', '/crediteo/prospect', { 'content-type': 'application/json' }, 'x'.repeat(1024 * 1024 + 1)), 'apiKey');
  });
});

describe('odd query strings', () => {
  it('repeated, huge or unknown parameters get the validation error naming them', async () => {
    expectError(await call('GET', '/crediteo/dossiers?nbItems=1&nbItems=2', keyed()), 'invalid', ['$.nbItems']);
    expectError(await call('GET', '/crediteo/dossiers?pageIndex=99999999999999999999999&nbItems=1e400', keyed()), 'invalid', ['$.pageIndex', '$.nbItems']);
    expectError(await call('GET', '/crediteo/selecteurs/pays?debut=a&debut=b', keyed()), 'invalid', ['$.debut']);
    expectError(await call('GET', '/crediteo/selecteurs/pays?__proto__=1', keyed()), 'tooMany', ['$.__proto__']);
  });
});
