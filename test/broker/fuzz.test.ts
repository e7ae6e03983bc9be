import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BROKER_VALIDATION } from '../../src/broker/http/validation.ts';
import { newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';
import { encode, hostileString, rarely, rawSegment, typesOf, valueOf, type Formats } from '../support/openapi-fuzz.ts';
import { guideProspectComplet } from './helpers.ts';

/**
 * Schema-driven fuzzing of the broker surface, from its own OpenAPI document: for every operation,
 * requests built from the documented schemas — valid, and hostile (NUL, lone surrogates, huge
 * numbers, long strings, deep nesting, unknown keys, bad encodings, wrong media types, missing or
 * wrong keys). Every answer must have a status the document lists for that operation, a body that
 * validates against the document's schema for that status, and never be a 500.
 */

// ajv and ajv-formats are CommonJS; their default export sits one level down under NodeNext.
const Ajv = AjvModule.default ?? AjvModule;
const addFormats = addFormatsModule.default ?? addFormatsModule;

/** Runs per operation: 11 operations, a few seconds in all. */
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);

type Schema = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

interface Operation {
  id: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema; required: boolean }[];
  body: Schema | null;
  responses: Map<number, ValidateFunction>;
}

let app: TestApp;
let token: string;
let operations: Operation[];
/** Real values for path parameters, so that valid requests reach the handlers (ids grow as files are created). */
const pools: Record<string, string[]> = { nomselecteur: ['pays', 'titre', 'villes', 'nationalites', 'typebien'], iddossier: [] };

beforeAll(async () => {
  app = await startTestApp();
  ({ token } = await newBrokerKey(app));
  const created = await app.http.inject({
    method: 'POST',
    url: '/crediteo/prospectcomplet',
    headers: { 'x-crediteo-user-auth-token': token, 'content-type': 'application/json' },
    payload: guideProspectComplet(),
  });
  expect(created.statusCode).toBe(200);
  pools.iddossier!.push(created.json().dossier.id);
  const doc = (await app.http.inject({ url: '/crediteo/openapi.json' })).json();
  operations = readOperations(doc);
});

afterAll(async () => {
  await app?.destroy();
});

function readOperations(doc: Json): Operation[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const [name, validate] of Object.entries(BROKER_VALIDATION.formats ?? {})) ajv.addFormat(name, { type: 'string', validate });
  // Shapes used more than once are components, referenced from the operations.
  ajv.addSchema({ components: doc.components }, 'doc');
  const compile = (schema: Json) => ajv.compile(schema.$ref ? { $ref: `doc${schema.$ref}` } : schema);
  const resolve = (schema: Json | undefined): Json | null =>
    schema?.$ref ? doc.components.schemas[String(schema.$ref).replace('#/components/schemas/', '')] : (schema ?? null);
  const out: Operation[] = [];
  for (const [path, methods] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(methods)) {
      const parameters: Json[] = op.parameters ?? [];
      const responses = new Map<number, ValidateFunction>();
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        const schema = response.content?.['application/json']?.schema;
        expect(schema, `${op.operationId} ${status} has a JSON schema`).toBeDefined();
        responses.set(Number(status), compile(schema));
      }
      out.push({
        id: op.operationId,
        method: method.toUpperCase() as Operation['method'],
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: !!p.required })),
        body: resolve(op.requestBody?.content?.['application/json']?.schema),
        responses,
      });
    }
  }
  return out;
}

// --- values -------------------------------------------------------------------------------------

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const frenchDate = fc
  .record({ d: fc.integer({ min: 1, max: 28 }), m: fc.integer({ min: 1, max: 12 }), y: fc.integer({ min: 1950, max: 2040 }) })
  .map(({ d, m, y }) => `${pad(d)}/${pad(m)}/${y}`);

/** The broker's own string formats. */
const FORMATS: Formats = {
  'date-fr': frenchDate,
  'date-fr-or-empty': fc.oneof(frenchDate, fc.constant('')),
  'datetime-fr-or-empty': fc.oneof(
    fc.tuple(frenchDate, fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([d, h, m]) => `${d} ${pad(h)}:${pad(m)}`),
    fc.constant(''),
  ),
};

// --- requests -----------------------------------------------------------------------------------

function pathValue(name: string): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: fc.nat().map((i) => `pool:${i}`) },
    { weight: 2, arbitrary: fc.string({ maxLength: 30 }).map(encode) },
    { weight: 1, arbitrary: hostileString.map(encode) },
    { weight: 2, arbitrary: rawSegment },
    { weight: 1, arbitrary: fc.integer({ min: 90, max: 400 }).map((n) => encode(`${name}-`.padEnd(n, 'x'))) },
  );
}

function queryOf(op: Operation): fc.Arbitrary<string> {
  const parameter = (p: Operation['queryParams'][number]) =>
    fc.oneof(
      { weight: 4, arbitrary: valueOf(p.schema, false, FORMATS).map((v) => [`${p.name}=${encode(String(v))}`]) },
      { weight: 1, arbitrary: fc.oneof(hostileString, fc.constantFrom('-1', 'abc', '1e400', '9'.repeat(40), '1.5')).map((v) => [`${p.name}=${encode(v)}`]) },
      { weight: 1, arbitrary: fc.constantFrom([`${p.name}=%00`], [`${p.name}=1`, `${p.name}=2`], [`${p.name}`], [`${p.name}=%`]) },
      { weight: 3, arbitrary: fc.constant([] as string[]) },
    );
  return fc
    .tuple(fc.tuple(...op.queryParams.map(parameter)), rarely(fc.constantFrom('x=1', 'limite=3', '__proto__=1', 'nbItems[]=1'), 5))
    .map(([parts, extra]) => [...parts.flat(), ...(extra ? [extra] : [])].join('&'));
}

type Payload = { contentType: string | null; text: string } | null;

function bodyOf(op: Operation): fc.Arbitrary<Payload> {
  if (!op.body) return fc.constant(null);
  const schema = op.body;
  const json = (value: unknown) => ({ contentType: 'application/json', text: JSON.stringify(value) });
  return fc.oneof(
    { weight: 4, arbitrary: valueOf(schema, false, FORMATS).map(json) },
    { weight: 4, arbitrary: valueOf(schema, true, FORMATS).map(json) },
    { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 4 }).map(json) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<Payload>(
        { contentType: 'application/json', text: '{"nom": ' },
        { contentType: 'application/json', text: '' },
        { contentType: 'application/json', text: '{"__proto__": {"x": 1}}' },
        { contentType: 'application/json', text: `{"emprunteurs":[${'{},'.repeat(20_000)}{}]}` },
        { contentType: 'application/json', text: `${'['.repeat(5000)}${']'.repeat(5000)}` },
        { contentType: 'application/x-www-form-urlencoded', text: '{"nom":"Durand"}' },
        { contentType: 'application/x-www-form-urlencoded', text: 'nom=a%00b&prenom=B&email=a%40b.fr&tel=1' },
        { contentType: 'application/x-www-form-urlencoded', text: 'nom=A&nom=B&prenom=%ED%A0%80' },
        { contentType: 'text/plain', text: '{}' },
        { contentType: 'application/xml', text: '<a/>' },
        { contentType: null, text: 'abc' },
      ),
    },
  );
}

const keyHeader = fc.oneof(
  { weight: 8, arbitrary: fc.constant<'valid' | string | null>('valid') },
  { weight: 1, arbitrary: fc.constantFrom<string | null>(null, '', 'foyer_bk_inconnu', 'x'.repeat(300)) },
);
const origin = rarely(fc.constantFrom('https://evil.example', 'null'));

function requestOf(op: Operation) {
  return fc.record({
    params: fc.tuple(...op.pathParams.map((p) => pathValue(p.name))),
    query: queryOf(op),
    body: bodyOf(op),
    key: keyHeader,
    origin,
  });
}

function urlOf(op: Operation, params: string[], query: string): string {
  let path = op.path;
  op.pathParams.forEach((p, i) => {
    let value = params[i]!;
    if (value.startsWith('pool:')) {
      const pool = pools[p.name] ?? ['x'];
      value = encode(pool[Number(value.slice(5)) % pool.length] ?? 'x');
    }
    path = path.replace(`{${p.name}}`, value);
  });
  return `/crediteo${path}${query ? `?${query}` : ''}`;
}

// --- the property -------------------------------------------------------------------------------

describe('fuzzing every operation of the broker\'s OpenAPI document', () => {
  it('reads every operation of the document, each with its error statuses', () => {
    expect(operations.map((o) => o.id).sort()).toStrictEqual(
      [
        'calculateBorrowingCapacity', 'calculateLoan', 'calculateLoanBuyback', 'calculateNotaryFees', 'calculatePtz', 'createProspect',
        'createProspectComplet', 'getDossier', 'getSelector', 'listDossiers', 'updateDossier',
      ].sort(),
    );
    for (const op of operations) expect([...op.responses.keys()], op.id).toEqual(expect.arrayContaining([200, 404, 408, 409, 428, 431, 500]));
  });

  it('bounds every array and every string a client can send', () => {
    const unbounded: string[] = [];
    const walk = (schema: unknown, where: string) => {
      if (schema === null || typeof schema !== 'object') return;
      const s = schema as Schema;
      const types = typesOf(s);
      if (types.includes('array') && typeof s.maxItems !== 'number') unbounded.push(`${where}: array without maxItems`);
      const boundedString = typeof s.maxLength === 'number' || Array.isArray(s.enum) || 'const' in s || typeof s.format === 'string' || typeof s.pattern === 'string';
      if (types.includes('string') && !boundedString) unbounded.push(`${where}: string without maxLength`);
      for (const [key, child] of Object.entries(s)) {
        if (key === 'properties') for (const [name, p] of Object.entries(child as Schema)) walk(p, `${where}.${name}`);
        else if (key === 'items' || key === 'additionalProperties' || key === 'then' || key === 'else') walk(child, `${where}[${key}]`);
        else if (key === 'anyOf' || key === 'oneOf' || key === 'allOf') (child as unknown[]).forEach((b, i) => walk(b, `${where}[${key}${i}]`));
      }
    };
    for (const op of operations) {
      if (op.body) walk(op.body, `${op.id} body $`);
      for (const p of op.queryParams) walk(p.schema, `${op.id} query ${p.name}`);
    }
    expect(unbounded).toStrictEqual([]);
  });

  it('answers every generated request with a documented status and body, never a 500', async () => {
    const seen = new Map<string, Set<number>>();
    for (const op of operations) {
      const statuses = new Set<number>();
      seen.set(op.id, statuses);
      await fc.assert(
        fc.asyncProperty(requestOf(op), async (request) => {
          const url = urlOf(op, request.params, request.query);
          const headers: Record<string, string> = {};
          if (request.key === 'valid') headers['x-crediteo-user-auth-token'] = token;
          else if (request.key !== null) headers['x-crediteo-user-auth-token'] = request.key;
          if (request.origin) headers.origin = request.origin;
          if (request.body?.contentType) headers['content-type'] = request.body.contentType;
          const res = await app.http.inject({ method: op.method, url, headers, ...(request.body ? { payload: request.body.text } : {}) });
          const where = `${op.id} ${op.method} ${url.slice(0, 200)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          statuses.add(res.statusCode);
          expect(res.statusCode, where).not.toBe(500);
          const validate = op.responses.get(res.statusCode);
          expect(validate, `${where}: status not in the document`).toBeDefined();
          expect(String(res.headers['content-type']), where).toMatch(/^application\/json/);
          const body = JSON.parse(res.body);
          expect(validate!(body), `${where}: ${JSON.stringify(validate!.errors?.slice(0, 3))}`).toBe(true);
          if (res.statusCode === 200 && (op.id === 'createProspect' || op.id === 'createProspectComplet')) pools.iddossier!.push(body.dossier.id);
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
    }
    // The fuzzing reached the handlers, not only the gates.
    for (const [id, statuses] of seen) expect([...statuses].filter((s) => s === 200 || s === 409), id).not.toHaveLength(0);
    for (const id of ['createProspect', 'getDossier', 'getSelector', 'listDossiers']) expect([...seen.get(id)!], id).toContain(200);
  });
});
