import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode, hostileString, rarely, readOperations, undocumented, valueOf, type Json, type Operation } from '../support/openapi-fuzz.ts';
import type { TestApp } from '../support/app.ts';
import { mintToken, RECIPIENT, startParticulierApp } from './helpers.ts';

/**
 * Fuzzing every operation of the citizen-data surface's own OpenAPI document (v3 and v4 routes,
 * the v2 compatibility routes, introspection, pings): queries built from the documented parameters,
 * valid and hostile (NUL, lone surrogates, bad percent-encoding, 1e308, year 9999, huge and repeated
 * values, unknown parameters), with good, reduced, expired, foreign and missing credentials. Every
 * answer must be a status the document lists for that operation, with a body its schema accepts, and
 * never a 500.
 */

const RUNS = Number(process.env.FUZZ_RUNS ?? 20);
const SEED = Number(process.env.FUZZ_SEED ?? 20261202);

let app: TestApp;
let operations: Operation[];
const tokens: Record<string, string> = {};

beforeAll(async () => {
  // Limits high enough that the handlers, not the 429 gate, answer most requests.
  app = await startParticulierApp({
    FOYER_PARTICULIER_RATE_PER_TOKEN_SECOND: '1000000',
    FOYER_PARTICULIER_RATE_PER_IP_MINUTE: '10000000',
    FOYER_PARTICULIER_RATE_PER_TOKEN_MINUTE: '10000000',
    FOYER_PARTICULIER_RATE_FC_PER_IP_MINUTE: '10000000',
    FOYER_PARTICULIER_RATE_FC_PER_IP_HOUR: '10000000',
  });
  tokens.all = (await mintToken(app)).token;
  tokens.reduced = (await mintToken(app, { scopes: ['cnous_statut_boursier'] })).token;
  tokens.expired = (await mintToken(app, { expiresAt: new Date(Date.now() - 60_000) })).token;
  tokens.otherRecipient = (await mintToken(app, { recipients: ['21750001600019'] })).token;
  operations = readOperations((await app.http.inject({ url: '/api-particulier/openapi.json' })).json() as Json);
});

afterAll(async () => {
  await app?.destroy();
});

/** Values of the parameters the sandbox corpus answers, so that some requests reach a 200. */
const KNOWN: Record<string, string[]> = {
  recipient: [RECIPIENT, RECIPIENT, RECIPIENT, '13002526500014', '1300252650001'],
  nomNaissance: ['DURANT'],
  'prenoms[]': ['PIERRE', 'RICHARD'],
  anneeDateNaissance: ['1990'],
  moisDateNaissance: ['1'],
  jourDateNaissance: ['1'],
  sexeEtatCivil: ['M', 'F', 'X'],
  codeCogInseePaysNaissance: ['99100'],
  codeCogInseeCommuneNaissance: ['08480'],
  // The same person under the v2 names.
  anneeDateDeNaissance: ['1990'],
  moisDateDeNaissance: ['1'],
  jourDateDeNaissance: ['1'],
  sexe: ['m'],
  codePaysLieuDeNaissance: ['99100'],
  codeInseeLieuDeNaissance: ['08480'],
};

function parameterOf(p: Operation['queryParams'][number]): fc.Arbitrary<string[]> {
  const named = (values: string[]) => values.map((v) => `${p.name}=${encode(v)}`);
  return fc.oneof(
    { weight: 4, arbitrary: KNOWN[p.name] ? fc.constantFrom(...KNOWN[p.name]!).map((v) => named([v])) : valueOf(p.schema, false).map((v) => named([String(v)])) },
    { weight: 3, arbitrary: valueOf(p.schema, false).map((v) => named(Array.isArray(v) ? v.map(String) : [String(v)])) },
    { weight: 1, arbitrary: fc.oneof(hostileString, fc.constantFrom('9999', '1e308', '-1', '00', '9'.repeat(40), '2020-02-30', '9999-12-31')).map((v) => named([v])) },
    { weight: 1, arbitrary: fc.constantFrom([`${p.name}=%00`], [`${p.name}=%ED%A0%80`], [`${p.name}=%`], [`${p.name}=1`, `${p.name}=2`], [p.name], Array(300).fill(`${p.name}=A`)) },
    { weight: p.required ? 1 : 3, arbitrary: fc.constant([] as string[]) },
  );
}

/** A value the document accepts for every required parameter (the corpus's where it has one), optional ones now and then. */
function validParameterOf(p: Operation['queryParams'][number]): fc.Arbitrary<string[]> {
  const named = (v: unknown) => (Array.isArray(v) ? v : [v]).map((x) => `${p.name}=${encode(String(x))}`);
  const known = KNOWN[p.name];
  const value = known ? fc.constant(named(p.name.endsWith('[]') ? known : known[0])) : valueOf(p.schema, false).map(named);
  if (p.required) return value;
  return KNOWN[p.name] ? value : fc.constant([] as string[]);
}

function queryOf(op: Operation): fc.Arbitrary<string> {
  const fuzzed = fc
    .tuple(fc.tuple(...op.queryParams.map(parameterOf)), rarely(fc.constantFrom('x=1', '__proto__=1', 'prenoms=A', `recipient[]=${RECIPIENT}`, 'a'.repeat(5000)), 5))
    .map(([parts, extra]) => [...parts.flat(), ...(extra ? [extra] : [])].join('&'));
  const valid = fc.tuple(...op.queryParams.map(validParameterOf)).map((parts) => parts.flat().join('&'));
  return fc.oneof(fuzzed, valid);
}

/** A credential by name (the tokens themselves are minted in beforeAll and would flood a counterexample). */
type Credential = { header: 'api' | 'authorization'; token: string } | null;
const credentialOf: fc.Arbitrary<Credential> = fc.oneof(
  { weight: 6, arbitrary: fc.constant({ header: 'api' as const, token: 'all' }) },
  { weight: 3, arbitrary: fc.constantFrom('reduced', 'expired', 'otherRecipient', 'eyJhbGciOiJIUzI1NiJ9.e30.x', 'x'.repeat(9000)).map((token) => ({ header: 'api' as const, token })) },
  // Raw Authorization values, and the FranceConnect-able routes' FranceConnect token as the Bearer.
  { weight: 2, arbitrary: fc.constantFrom('Basic abc', 'Bearer ', 'Bearer a b', 'Bearer fc-unknown', 'Bearer all').map((token) => ({ header: 'authorization' as const, token })) },
  { weight: 1, arbitrary: fc.constant(null) },
);

function credentialHeaders(op: Operation, credential: Credential): Record<string, string> {
  if (!credential) return {};
  if (credential.header === 'authorization') return { authorization: credential.token.replace(/^Bearer all$/, `Bearer ${tokens.all}`) };
  const token = tokens[credential.token] ?? credential.token;
  return op.path.includes('/api/v2/') ? { 'x-api-key': token } : { authorization: `Bearer ${token}` };
}

describe('fuzzing the citizen-data surface from its OpenAPI document', () => {
  it('answers every request with a documented status and body, never a 500', async () => {
    expect(operations.length).toBeGreaterThan(45);
    const seen = new Map<string, Set<number>>();
    for (const op of operations) {
      const statuses = new Set<number>();
      seen.set(op.id, statuses);
      await fc.assert(
        fc.asyncProperty(fc.record({ params: fc.tuple(...op.pathParams.map(() => fc.oneof(fc.constantFrom('cnav', 'dss', 'x', '%00', '%ED%A0%80'), hostileString.map(encode)))), query: queryOf(op), credential: credentialOf, noCache: fc.boolean() }), async (request) => {
          let path = op.path;
          op.pathParams.forEach((p, i) => (path = path.replace(`{${p.name}}`, request.params[i]!)));
          const url = `/api-particulier${path}${request.query ? `?${request.query}` : ''}`;
          const headers = credentialHeaders(op, request.credential);
          if (request.noCache) headers['cache-control'] = 'no-cache';
          const res = await app.http.inject({ method: op.method, url, headers });
          const where = `${op.id} ${url.slice(0, 240)} [${request.credential?.header}: ${request.credential?.token.slice(0, 30)}] → ${res.statusCode} ${res.body.slice(0, 300)}`;
          statuses.add(res.statusCode);
          expect(res.statusCode, where).not.toBe(500);
          expect(undocumented(op, res.statusCode, res.headers['content-type'] as string | undefined, res.body), where).toBeNull();
        }),
        { numRuns: RUNS, seed: SEED, endOnFailure: true },
      );
    }
    if (process.env.FUZZ_VERBOSE) console.log(JSON.stringify([...seen].map(([id, s]) => [id, [...s].sort()])));
    // The fuzzing reached the providers, not only the gates.
    const answered = [...seen].filter(([, statuses]) => statuses.has(200) || statuses.has(404));
    expect(answered.length, JSON.stringify([...seen].map(([id, s]) => [id, [...s]]))).toBeGreaterThan(operations.length / 2);
    expect([...seen].filter(([, statuses]) => statuses.has(200)).length).toBeGreaterThanOrEqual(15);
  });
});
