import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientClaims, rentalRuntime } from '../../src/rental/index.ts';
import { encode, hostileString, rarely, rawSegment, readOperations, undocumented, valueOf, type Json, type Operation } from '../support/openapi-fuzz.ts';
import type { TestApp } from '../support/app.ts';
import { multipartBody, pdf, seedTenant, twoPartners, type Part } from './helpers.ts';
import { objectStreamPdf } from './pdf-fixtures.ts';

/**
 * Fuzzing every operation of the partner API's own OpenAPI document (and `/oauth`): requests built
 * from the documented schemas, valid and hostile (NUL, lone surrogates, 1 MiB of empty array items,
 * 1e308, year 9999, wrong types, missing and extra fields, huge strings, unknown tenants, another
 * partner's tenant, bad tokens, hostile PDFs). Every answer must be a status the document lists for
 * that operation, with a body its schema accepts, and never a 500.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 25);
// A fixed seed makes each run replay the same requests, so "an upload was stored" cannot depend on
// the draw; FUZZ_SEED=<n> explores other requests (fast-check prints the seed of a failure).
const SEED = Number(process.env.FUZZ_SEED ?? 20261201);

let app: TestApp;
let operations: Operation[];
let tokens: Record<'alpha' | 'beta' | 'noScope' | 'userToken' | 'ghost', string>;
/** Real values for path parameters and ids, mixed with another partner's and unknown ones. */
const pools: Record<string, (string | number)[]> = {};

beforeAll(async () => {
  const { alpha, beta, ...rest } = await twoPartners();
  app = rest.app;
  const own = await seedTenant(app, alpha, 'fuzz-own');
  const other = await seedTenant(app, beta, 'fuzz-other');
  const runtime = await rentalRuntime(app.contexts.get('rental') as never);
  tokens = {
    alpha: alpha.token,
    beta: beta.token,
    noScope: await runtime.issuer.sign(clientClaims(alpha.partner.clientId, ['dfc']), 300),
    userToken: await runtime.issuer.sign({ sub: 'u', azp: alpha.partner.clientId, scope: 'api-partner' }, 300),
    ghost: await runtime.issuer.sign(clientClaims('ghost', ['api-partner']), 300),
  };
  pools.tenantId = [own.tenantId, own.tenantId, own.tenantId, other.tenantId, 999_999_999, 0];
  pools.id = [...own.ids, other.ids[0]!, 999_999, 2 ** 31];
  pools.email = [own.email, other.email, 'nobody@example.com'];
  pools.guarantorId = [...own.guarantorIds, other.guarantorIds[0] ?? 1, 999_999];
  operations = readOperations((await app.http.inject({ url: '/api-partner/openapi.json' })).json());
});

afterAll(async () => {
  await app?.destroy();
});

const pick = (pool: string, i: number) => {
  const values = pools[pool] ?? [1];
  return values[i % values.length]!;
};

// --- requests -----------------------------------------------------------------------------------

const pooled = (name: string) => fc.nat().map((i) => String(pick(name, i)));

function pathValue(name: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: pooled(name).map(encode) },
    { weight: 1, arbitrary: hostileString.map(encode) },
    { weight: 2, arbitrary: rawSegment },
  );
}

function queryOf(op: Operation): fc.Arbitrary<string> {
  const parameter = (p: Operation['queryParams'][number]) =>
    fc.oneof(
      { weight: 4, arbitrary: valueOf(p.schema, false).map((v) => [`${p.name}=${encode(String(v))}`]) },
      { weight: 1, arbitrary: fc.oneof(hostileString, fc.constantFrom('9999-12-31T23:59:59.999999', '1e308', 'abc', '9'.repeat(40), '2020-01-31T10:30:00.000-05:00')).map((v) => [`${p.name}=${encode(v)}`]) },
      { weight: 1, arbitrary: fc.constantFrom([`${p.name}=%00`], [`${p.name}=1`, `${p.name}=2`], [`${p.name}`], [`${p.name}=%`]) },
      { weight: 3, arbitrary: fc.constant([] as string[]) },
    );
  return fc
    .tuple(fc.tuple(...op.queryParams.map(parameter)), rarely(fc.constantFrom('x=1', '__proto__=1', 'limit[]=1'), 5))
    .map(([parts, extra]) => [...parts.flat(), ...(extra ? [extra] : [])].join('&'));
}

type Payload = { contentType: string | null; body: string | Buffer } | null;
const json = (value: unknown): Payload => ({ contentType: 'application/json', body: JSON.stringify(value) });
/** 1 MiB of empty array items, in the field that holds an array and in the body itself. */
const emptyItems = (key: string) => `{"tenantId":1,"${key}":[${'{},'.repeat(350_000)}{}]}`;

function withPooledIds(value: unknown, hostile: boolean): fc.Arbitrary<unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return fc.constant(value);
  return fc.tuple(fc.nat(), fc.boolean()).map(([i, keep]) => ('tenantId' in (value as object) && !(hostile && keep) ? { ...(value as object), tenantId: pick('tenantId', i) } : value));
}

function jsonBody(schema: Json): fc.Arbitrary<Payload> {
  return fc.oneof(
    { weight: 4, arbitrary: valueOf(schema, false).chain((v) => withPooledIds(v, false)).map(json) },
    { weight: 4, arbitrary: valueOf(schema, true).chain((v) => withPooledIds(v, true)).map(json) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Payload>(
        { contentType: 'application/json', body: '{"tenantId": ' },
        { contentType: 'application/json', body: '' },
        { contentType: 'application/json', body: '{"__proto__": {"x": 1}, "tenantId": 1}' },
        { contentType: 'application/json', body: emptyItems('coTenants') },
        { contentType: 'application/json', body: `[${'[],'.repeat(200_000)}[]]` },
        { contentType: 'application/json', body: `${'['.repeat(5000)}${']'.repeat(5000)}` },
        { contentType: 'application/json', body: '{"tenantId":1e308,"email":"a@b.fr","messageBody":"x"}' },
        { contentType: 'application/json', body: '{"tenantId":"1","firstName":{"a":1},"lastName":["x"]}' },
        { contentType: 'application/x-www-form-urlencoded', body: 'tenantId=1&email=a%40b.fr' },
        { contentType: 'text/plain', body: '{}' },
        { contentType: 'application/xml', body: '<a/>' },
        { contentType: null, body: 'abc' },
        { contentType: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="tenantId"\r\n\r\n1\r\n--x--\r\n' },
      ),
    },
  );
}

/** The text fields of every multipart step, with their documented values (§4, §6). */
const MULTIPART_FIELDS: Record<string, fc.Arbitrary<string>> = {
  tenantId: pooled('tenantId'),
  guarantorId: pooled('guarantorId'),
  typeDocumentIdentification: fc.constantFrom('FRENCH_IDENTITY_CARD', 'FRENCH_PASSPORT', 'OTHER_IDENTIFICATION'),
  typeDocumentResidency: fc.constantFrom('TENANT', 'OWNER', 'OTHER_RESIDENCY', 'GUEST_PARENTS'),
  typeDocumentProfessional: fc.constantFrom('CDI', 'CDI_TRIAL', 'STUDENT'),
  typeDocumentFinancial: fc.constantFrom('SALARY', 'NO_INCOME', 'SCHOLARSHIP'),
  typeDocumentTax: fc.constantFrom('MY_NAME', 'MY_PARENTS', 'OTHER_TAX', 'LESS_THAN_YEAR'),
  typeDocumentCertificate: fc.constantFrom('VISALE', 'OTHER_GUARANTEE'),
  categoryStep: fc.constantFrom('SALARY_UNKNOWN', 'TENANT_RECEIPT', 'TAX_FRENCH_NOTICE', 'GUEST_PROOF'),
  noDocument: fc.constantFrom('true', 'false'),
  customText: fc.constantFrom('texte', 'x'.repeat(2001)),
  monthlySum: fc.constantFrom('1500', '0', '1e308', '99999999999'),
  id: pooled('id'),
  documentId: pooled('id'),
  avisDetected: fc.constantFrom('true', 'false'),
  firstName: fc.constantFrom('Jeanne', ' '),
  lastName: fc.constantFrom('Valjean', ''),
  legalPersonName: fc.constantFrom('ACME SA', 'x'.repeat(300)),
};

const PNG = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8ffff3f0005fe02fea7d6a3f60000000049454e44ae426082', 'hex');
const hostilePdfs = [
  Buffer.from('%PDF-1.4\n1 0 obj << /Type /Pages /Count 1000000000 /Kids [] >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF'),
  Buffer.from('%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [2 0 R] /Count 3 >> endobj\n'),
  Buffer.from('%PDF-1.4\n'),
  pdf(2).subarray(0, 60),
];

async function fileValues(): Promise<Buffer[]> {
  return [pdf(1), pdf(1), pdf(1), PNG, pdf(3), await objectStreamPdf(2), Buffer.from('<html>not a pdf</html>'), Buffer.alloc(0), ...hostilePdfs];
}
let files: Buffer[] = [];

function multipartOf(): fc.Arbitrary<Payload> {
  const field = ([name, valid]: [string, fc.Arbitrary<string>]) =>
    fc.oneof({ weight: 5, arbitrary: valid.map((v) => [{ name, value: v }]) }, { weight: 1, arbitrary: hostileString.map((v) => [{ name, value: v }]) }, { weight: 3, arbitrary: fc.constant([] as Part[]) });
  const filePart = fc.tuple(fc.nat(), fc.constantFrom('scan.pdf', 'a\u0000b.pdf', 'x'.repeat(400), '')).map(([i, filename]) => ({ name: 'documents', file: { bytes: files[i % files.length]!, filename, contentType: 'application/pdf' } }));
  const form = fc
    .tuple(fc.tuple(...Object.entries(MULTIPART_FIELDS).map(field)), fc.array(filePart, { maxLength: 3 }), rarely(fc.constant({ name: 'other', file: { bytes: pdf(1), filename: 'x.pdf', contentType: 'application/pdf' } }), 5))
    .map(([fields, documents, other]) => {
      const { payload, contentType } = multipartBody([...fields.flat(), ...documents, ...(other ? [other] : [])]);
      return { contentType, body: payload } as Payload;
    });
  return fc.oneof(
    { weight: 8, arbitrary: form },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Payload>(
        { contentType: 'multipart/form-data; boundary=x', body: '--x\r\nContent-Disposition: form-data; name="tenantId"\r\n\r\n1' },
        { contentType: 'multipart/form-data', body: 'garbage' },
        { contentType: 'application/json', body: '{"tenantId":1}' },
        { contentType: null, body: '' },
      ),
    },
  );
}

function bodyOf(op: Operation): fc.Arbitrary<Payload> {
  const jsonSchema = op.body.get('application/json');
  if (jsonSchema) return jsonBody(jsonSchema);
  const form = op.body.get('application/x-www-form-urlencoded');
  if (form) {
    return fc.oneof(
      valueOf(form, true).map((v) => ({ contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(Object.entries(v !== null && typeof v === 'object' ? v : { grant_type: v }).map(([k, x]) => [k, String(x)])).toString() })),
      fc.constantFrom<Payload>({ contentType: 'application/json', body: '{}' }, { contentType: 'application/x-www-form-urlencoded', body: `grant_type=${'x'.repeat(9000)}` }, { contentType: 'application/x-www-form-urlencoded', body: 'a=%ED%A0%80&grant_type=client_credentials' }),
    );
  }
  // The register steps without a JSON body are the multipart ones (§2).
  if (op.method === 'POST' && op.path.startsWith('/register/')) return multipartOf();
  return rarely(fc.constantFrom<Payload>({ contentType: 'text/plain', body: 'x' }, { contentType: 'application/json', body: '{' }, { contentType: 'application/json', body: '{}' }), 6);
}

const authOf = fc.oneof(
  { weight: 10, arbitrary: fc.constant<keyof typeof tokens | string | null>('alpha') },
  { weight: 1, arbitrary: fc.constantFrom<keyof typeof tokens | string | null>('beta', 'noScope', 'userToken', 'ghost', null, 'Bearer ', 'Bearer x.y.z', 'Basic YTpi', `Bearer ${'a'.repeat(9000)}`) },
);

function urlOf(op: Operation, params: string[], query: string): string {
  let path = op.path;
  op.pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, params[i]!)));
  return `${op.path.startsWith('/oauth') ? '' : '/api-partner'}${path}${query ? `?${query}` : ''}`;
}

// --- the property -------------------------------------------------------------------------------

describe('fuzzing every operation of the partner API\'s OpenAPI document', () => {
  it('reads every operation, each with the error statuses its parts can cause', () => {
    expect(operations).toHaveLength(42);
    for (const op of operations.filter((o) => !o.path.startsWith('/oauth'))) {
      // A creation (createShareLink) answers 201 where the others answer 200.
      const success = op.id === 'createShareLink' ? 201 : 200;
      expect([...op.responses.keys()], op.id).toEqual(expect.arrayContaining([success, 400, 401, 403, 404, 408, 431]));
      if (op.method === 'POST') expect([...op.responses.keys()], op.id).toEqual(expect.arrayContaining([413, 415]));
    }
    expect([...operations.find((o) => o.id === 'oauthToken')!.responses.keys()]).toEqual([200, 400, 401, 404, 408, 413, 431]);
  });

  it('answers every generated request with a documented status and body, never a 500', async () => {
    files = await fileValues();
    const seen = new Map<string, Set<number>>();
    // Deletions last (the account last of all), so that the other operations meet the seeded data.
    const rank = (op: Operation) => (op.id === 'deleteAccount' ? 2 : op.method === 'DELETE' ? 1 : 0);
    for (const op of [...operations].sort((a, b) => rank(a) - rank(b))) {
      const statuses = new Set<number>();
      seen.set(op.id, statuses);
      await fc.assert(
        fc.asyncProperty(fc.record({ params: fc.tuple(...op.pathParams.map((p) => pathValue(p.name))), query: queryOf(op), body: bodyOf(op), auth: authOf }), async (request) => {
          const url = urlOf(op, request.params, request.query);
          const headers: Record<string, string> = {};
          if (request.auth && request.auth in tokens) headers.authorization = `Bearer ${tokens[request.auth as keyof typeof tokens]}`;
          else if (request.auth) headers.authorization = request.auth;
          if (op.path.startsWith('/oauth') && request.auth === 'alpha') delete headers.authorization;
          if (request.body?.contentType) headers['content-type'] = request.body.contentType;
          const res = await app.http.inject({ method: op.method, url, headers, ...(request.body ? { payload: request.body.body } : {}) });
          const where = `${op.id} ${op.method} ${url.slice(0, 160)} auth=${String(request.auth).slice(0, 20)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          statuses.add(res.statusCode);
          expect(res.statusCode, where).not.toBe(500);
          expect(undocumented(op, res.statusCode, res.headers['content-type'] as string | undefined, res.body), where).toBeNull();
        }),
        // One plain request first (own ids, no query, no body, a valid token), then the generated ones.
        { numRuns: RUNS, seed: SEED, endOnFailure: true, examples: [[{ params: op.pathParams.map((p) => encode(String(pick(p.name, 0)))), query: '', body: null, auth: 'alpha' }]] },
      );
    }
    // The fuzzing reached the handlers, not only the gates.
    for (const id of ['registerAccount', 'registerNames', 'getTenantProfile', 'listTenants', 'getTenantByEmail', 'getApartmentSharing', 'listApartmentSharings', 'oauthJwks']) {
      expect([...seen.get(id)!], id).toContain(200);
    }
    const uploadsStored = [...seen].filter(([id, statuses]) => /^registerDocument|^registerGuarantor.*Document/.test(id) && statuses.has(200));
    expect(uploadsStored.length).toBeGreaterThan(0);
  }, 240_000);
});
