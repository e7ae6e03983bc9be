import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FoyerApp } from '../../src/app.ts';
import { DatabaseInFlight, MemoryInFlight } from '../../src/particulier/concurrency/in-flight.ts';
import { asParticulierDb } from '../../src/particulier/db.ts';
import { bearer, DURANT, get, mintToken, queryString, RECIPIENT, secondServer, startParticulierApp } from './helpers.ts';
import { startFakeUpstream, type FakeUpstream } from './fake-upstream.ts';
import type { TestApp } from '../support/app.ts';

const QF = '/v3/dss/quotient_familial/identite';
const query = { ...DURANT, recipient: RECIPIENT };
const T0 = Date.parse('2026-03-02T10:00:00Z');
const TOO_MANY = { errors: [{ code: '00429', title: 'Trop de requêtes', detail: 'Vous avez effectué trop de requêtes', source: null, meta: {} }] };
const CONFLICT = {
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
};

describe('habilitation quotas (§4, §8.8): the tokens of one habilitation share its per-minute quota', () => {
  let app: TestApp;
  let clock = T0;
  beforeAll(async () => {
    app = await startParticulierApp({}, { now: () => new Date(clock) });
  });
  afterAll(async () => {
    await app.destroy();
  });

  it('two tokens of habilitation 42 (quota 3) together get three calls; a token of another habilitation is not affected', async () => {
    clock = T0;
    const a = await mintToken(app, { habilitation: 'dp-42', rateLimitPerMinute: 3 });
    const b = await mintToken(app, { habilitation: 'dp-42', rateLimitPerMinute: 3 });
    const other = await mintToken(app, { habilitation: 'dp-7', rateLimitPerMinute: 3 });
    const answers = [];
    for (const token of [a, b, a, b]) answers.push(await get(app, QF, query, bearer(token.token)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 429]);
    expect(answers.map((r) => r.headers['ratelimit-remaining'])).toEqual(['2', '1', '0', '0']);
    expect(answers[3]!.body).toEqual(TOO_MANY);
    expect((await get(app, QF, query, bearer(other.token))).headers['ratelimit-remaining']).toBe('2');
  });
});

describe('IP ban (§4): an address that keeps calling through its 429s gets no answer for 12 h', () => {
  let app: TestApp;
  let url: string;
  let clock = T0;
  beforeAll(async () => {
    app = await startParticulierApp({ FOYER_PARTICULIER_RATE_PER_IP_MINUTE: '2', FOYER_PARTICULIER_IP_BAN_AFTER_REFUSALS: '2' }, { now: () => new Date(clock) });
    url = await app.http.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app.destroy();
  });
  const call = (token: string) => fetch(`${url}/api-particulier${QF}?${queryString(query)}`, { headers: bearer(token) });

  it('two calls served, two refused with 429, the next refusal bans: the connection is dropped without an answer until the ban ends', async () => {
    clock = T0;
    const { token } = await mintToken(app);
    const statuses = [];
    for (let i = 0; i < 5; i++) statuses.push((await call(token)).status);
    // The fifth call is the third 429 of the minute: answered, and the address is banned.
    expect(statuses).toEqual([200, 200, 429, 429, 429]);
    const ban = await sql<{ ip: string; until: Date }>`select ip, until from particulier.ip_bans`.execute(app.db.kysely);
    expect(ban.rows.map((r) => [r.ip, new Date(r.until).toISOString()])).toEqual([['127.0.0.1', new Date(T0 + 12 * 3_600_000).toISOString()]]);
    clock = T0 + 60_000; // a new minute: the limits would serve it, the ban does not
    await expect(call(token)).rejects.toThrow(/fetch failed/);
    clock = T0 + 12 * 3_600_000 + 1;
    expect((await call(token)).status).toBe(200);
  });
});

describe('the same request already in flight → 409 00015, across server processes on one database', () => {
  let upstream: FakeUpstream;
  let app: TestApp;
  let other: FoyerApp;
  let closeOther = async () => {};
  beforeAll(async () => {
    upstream = await startFakeUpstream();
    app = await startParticulierApp({
      FOYER_PARTICULIER_PROVIDER: 'upstream',
      FOYER_PARTICULIER_UPSTREAM_URL: upstream.url,
      FOYER_PARTICULIER_UPSTREAM_TIMEOUT_MS: '5000',
    });
    ({ server: other, close: closeOther } = await secondServer(app));
  });
  afterAll(async () => {
    await closeOther();
    await app.destroy();
    await upstream.close();
  });

  it('a slow call on one server: the same call on the other is refused; other parameters or another token pass; after it, the same call passes', async () => {
    const { token } = await mintToken(app);
    const second = await mintToken(app);
    const slow = `/api-particulier${QF}?${queryString({ ...query, nomNaissance: 'LENT' })}`;
    const before = upstream.requests.length;
    // The upstream keeps the first call unanswered until the twin has been refused: no timing assumed
    // (a fixed delay was outlasted by the second server's first call on a loaded CI machine).
    const release = upstream.hold('LENT');
    const first = app.http.inject({ method: 'GET', url: slow, headers: bearer(token) });
    // Once the upstream has the first call, its in-flight claim is committed.
    while (upstream.requests.length === before) await new Promise((r) => setTimeout(r, 5));
    const twin = await other.http.inject({ method: 'GET', url: slow, headers: bearer(token) });
    release();
    expect([twin.statusCode, twin.json()]).toEqual([409, CONFLICT]);
    const otherToken = await other.http.inject({ method: 'GET', url: slow, headers: bearer(second.token) });
    expect(otherToken.statusCode).toBe(200);
    expect((await first).statusCode).toBe(200);
    const after = await other.http.inject({ method: 'GET', url: slow, headers: bearer(token) });
    expect(after.statusCode).toBe(200);
    const left = await sql<{ n: string }>`select count(*) as n from particulier.in_flight`.execute(app.db.kysely);
    expect(Number(left.rows[0]!.n)).toBe(0);
  });
});

describe('in-flight guards', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startParticulierApp();
  });
  afterAll(async () => {
    await app.destroy();
  });

  it('in memory: a held key is refused until released', async () => {
    const guard = new MemoryInFlight();
    const release = guard.claim('k');
    expect(release).not.toBeNull();
    expect(guard.claim('k')).toBeNull();
    await release!();
    expect(guard.claim('k')).not.toBeNull();
  });

  it('in the database: two guards (two processes) exclude each other; a claim left by a dead process expires; the key is stored hashed', async () => {
    const db = asParticulierDb(app.db.kysely);
    const hash = (key: string) => `h:${key.length}`;
    const a = new DatabaseInFlight(db, hash, 10_000);
    const b = new DatabaseInFlight(db, hash, 10_000);
    const held = await a.claim('token:x\u0000DURANT', T0);
    expect(held).not.toBeNull();
    expect(await b.claim('token:x\u0000DURANT', T0 + 5_000)).toBeNull();
    const keys = await sql<{ key: string }>`select key from particulier.in_flight`.execute(app.db.kysely);
    expect(keys.rows.map((r) => r.key)).toEqual([hash('token:x\u0000DURANT')]);
    // `a` died without releasing: after the TTL, `b` takes the key over, and `a`'s late release leaves it.
    const taken = await b.claim('token:x\u0000DURANT', T0 + 10_001);
    expect(taken).not.toBeNull();
    await held!();
    expect(await a.claim('token:x\u0000DURANT', T0 + 10_002)).toBeNull();
    await taken!();
    expect(await a.claim('token:x\u0000DURANT', T0 + 10_003)).not.toBeNull();
  });
});
