import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/particulier/index.ts';
import { ParticulierError } from '../../src/particulier/errors.ts';
import { Upstream } from '../../src/particulier/providers/upstream/upstream.ts';
import { mockingKey } from '../../src/particulier/providers/sandbox/matching.ts';
import { bearer, DURANT, get, mintToken, RECIPIENT, startParticulierApp } from './helpers.ts';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import type { TestApp } from '../support/app.ts';

const op = (path: string) => CATALOGUE().find((o) => o.path === path)!;
const QF = op('/v3/dss/quotient_familial/identite');
const person = { nomNaissance: 'DUBOIS', prenoms: ['Angela'], anneeDateNaissance: 1962, moisDateNaissance: 8, jourDateNaissance: 24, sexeEtatCivil: 'F', codeCogInseePaysNaissance: '99100', codeCogInseeCommuneNaissance: '75107' };

async function failure(promise: Promise<unknown>) {
  try {
    await promise;
  } catch (error) {
    if (error instanceof ParticulierError) return { status: error.status, body: error.body };
    throw error;
  }
  throw new Error('expected a failure');
}

describe('the upstream provider maps what goes wrong to the contract', () => {
  let upstream: FakeUpstream;
  let provider: Upstream;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    provider = new Upstream({ baseUrl: upstream.url, token: 'deployment-token', timeoutMs: 300, franceConnect: null, now: () => new Date() }, CATALOGUE());
  });
  afterAll(async () => {
    await upstream.close();
  });
  const call = (params: Record<string, unknown>, operation = QF) =>
    provider.call({ op: operation, params: params as never, recipient: RECIPIENT, key: mockingKey(params), requestId: 'req-1', noCache: true });

  it('forwards with the deployment token, the recipient, the request id and array parameters as name[]', async () => {
    const answer = await call(person);
    expect(answer.status).toBe(200);
    const sent = upstream.requests.at(-1)!;
    expect(sent.authorization).toBe('Bearer deployment-token');
    const url = new URL(sent.url, 'http://x');
    expect(url.pathname).toBe('/v3/dss/quotient_familial/identite');
    expect(url.searchParams.get('recipient')).toBe(RECIPIENT);
    expect(url.searchParams.getAll('prenoms[]')).toEqual(['Angela']);
  });

  it('timeout → 504 37002; upstream 429 → 504 37008; unreadable answer → 502 37999', async () => {
    expect(await failure(call({ ...person, nomNaissance: 'LENT' }))).toEqual({
      status: 504,
      body: { code: '37002', title: 'Intermédiaire hors-délai', detail: 'Temps d’attente d’une réponse du fournisseur de données écoulé.', source: null, meta: { provider: 'CNAV' } },
    });
    expect(await failure(call({ ...person, nomNaissance: 'QUOTA' }))).toMatchObject({ status: 504, body: { code: '37008', meta: { provider: 'CNAV' } } });
    expect(await failure(call({ ...person, nomNaissance: 'PANNE' }))).toMatchObject({
      status: 502,
      body: { code: '37999', title: 'Erreur inconnue du fournisseur de données', meta: { provider: 'CNAV' } },
    });
  });

  it('upstream in maintenance (503) → 504 37001; an unresolvable host → 504 37004', async () => {
    expect(await failure(call({ ...person, nomNaissance: 'MAINTENANCE' }))).toEqual({
      status: 504,
      body: { code: '37001', title: 'Service non disponible', detail: 'Service du fournisseur de données temporairement indisponible ou en maintenance.', source: null, meta: { provider: 'CNAV' } },
    });
    const nowhere = new Upstream({ baseUrl: 'http://api-particulier.invalid', token: null, timeoutMs: 5000, franceConnect: null, now: () => new Date() }, CATALOGUE());
    expect(await failure(nowhere.call({ op: QF, params: person as never, recipient: RECIPIENT, key: mockingKey(person), requestId: 'r', noCache: true }))).toEqual({
      status: 504,
      body: { code: '37004', title: 'Erreur de résolution DNS', detail: "Problème de résolution DNS de l'adresse du serveur", source: null, meta: { provider: 'CNAV' } },
    });
  });

  it('a 200 that is not a {data} envelope → 502 with the provider\'s 999 code', async () => {
    expect(await failure(call({ ine: '1234567890G' }, op('/v3/cnous/etudiant_boursier/ine')))).toMatchObject({ status: 502, body: { code: '26999', meta: { provider: 'CNOUS' } } });
  });

  it('a documented error of the upstream passes through with its status', async () => {
    const answer = await call({ ...person, nomNaissance: 'ABSENT' });
    expect(answer.status).toBe(404);
    expect((answer.body as { errors: { code: string }[] }).errors[0]!.code).toBe('37003');
  });

  it('nobody listening → 504 00501 with meta.retry_in', async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((r) => closed.close(() => r()));
    const gone = new Upstream({ baseUrl: `http://127.0.0.1:${port}`, token: null, timeoutMs: 1000, franceConnect: null, now: () => new Date() }, CATALOGUE());
    expect(await failure(gone.call({ op: QF, params: person as never, recipient: RECIPIENT, key: mockingKey(person), requestId: 'r', noCache: false }))).toEqual({
      status: 504,
      body: {
        code: '00501',
        title: 'Erreur réseau',
        detail: "Problème de connexion au serveur distant. L'erreur peut venir soit du fournisseur, soit de API Entreprise. Il s'agit souvent d'une erreur temporaire.",
        source: null,
        meta: { retry_in: 10 },
      },
    });
  });
});

describe('Foyer in upstream mode (gateway)', () => {
  let upstream: FakeUpstream;
  let app: TestApp;
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    app = await startParticulierApp({
      FOYER_PARTICULIER_PROVIDER: 'upstream',
      FOYER_PARTICULIER_UPSTREAM_URL: upstream.url,
      FOYER_PARTICULIER_UPSTREAM_TOKEN: 'deployment-token',
      FOYER_PARTICULIER_UPSTREAM_TIMEOUT_MS: '5000',
      FOYER_PARTICULIER_FRANCECONNECT_URL: `${upstream.url}/checktoken`,
      FOYER_PARTICULIER_FRANCECONNECT_CLIENT_ID: 'foyer',
      FOYER_PARTICULIER_FRANCECONNECT_CLIENT_SECRET: 'secret',
    });
  });
  afterAll(async () => {
    await app.destroy();
    await upstream.close();
  });
  const query = { ...DURANT, nomNaissance: 'DUBOIS', recipient: RECIPIENT };

  it('applies our token\'s scopes as a second mask, and caches DSS answers for the contract\'s TTL (no-cache bypasses)', async () => {
    const { token } = await mintToken(app, { scopes: ['cnaf_quotient_familial'] });
    const before = upstream.requests.length;
    const first = await get(app, QF.path, query, bearer(token));
    expect(first.status).toBe(200);
    expect(Object.keys(first.body.data)).toEqual(['quotient_familial']);
    expect([first.headers['x-response-cached'], first.headers['x-cache-expires-in']]).toEqual(['false', '']);
    const second = await get(app, QF.path, query, bearer(token));
    expect(second.body).toEqual(first.body);
    expect(second.headers['x-response-cached']).toBe('true');
    expect(Number(second.headers['x-cache-expires-in'])).toBeGreaterThan(86_390);
    expect(upstream.requests.length).toBe(before + 1);
    const fresh = await get(app, QF.path, query, { ...bearer(token), 'cache-control': 'no-cache' });
    expect(fresh.headers['x-response-cached']).toBe('false');
    expect(upstream.requests.length).toBe(before + 2);
  });

  it('the same request already in flight for the token → 409 00015', async () => {
    const { token } = await mintToken(app);
    const slow = { ...query, nomNaissance: 'LENT' };
    const [a, b] = await Promise.all([get(app, QF.path, slow, bearer(token)), new Promise((r) => setTimeout(r, 200)).then(() => get(app, QF.path, slow, bearer(token)))]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(409);
    expect(b.body).toEqual({
      errors: [
        {
          code: '00015',
          title: 'Conflit',
          detail:
            "Une requête associé à votre jeton est déjà en cours de traitement pour ces paramètres. Veuillez attendre la fin du traitement avant d'effectuer une nouvelle requête.",
          source: null,
          meta: {},
        },
      ],
    });
  });

  it('FranceConnect: the token is introspected, its identity calls the identity route, its scopes mask, identite is dropped', async () => {
    const res = await get(app, '/v3/cnous/etudiant_boursier/france_connect', { recipient: RECIPIENT }, bearer('fc-angela'));
    expect(res.status).toBe(200);
    expect(res.body.data).toEqual({ email: 'angela@example.fr', est_boursier: true });
    const introspection = upstream.requests.find((r) => r.url === '/checktoken')!;
    expect(new URLSearchParams(introspection.body).get('client_id')).toBe('foyer');
    const call = new URL(upstream.requests.at(-1)!.url, 'http://x');
    expect(call.pathname).toBe('/v3/cnous/etudiant_boursier/identite');
    expect(call.searchParams.get('nomNaissance')).toBe('DUBOIS');
    expect(call.searchParams.getAll('prenoms[]')).toEqual(['Angela']);
    const refused = await get(app, '/v3/cnous/etudiant_boursier/france_connect', { recipient: RECIPIENT }, bearer('fc-unknown'));
    expect([refused.status, refused.body.errors[0].code]).toEqual([401, '50002']);
    // ANTS has no identity route: the upstream FC route is asked with the caller's FC token.
    const ants = await get(app, '/v3/ants/extrait_immatriculation_vehicule/france_connect', { recipient: RECIPIENT, immatriculation: 'AA-123-BB' }, bearer('fc-angela'));
    expect(ants.status).toBe(403); // the FC token holds no ANTS scope
    const antsToken = await get(app, '/v3/ants/extrait_immatriculation_vehicule/france_connect', { recipient: RECIPIENT, immatriculation: 'AA-123-BB' }, bearer('fc-ants'));
    expect(antsToken.status).toBe(200);
    expect(antsToken.body.data).toEqual({ statut_rattachement: 'titulaire' }); // masked by the FC token's scopes
    const forwarded = upstream.requests.at(-1)!;
    expect(forwarded.authorization).toBe('Bearer fc-ants');
    expect(new URL(forwarded.url, 'http://x').pathname).toBe('/v3/ants/extrait_immatriculation_vehicule/france_connect');
    expect(new URL(forwarded.url, 'http://x').searchParams.get('immatriculation')).toBe('AA-123-BB');
    const broken = await get(app, '/v3/cnous/etudiant_boursier/france_connect', { recipient: RECIPIENT }, bearer('fc-broken'));
    expect([broken.status, broken.body]).toEqual([
      502,
      {
        errors: [
          {
            code: '50999',
            title: 'Erreur inconnue du fournisseur de données',
            detail: 'La réponse retournée par FranceConnect est invalide et inconnue de notre service.',
            source: null,
            meta: { provider: 'FranceConnect' },
          },
        ],
      },
    ]);
    const malformed = await get(app, '/v3/cnous/etudiant_boursier/france_connect', { recipient: RECIPIENT }, bearer('fc-malformed'));
    expect([malformed.status, malformed.body]).toEqual([
      401,
      { errors: [{ code: '50001', title: 'Accès non autorisé', detail: "Le jeton d'accès FranceConnect est mal formé.", source: null, meta: { provider: 'FranceConnect' } }] },
    ]);
  });
});
