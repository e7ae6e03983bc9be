import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asRentalDb } from '../../src/rental/index.ts';
import { encode, hostileString, rarely, rawSegment, readOperations, undocumented, valueOf, type Operation } from '../support/openapi-fuzz.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { completeTenantFile, partnerClient } from '../rental/helpers.ts';
import { operatorClient, PREFIX, type OperatorClient } from './helpers.ts';

/**
 * Fuzzing every operation of the back-office's own OpenAPI document: requests built from the
 * documented schemas, valid and hostile, with an ADMIN session, an OPERATOR session, a wrong CSRF
 * token, a forged cookie or none. Every answer must be a status the document lists for that
 * operation, with a body its schema accepts, and never a 500.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

let app: TestApp;
let operations: Operation[];
let admin: OperatorClient;
let operator: OperatorClient;
const pools: Record<string, (string | number)[]> = {};

beforeAll(async () => {
  app = await startTestApp();
  const partner = await partnerClient(app);
  const tenantId = await partner.newTenant('fuzz');
  await completeTenantFile(partner, tenantId);
  await partner.post('/register/honorDeclaration', { tenantId, honorDeclaration: true });
  const co = await partner.newTenant('fuzz-co');
  admin = await operatorClient(app, 'ADMIN', '10.9.0.1');
  operator = await operatorClient(app, 'OPERATOR', '10.9.0.2');
  const db = asRentalDb(app.db.kysely);
  const files = await db.selectFrom('rental.files as f').innerJoin('rental.documents as d', 'd.id', 'f.document_id').select(['f.id', 'f.document_id']).where('d.tenant_id', '=', tenantId).execute();
  pools.tenantId = [tenantId, tenantId, co, 999_999_999, 0];
  pools.fileId = [...files.map((f) => f.id), 999_999];
  pools.documentId = [...files.map((f) => f.document_id), 999_999];
  pools.id = [1, 2, 3, 999_999];
  operations = readOperations((await app.http.inject({ url: `${PREFIX}/openapi.json` })).json());
});

afterAll(async () => {
  await app?.destroy();
});

const pick = (pool: string, i: number) => {
  const values = pools[pool] ?? [1];
  return values[i % values.length]!;
};

function pathValue(name: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: fc.nat().map((i) => encode(String(pick(name, i)))) },
    { weight: 1, arbitrary: hostileString.map(encode) },
    { weight: 2, arbitrary: rawSegment },
  );
}

function queryOf(op: Operation): fc.Arbitrary<string> {
  const parameter = (p: Operation['queryParams'][number]) =>
    fc.oneof(
      { weight: 4, arbitrary: valueOf(p.schema, false).map((v) => [`${p.name}=${encode(String(v))}`]) },
      { weight: 1, arbitrary: fc.oneof(hostileString, fc.constantFrom('1e308', 'abc', '9'.repeat(40), 'MjAyNnwx', '-1')).map((v) => [`${p.name}=${encode(v)}`]) },
      { weight: 3, arbitrary: fc.constant([] as string[]) },
    );
  return fc.tuple(fc.tuple(...op.queryParams.map(parameter)), rarely(fc.constantFrom('x=1', '__proto__=1'), 5)).map(([parts, extra]) => [...parts.flat(), ...(extra ? [extra] : [])].join('&'));
}

type Payload = { contentType: string | null; body: string } | null;
const json = (value: unknown): Payload => ({ contentType: 'application/json', body: JSON.stringify(value) });

/** Ids in a generated body come from the pools most of the time, so that decisions reach real files. */
function withPooledIds(value: unknown): fc.Arbitrary<unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fc.constant(value);
  return fc.nat().map((i) => {
    const v = { ...(value as Record<string, unknown>) };
    if ('tenantId' in v) v.tenantId = pick('tenantId', i);
    if ('intoTenantId' in v) v.intoTenantId = pick('tenantId', i + 1);
    if (Array.isArray(v.documents)) v.documents = (v.documents as Record<string, unknown>[]).map((d, j) => (d && typeof d === 'object' ? { ...d, documentId: pick('documentId', i + j) } : d));
    return v;
  });
}

function bodyOf(op: Operation): fc.Arbitrary<Payload> {
  const schema = op.body.get('application/json');
  if (!schema) return rarely(fc.constantFrom<Payload>({ contentType: 'text/plain', body: 'x' }, { contentType: 'application/json', body: '{' }, { contentType: 'application/json', body: '{}' }), 6);
  return fc.oneof(
    { weight: 4, arbitrary: valueOf(schema, false).chain(withPooledIds).map(json) },
    { weight: 3, arbitrary: valueOf(schema, true).map(json) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Payload>(
        { contentType: 'application/json', body: '{"email": ' },
        { contentType: 'application/json', body: '' },
        { contentType: 'application/json', body: '{"__proto__": {"x": 1}}' },
        { contentType: 'application/json', body: `{"version":"x","documents":[${'{},'.repeat(300_000)}{}]}` },
        { contentType: 'application/json', body: `${'['.repeat(5000)}${']'.repeat(5000)}` },
        { contentType: 'application/x-www-form-urlencoded', body: 'email=a%40b.fr' },
        { contentType: 'text/plain', body: '{}' },
        { contentType: null, body: 'abc' },
      ),
    },
  );
}

type Auth = 'admin' | 'operator' | 'wrongCsrf' | 'forged' | 'none';
const authOf = fc.oneof({ weight: 8, arbitrary: fc.constant<Auth>('admin') }, { weight: 3, arbitrary: fc.constantFrom<Auth>('operator', 'wrongCsrf', 'forged', 'none') });

function headersOf(auth: Auth): Record<string, string> {
  switch (auth) {
    case 'admin':
      return { cookie: admin.cookie, 'x-csrf-token': admin.csrfToken };
    case 'operator':
      return { cookie: operator.cookie, 'x-csrf-token': operator.csrfToken };
    case 'wrongCsrf':
      return { cookie: admin.cookie, 'x-csrf-token': operator.csrfToken };
    case 'forged':
      return { cookie: `foyer_bo_session=${'A'.repeat(43)}; other=%00`, 'x-csrf-token': 'x' };
    case 'none':
      return {};
  }
}

describe("fuzzing every operation of the back-office API's OpenAPI document", () => {
  it('reads every operation, each listing the statuses its parts can cause', () => {
    expect(operations.map((o) => o.id).sort()).toEqual(
      ['createDenyReason', 'decideFile', 'dissociateTenant', 'getDocumentPdf', 'getOriginal', 'listDenyReasons', 'listDeadWebhooks', 'listFiles', 'login', 'logout', 'me', 'mergeFiles', 'openFile', 'replayWebhook', 'replayWebhooksSince', 'resendWebhook', 'updateDenyReason'].sort(),
    );
    for (const op of operations) {
      expect([...op.responses.keys()], op.id).toEqual(expect.arrayContaining([400, 401, 404, 408, 413, 415, 431]));
      if (op.id !== 'login') expect([...op.responses.keys()], op.id).toContain(403);
    }
    expect([...operations.find((o) => o.id === 'login')!.responses.keys()]).toContain(429);
    expect([...operations.find((o) => o.id === 'decideFile')!.responses.keys()]).toContain(409);
  });

  it('answers every generated request with a documented status and body, never a 500', async () => {
    const seen = new Map<string, Set<number>>();
    // Logout last: it closes the session the others use.
    const rank = (op: Operation) => (op.id === 'logout' ? 2 : op.id === 'mergeFiles' || op.id === 'dissociateTenant' ? 1 : 0);
    for (const op of [...operations].sort((a, b) => rank(a) - rank(b))) {
      const statuses = new Set<number>();
      seen.set(op.id, statuses);
      await fc.assert(
        fc.asyncProperty(fc.record({ params: fc.tuple(...op.pathParams.map((p) => pathValue(p.name))), query: queryOf(op), body: bodyOf(op), auth: authOf }), async (request) => {
          let path = op.path;
          op.pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, request.params[i]!)));
          const url = `${PREFIX}${path}${request.query ? `?${request.query}` : ''}`;
          const headers: Record<string, string> = headersOf(request.auth);
          if (request.body?.contentType) headers['content-type'] = request.body.contentType;
          const res = await app.http.inject({ method: op.method, url, headers, remoteAddress: '10.9.9.9', ...(request.body ? { payload: request.body.body } : {}) });
          const where = `${op.id} ${op.method} ${url.slice(0, 160)} auth=${request.auth} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          statuses.add(res.statusCode);
          expect(res.statusCode, where).not.toBe(500);
          expect(undocumented(op, res.statusCode, res.headers['content-type'] as string | undefined, res.body), where).toBeNull();
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true, examples: [[{ params: op.pathParams.map((p) => encode(String(pick(p.name, 0)))), query: '', body: null, auth: 'admin' }]] },
      );
    }
    for (const id of ['me', 'listFiles', 'openFile', 'getOriginal', 'listDenyReasons', 'resendWebhook']) expect([...seen.get(id)!], id).toContain(200);
  }, 240_000);
});
