import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, DURANT, get, mintToken, RECIPIENT, startParticulierApp } from './helpers.ts';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import type { TestApp } from '../support/app.ts';

const QF = '/v3/dss/quotient_familial/identite';
const unprocessable = (code: string, detail: string, parameter: string | null) => ({
  errors: [{ code, title: 'Entité non traitable', detail, source: parameter ? { parameter } : null, meta: {} }],
});
const CIVILITY = 'Un ou plusieurs paramètres de civilité ne sont pas correctement formatés';

describe('parameter and routing errors', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await startParticulierApp({ FOYER_PARTICULIER_RATE_PER_TOKEN_SECOND: '100000' }, { now: () => new Date('2026-03-15T10:00:00Z') });
    ({ token } = await mintToken(app));
  });
  afterAll(async () => {
    await app.destroy();
  });
  const call = (path: string, query: Parameters<typeof get>[2], headers: Record<string, string> = bearer(token)) => get(app, path, query, headers);

  it('recipient absent (or blank) → 422 00203 naming recipient', async () => {
    for (const query of [{ ...DURANT }, { ...DURANT, recipient: '' }]) {
      const res = await call(QF, query);
      expect(res.status).toBe(422);
      expect(res.body).toEqual(unprocessable('00203', 'Le paramètre recipient est obligatoire', 'recipient'));
    }
  });

  it('recipient not a SIRET → 422 00210 naming recipient, on identity, FranceConnect and INE routes alike', async () => {
    const expected = unprocessable('00210', "Le paramètre recipient n'est pas un siret valide", 'recipient');
    for (const recipient of ['13002526500014', '1300252650001', 'DINUM']) {
      const res = await call(QF, { ...DURANT, recipient });
      expect(res.status).toBe(422);
      expect(res.body).toEqual(expected);
    }
    const fc = await call('/v3/dss/quotient_familial/france_connect', { recipient: '123' }, bearer('demo'));
    expect([fc.status, fc.body]).toEqual([422, expected]);
    const ine = await call('/v3/mesri/statut_etudiant/ine', { recipient: '123', ine: '1234567890G' });
    expect([ine.status, ine.body]).toEqual([422, expected]);
  });

  it('a missing civility parameter → 422 00366 naming it', async () => {
    const { nomNaissance: _n, ...rest } = DURANT;
    const res = await call(QF, { ...rest, recipient: RECIPIENT });
    expect(res.status).toBe(422);
    expect(res.body).toEqual(unprocessable('00366', CIVILITY, 'nomNaissance'));
  });

  it('text a database cannot store (NUL) in a parameter → 422 00366 naming it, through the platform rule', async () => {
    for (const [change, parameter] of [
      [{ nomNaissance: 'DUR\u0000ANT' }, 'nomNaissance'],
      [{ 'prenoms[]': ['PIERRE', 'RI\u0000CHARD'] }, 'prenoms[]'],
    ] as [Record<string, unknown>, string][]) {
      const res = await call(QF, { ...DURANT, ...change, recipient: RECIPIENT });
      expect(res.status).toBe(422);
      expect(res.body).toEqual(unprocessable('00366', CIVILITY, parameter));
    }
  });

  it('a value whose percent-encoding is not UTF-8 (Latin-1 from an old client, a lone surrogate) → 422 00366 naming it, not read as literal text', async () => {
    const base = `/api-particulier${QF}?recipient=${RECIPIENT}&anneeDateNaissance=1990&moisDateNaissance=1&jourDateNaissance=1&sexeEtatCivil=M&codeCogInseePaysNaissance=99100&codeCogInseeCommuneNaissance=08480`;
    for (const [query, parameter] of [
      ['&nomNaissance=DUR%C9&prenoms[]=PIERRE', 'nomNaissance'],
      ['&nomNaissance=DURANT&prenoms[]=PIERRE&prenoms[]=H%C9L%C8NE', 'prenoms[]'],
      ['&nomNaissance=DUR%ED%A0%80ANT&prenoms[]=PIERRE', 'nomNaissance'],
      ['&nomNaissance=DURANT&prenoms%5B%5D=%FF', 'prenoms[]'],
    ] as [string, string][]) {
      const res = await app.http.inject({ method: 'GET', url: `${base}${query}`, headers: bearer(token) });
      expect(res.statusCode, query).toBe(422);
      expect(res.json()).toEqual(unprocessable('00366', CIVILITY, parameter));
    }
    // A `%` sent encoded (%25) is text, and an unknown parameter's encoding is not the operation's business.
    const literal = await app.http.inject({ method: 'GET', url: `${base}&nomNaissance=DUR%25C9&prenoms[]=PIERRE&unknown=%FF`, headers: bearer(token) });
    expect(literal.statusCode).toBe(404);
    const fine = await app.http.inject({ method: 'GET', url: `${base}&nomNaissance=DURANT&prenoms[]=PIERRE&prenoms[]=RICHARD&unknown=%FF`, headers: bearer(token) });
    expect(fine.statusCode).toBe(200);
  });

  it('a malformed civility parameter → 422 00366 naming it (sex, country length, integer, too many first names)', async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ sexeEtatCivil: 'X' }, 'sexeEtatCivil'],
      [{ codeCogInseePaysNaissance: '991000' }, 'codeCogInseePaysNaissance'],
      [{ anneeDateNaissance: 'mille' }, 'anneeDateNaissance'],
      [{ 'prenoms[]': ['A', 'B', 'C', 'D'] }, 'prenoms[]'],
      [{ moisDateNaissance: 13 }, 'moisDateNaissance'],
      [{ jourDateNaissance: 31, moisDateNaissance: 2 }, 'jourDateNaissance'],
    ];
    for (const [change, parameter] of cases) {
      const res = await call(QF, { ...DURANT, ...change, recipient: RECIPIENT } as never);
      expect([res.status, res.body, parameter]).toEqual([422, unprocessable('00366', CIVILITY, parameter), parameter]);
    }
  });

  it('born in France without commune nor triplet → 00366 on codeCogInseeCommuneNaissance; the triplet is accepted', async () => {
    const { codeCogInseeCommuneNaissance: _c, ...rest } = DURANT;
    const res = await call(QF, { ...rest, recipient: RECIPIENT });
    expect([res.status, res.body]).toEqual([422, unprocessable('00366', CIVILITY, 'codeCogInseeCommuneNaissance')]);
    const triplet = await call(QF, { ...rest, nomCommuneNaissance: 'Gennevilliers', codeCogInseeDepartementNaissance: '92', recipient: RECIPIENT });
    expect(triplet.status).toBe(404); // valid, but no case of the corpus has these params
  });

  it('born abroad: the commune is ignored (the case without it matches)', async () => {
    const res = await call('/v3/dss/allocation_adulte_handicape/identite', { ...DURANT, recipient: RECIPIENT });
    expect(res.status).toBe(200);
  });

  it('QF period in the future or more than two years back → 00366', async () => {
    const future = await call(QF, { ...DURANT, annee: 2026, mois: 4, recipient: RECIPIENT });
    expect([future.status, future.body]).toEqual([422, unprocessable('00366', CIVILITY, 'mois')]);
    const old = await call(QF, { ...DURANT, annee: 2023, mois: 12, recipient: RECIPIENT });
    expect([old.status, old.body]).toEqual([422, unprocessable('00366', CIVILITY, 'annee')]);
  });

  it('INE badly formatted → 422 00360 naming ine (CNOUS and MESRI)', async () => {
    for (const path of ['/v3/cnous/etudiant_boursier/ine', '/v3/mesri/statut_etudiant/ine']) {
      const res = await call(path, { ine: '12345', recipient: RECIPIENT });
      expect([res.status, res.body]).toEqual([422, unprocessable('00360', "Le numéro d'INE n'est pas correctement formatté", 'ine')]);
    }
  });

  it('identifiant missing → 422 00380', async () => {
    const res = await call('/v3/sdh/statut_sportif/identifiant', { recipient: RECIPIENT });
    expect([res.status, res.body]).toEqual([422, unprocessable('00380', "L'identifiant est manquant", 'identifiant')]);
  });

  it('MESRI takes exactly one first name', async () => {
    const res = await call('/v3/mesri/statut_etudiant/identite', { ...DURANT, recipient: RECIPIENT });
    expect([res.status, res.body]).toEqual([422, unprocessable('00366', CIVILITY, 'prenoms[]')]);
  });

  it('DSNJ without sex → 422 00427', async () => {
    const { sexeEtatCivil: _s, ...rest } = DURANT;
    const res = await call('/v3/dsnj/service_national/identite', { ...rest, recipient: RECIPIENT });
    expect([res.status, res.body]).toEqual([422, unprocessable('00427', "Le sexe de l'état civil est manquant", 'sexeEtatCivil')]);
  });

  it('MEN: codeEtablissement with a BCN perimeter → 422 00419', async () => {
    const res = await call('/v3/men/scolarites/identite', {
      ...DURANT,
      anneeScolaire: '2023-2024',
      codeEtablissement: '0210015C',
      'codesBcnDepartements[]': ['021'],
      recipient: RECIPIENT,
    });
    expect([res.status, res.body]).toEqual([
      422,
      unprocessable('00419', 'Les paramètres codeEtablissement et périmètre (codesBcnRegions/codesBcnDepartements) sont mutuellement exclusifs', null),
    ]);
  });

  it('GIP-MDS homonyms → 422 00391 (a sandbox case, as in staging)', async () => {
    const res = await call('/v3/gip_mds/service_civique/identite', {
      nomNaissance: 'Martin',
      'prenoms[]': ['Camille'],
      anneeDateNaissance: 2001,
      moisDateNaissance: 5,
      jourDateNaissance: 12,
      recipient: RECIPIENT,
    });
    expect([res.status, res.body]).toEqual([
      422,
      unprocessable(
        '00391',
        "Les paramètres d'identité correspondent à plusieurs personnes. Nous ne pouvons pas fournir les informations de service civique pour cet individu.",
        null,
      ),
    ]);
  });

  it('an unknown version of a known route → 404 00402', async () => {
    const res = await call('/v5/cnous/etudiant_boursier/ine', { recipient: RECIPIENT, ine: '1234567890G' });
    expect(res.status).toBe(404);
    expect(res.body).toEqual({
      errors: [{ code: '00402', title: "Version d'API non prise en charge", detail: "La version v5 n'est pas supportée pour cet endpoint", source: null, meta: {} }],
    });
  });

  it('an unknown route or method → 404 00404 in the contract body (never Fastify\'s)', async () => {
    const expected = {
      errors: [{ code: '00404', title: 'Ressource introuvable', detail: "Cette route n'existe pas. Les routes sont listées dans le document OpenAPI.", source: null, meta: {} }],
    };
    const res = await call('/v3/nothing/here/identite', { recipient: RECIPIENT });
    expect([res.status, res.body]).toEqual([404, expected]);
    const post = await app.http.inject({ method: 'POST', url: `/api-particulier${QF}`, payload: {} });
    expect([post.statusCode, post.json()]).toEqual([404, expected]);
  });

  it('a body over the limit → 413 00413 in the contract body', async () => {
    const res = await app.http.inject({
      method: 'DELETE',
      url: `/api-particulier${QF}`,
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ x: 'y'.repeat(1_100_000) }),
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toEqual({
      errors: [{ code: '00413', title: 'Requête trop volumineuse', detail: 'Le corps de la requête dépasse la taille autorisée.', source: null, meta: {} }],
    });
  });

  it('a malformed percent-encoding in the query is not a 500', async () => {
    const res = await app.http.inject({ method: 'GET', url: `/api-particulier${QF}?recipient=%E0%A4%A&nomNaissance=%ZZ`, headers: bearer(token) });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors[0].code).toBe('00210');
  });

  it('a path that does not decode gets the contract body (raised before routing), even without a token', async () => {
    const expected = { errors: [{ code: '00400', title: 'Requête invalide', detail: "La requête n'a pas pu être lue.", source: null, meta: {} }] };
    for (const url of ['/api-particulier/v3/%E0%A4%A', '/api-particulier/v3/%', '/api-particulier/%']) {
      const res = await app.http.inject({ method: 'GET', url });
      expect([res.statusCode, res.json()]).toEqual([400, expected]);
    }
  });

  it('every response carries an X-Request-ID (the caller\'s when it sends a sane one)', async () => {
    const own = await call(QF, { ...DURANT, recipient: RECIPIENT }, { ...bearer(token), 'x-request-id': 'trace-123' });
    expect(own.headers['x-request-id']).toBe('trace-123');
    const generated = await call('/v3/nothing', {});
    expect(String(generated.headers['x-request-id'])).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('DSS routes carry X-Response-Cached and an empty X-Cache-Expires-in; other routes do not', async () => {
    const dss = await call(QF, { ...DURANT, recipient: RECIPIENT });
    expect(dss.status).toBe(200);
    expect(dss.headers['x-response-cached']).toBe('false');
    expect(dss.headers['x-cache-expires-in']).toBe('');
    const cnous = await call('/v3/cnous/etudiant_boursier/ine', { ine: '1234567890G', recipient: RECIPIENT });
    expect(cnous.status).toBe(200);
    expect(cnous.headers['x-response-cached']).toBeUndefined();
  });

  it('serves its OpenAPI document (public): every operation with the official parameters, v2 routes and introspection', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api-particulier/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.servers).toEqual([{ url: 'http://foyer.test/api-particulier' }]);
    const paths = Object.keys(doc.paths);
    expect(paths.filter((p) => /^\/v[34]\//.test(p))).toHaveLength(35);
    expect(paths).toContain('/api/v2/composition-familiale-v2');
    expect(paths).toContain('/api/introspect');
    const mesri = doc.paths['/v3/mesri/statut_etudiant/identite'].get;
    expect(mesri.operationId).toBe('api_particulier_v3_mesri_statut_etudiant_with_civility');
    expect(mesri.parameters.find((p: { name: string }) => p.name === 'prenoms[]')).toMatchObject({ in: 'query', required: true, schema: { type: 'array', minItems: 1, maxItems: 1 } });
    expect(mesri.parameters.find((p: { name: string }) => p.name === 'recipient')).toMatchObject({ in: 'query', required: true });
    // The official statuses and the surface's own (framework faults, limits, access log, upstream mode).
    expect(Object.keys(mesri.responses).sort()).toEqual(['200', '400', '401', '403', '404', '408', '409', '413', '422', '429', '431', '500', '502', '503', '504']);
    expect(mesri.responses['503'].description).toMatch(/00503/);
  });
});

describe('FranceConnect token without the identity-pivot scopes (§3.4, §7.2)', () => {
  let app: TestApp;
  let dir: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'particulier-fc-'));
    fs.mkdirSync(path.join(dir, 'france_connect'));
    const introspection = { token_introspection: { active: true, scope: 'openid given_name family_name cnous_email', family_name: 'DUBOIS', given_name: 'Angela' } };
    fs.writeFileSync(
      path.join(dir, 'france_connect', 'sans-pivot.yaml'),
      `description: 'Jeton sans identité pivot'\nparams:\n  token: sans-pivot\nstatus: 200\npayload: '${JSON.stringify(introspection)}'\n`,
    );
    app = await startParticulierApp({ FOYER_PARTICULIER_SANDBOX_DIR: dir });
  });
  afterAll(async () => {
    await app.destroy();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('→ 401 50003, the detail listing the scopes the token holds', async () => {
    const res = await get(app, '/v3/cnous/etudiant_boursier/france_connect', { recipient: RECIPIENT }, bearer('sans-pivot'));
    expect([res.status, res.body]).toEqual([
      401,
      {
        errors: [
          {
            code: '50003',
            title: 'Accès non autorisé',
            detail: "Le jeton d'accès FranceConnect ne contient pas les scopes d'identité pivot requis (scopes présents : openid, given_name, family_name, cnous_email).",
            source: null,
            meta: { provider: 'FranceConnect' },
          },
        ],
      },
    ]);
  });
});

describe('pings (§1.7, and /api/ping of the v2 document): public, per API, the state the calls saw', () => {
  let upstream: FakeUpstream;
  let gateway: TestApp;
  let sandbox: TestApp;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    gateway = await startParticulierApp({ FOYER_PARTICULIER_PROVIDER: 'upstream', FOYER_PARTICULIER_UPSTREAM_URL: upstream.url, FOYER_PARTICULIER_UPSTREAM_TIMEOUT_MS: '300' });
    sandbox = await startParticulierApp({}, { now: () => new Date('2026-03-15T10:00:00Z') });
  });
  afterAll(async () => {
    await gateway.destroy();
    await sandbox.destroy();
    await upstream.close();
  });
  const ping = async (app: TestApp, url: string) => {
    const res = await app.http.inject({ method: 'GET', url: `/api-particulier${url}` });
    return { status: res.statusCode, body: res.json() };
  };

  it('/api/ping answers "pong"; /api/pings lists one ping per API (the spec\'s example name among them); an unknown one is 404 00404', async () => {
    expect(await ping(sandbox, '/api/ping')).toEqual({ status: 200, body: 'pong' });
    const list = await ping(sandbox, '/api/pings');
    expect(list.status).toBe(200);
    expect(list.body).toContain('/api-particulier/api/mesri_statut_etudiant_ine/ping');
    expect(list.body).toHaveLength(31); // 35 operations, the four v4 ones share their v3 twin's ping
    expect((await ping(sandbox, '/api/nothing_here/ping')).body.errors[0].code).toBe('00404');
  });

  it('the sandbox is always ok', async () => {
    expect(await ping(sandbox, '/api/dss_quotient_familial_identite/ping')).toEqual({
      status: 200,
      body: { status: 'ok', last_update: '2026-03-15T10:00:00.000Z', last_ok_status: '2026-03-15T10:00:00.000Z' },
    });
  });

  it('the gateway: unknown before any call, ok after an answer, 502 bad_gateway after a provider failure (keeping the last ok time)', async () => {
    const name = '/api/dss_quotient_familial_identite/ping';
    expect(await ping(gateway, name)).toEqual({ status: 200, body: { status: 'unknown', last_update: null, last_ok_status: null } });
    const { token } = await mintToken(gateway);
    expect((await get(gateway, QF, { ...DURANT, nomNaissance: 'DUBOIS', recipient: RECIPIENT }, bearer(token))).status).toBe(200);
    const ok = await ping(gateway, name);
    expect([ok.status, ok.body.status]).toEqual([200, 'ok']);
    expect((await get(gateway, QF, { ...DURANT, nomNaissance: 'PANNE', recipient: RECIPIENT }, bearer(token))).status).toBe(502);
    const bad = await ping(gateway, name);
    expect([bad.status, bad.body.status, bad.body.last_ok_status]).toEqual([502, 'bad_gateway', ok.body.last_ok_status]);
  });
});
