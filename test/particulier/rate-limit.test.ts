import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asParticulierDb } from '../../src/particulier/db.ts';
import { DatabaseCounters } from '../../src/particulier/ratelimit/store.ts';
import type { FoyerApp } from '../../src/app.ts';
import { bearer, DURANT, get, mintToken, queryString, RECIPIENT, secondServer, startParticulierApp } from './helpers.ts';
import type { TestApp } from '../support/app.ts';

const QF = '/v3/dss/quotient_familial/identite';
const query = { ...DURANT, recipient: RECIPIENT };
const T0 = Date.parse('2026-03-02T10:00:00Z');
const TOO_MANY = { errors: [{ code: '00429', title: 'Trop de requêtes', detail: 'Vous avez effectué trop de requêtes', source: null, meta: {} }] };

describe('rate limits (§4): fixed epoch-aligned windows, headers on every response, 429 00429 with Retry-After', () => {
  let app: TestApp;
  let clock = T0;
  beforeAll(async () => {
    app = await startParticulierApp(
      {
        FOYER_PARTICULIER_RATE_PER_TOKEN_SECOND: '2',
        FOYER_PARTICULIER_RATE_PER_TOKEN_MINUTE: '5',
        FOYER_PARTICULIER_RATE_PER_IP_MINUTE: '12',
        FOYER_PARTICULIER_RATE_FC_PER_IP_MINUTE: '2',
        FOYER_PARTICULIER_RATE_FC_PER_IP_HOUR: '3',
      },
      { now: () => new Date(clock) },
    );
  });
  afterAll(async () => {
    await app.destroy();
  });

  it('per-token quota from the token row: remaining counts down to 0, then 429 with Retry-After to the end of the minute', async () => {
    clock = T0;
    const { token } = await mintToken(app, { rateLimitPerMinute: 3 });
    const reset = String(T0 / 1000 + 60);
    for (const remaining of ['2', '1', '0']) {
      clock += 1000;
      const res = await get(app, QF, query, bearer(token));
      expect(res.status).toBe(200);
      expect([res.headers['ratelimit-limit'], res.headers['ratelimit-remaining'], res.headers['ratelimit-reset']]).toEqual(['3', remaining, reset]);
      expect(res.headers['retry-after']).toBeUndefined();
    }
    clock = T0 + 20_000;
    const refused = await get(app, QF, query, bearer(token));
    expect([refused.status, refused.body]).toEqual([429, TOO_MANY]);
    expect([refused.headers['ratelimit-limit'], refused.headers['ratelimit-remaining'], refused.headers['ratelimit-reset'], refused.headers['retry-after']]).toEqual([
      '3',
      '0',
      reset,
      '40',
    ]);
    clock = T0 + 60_000; // next window
    expect((await get(app, QF, query, bearer(token))).status).toBe(200);
  });

  it('20 requests/s per token (here 2): the third call in one second is refused for 1 s', async () => {
    clock = T0 + 120_000;
    const { token } = await mintToken(app);
    expect((await get(app, QF, query, bearer(token))).status).toBe(200);
    expect((await get(app, QF, query, bearer(token))).status).toBe(200);
    const refused = await get(app, QF, query, bearer(token));
    expect(refused.status).toBe(429);
    expect(refused.headers['retry-after']).toBe('1');
    expect(refused.headers['ratelimit-limit']).toBe('2');
    clock += 1000;
    expect((await get(app, QF, query, bearer(token))).status).toBe(200);
  });

  it('1000 requests/min per address (here 12), across tokens, counted even for refused credentials', async () => {
    clock = T0 + 240_000;
    const tokens = await Promise.all([mintToken(app), mintToken(app), mintToken(app)]);
    let calls = 0;
    for (let i = 0; i < 3; i++) {
      for (const { token } of tokens) {
        clock += 1000;
        const res = await get(app, QF, query, bearer(token));
        expect(res.status).toBe(200);
        calls++;
      }
    }
    const anonymous = await get(app, QF, query);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers['ratelimit-limit']).toBe('12');
    expect(anonymous.headers['ratelimit-remaining']).toBe(String(12 - calls - 1));
    await get(app, QF, query);
    await get(app, QF, query);
    const refused = await get(app, QF, query, bearer(tokens[0]!.token));
    expect([refused.status, refused.body]).toEqual([429, TOO_MANY]);
    expect(refused.headers['ratelimit-limit']).toBe('12');
  });
});

describe('FranceConnect calls per address (30/min, 600/h; here 2 and 4), refused calls counted too', () => {
  let app: TestApp;
  let clock = T0;
  beforeAll(async () => {
    app = await startParticulierApp({ FOYER_PARTICULIER_RATE_FC_PER_IP_MINUTE: '2', FOYER_PARTICULIER_RATE_FC_PER_IP_HOUR: '4' }, { now: () => new Date(clock) });
  });
  afterAll(async () => {
    await app.destroy();
  });

  it('refuses the third FranceConnect call of a minute, then the fifth of an hour', async () => {
    const FC = '/v3/cnous/etudiant_boursier/france_connect';
    clock = T0;
    expect((await get(app, FC, { recipient: RECIPIENT }, bearer('demo'))).status).toBe(200);
    const second = await get(app, FC, { recipient: RECIPIENT }, bearer('demo'));
    expect([second.status, second.headers['ratelimit-limit'], second.headers['ratelimit-remaining']]).toEqual([200, '2', '0']);
    const third = await get(app, FC, { recipient: RECIPIENT }, bearer('demo'));
    expect([third.status, third.body, third.headers['retry-after']]).toEqual([429, TOO_MANY, '60']);
    clock = T0 + 60_000;
    expect((await get(app, FC, { recipient: RECIPIENT }, bearer('demo'))).status).toBe(200);
    clock = T0 + 120_000;
    const hourly = await get(app, FC, { recipient: RECIPIENT }, bearer('demo'));
    expect([hourly.status, hourly.headers['ratelimit-limit'], hourly.headers['retry-after']]).toEqual([429, '4', String(3600 - 120)]);
  });
});

describe('two server processes on one database share the limits', () => {
  let app: TestApp;
  let other: FoyerApp;
  let closeOther = async () => {};
  beforeAll(async () => {
    app = await startParticulierApp();
    ({ server: other, close: closeOther } = await secondServer(app));
  });
  afterAll(async () => {
    await closeOther();
    await app.destroy();
  });

  it('a token\'s quota holds across both: alternating calls, the fourth of three is refused', async () => {
    const { token } = await mintToken(app, { rateLimitPerMinute: 3 });
    const statuses: number[] = [];
    const remaining: string[] = [];
    for (const server of [app, other, app, other]) {
      const res = await server.http.inject({ method: 'GET', url: `/api-particulier/v3/dss/quotient_familial/identite?${queryString(query)}`, headers: bearer(token) });
      statuses.push(res.statusCode);
      remaining.push(String(res.headers['ratelimit-remaining']));
    }
    expect(statuses).toEqual([200, 200, 200, 429]);
    expect(remaining).toEqual(['2', '1', '0', '0']);
  });
});

describe('counters shared through the database (several server processes on one PostgreSQL)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startParticulierApp();
  });
  afterAll(async () => {
    await app.destroy();
  });

  it('two processes\' counters see each other\'s calls: the limit holds globally, not per process', async () => {
    const first = new DatabaseCounters(asParticulierDb(app.db.kysely));
    const second = new DatabaseCounters(asParticulierDb(app.db.kysely));
    const window = [{ bucket: 'token-m:shared', limit: 3, periodSeconds: 60 }];
    const counts = [];
    for (const store of [first, second, first, second]) counts.push((await store.hit(window, T0))[0]!.count);
    expect(counts).toEqual([1, 2, 3, 4]);
    expect((await second.hit(window, T0 + 60_000))[0]!.count).toBe(1);
  });

  it('concurrent hits are counted exactly once each', async () => {
    const stores = [new DatabaseCounters(asParticulierDb(app.db.kysely)), new DatabaseCounters(asParticulierDb(app.db.kysely))];
    const window = [{ bucket: 'ip:concurrent', limit: 100, periodSeconds: 60 }];
    const counts = await Promise.all(Array.from({ length: 20 }, (_, i) => stores[i % 2]!.hit(window, T0).then((s) => s[0]!.count)));
    expect(counts.sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
  });
});
