import { monitorEventLoopDelay } from 'node:perf_hooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_DETAILS } from '../../src/platform/http/validation.ts';
import { brokerClient, newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';
import { errorBody, guideProspectComplet } from './helpers.ts';

/**
 * The cost of a request is bounded by design, not by the body limit: any body within the limit is
 * answered quickly with a small error. Before the structural guard, a 1 MiB array of 349 000 empty
 * borrowers took 23 s of event loop and built a 137 MB error body.
 */

const LIMIT = 1024 * 1024;
/** Answers are a few problems, never a report of the whole body. */
const SMALL_ANSWER = 8 * 1024;
/**
 * The floor of the budget. The budget itself scales with the unavoidable work (parsing the four
 * bodies, measured in the same test), so that a loaded machine slows both sides alike: the
 * unguarded validation took seconds per request, hundreds of times its parse.
 */
const EVENT_LOOP_BUDGET_MS = 2000;
const PARSE_FACTOR = 20;

let app: TestApp;
let token: string;
let c: ReturnType<typeof brokerClient>;
let fileId: string;

beforeAll(async () => {
  app = await startTestApp();
  ({ token } = await newBrokerKey(app));
  c = brokerClient(app, token);
  const res = await c.post('/prospectcomplet', guideProspectComplet());
  expect(res.status).toBe(200);
  fileId = res.body.dossier.id;
});

afterAll(async () => {
  await app?.destroy();
});

/** `{"<key>":[{},{},…]}` filling the body limit. */
function emptyObjects(key: string, extra = ''): string {
  const head = `{${extra}"${key}":[`;
  const count = Math.floor((LIMIT - head.length - 2) / 3);
  return `${head}${'{},'.repeat(count - 1)}{}]}`;
}

async function send(method: 'POST' | 'PUT', path: string, payload: string) {
  expect(Buffer.byteLength(payload)).toBeLessThanOrEqual(LIMIT);
  const res = await app.http.inject({
    method,
    url: `/crediteo${path}`,
    headers: { 'x-crediteo-user-auth-token': token, 'content-type': 'application/json' },
    payload,
  });
  return { status: res.statusCode, text: res.body, body: JSON.parse(res.body) };
}

describe('bodies within the limit that used to cost seconds', () => {
  it('349 000 empty borrowers to /prospectcomplet: "Too many arguments." on the array alone, in a small body', async () => {
    const payload = emptyObjects('emprunteurs');
    expect(payload.length).toBeGreaterThan(LIMIT - 10);
    const res = await send('POST', '/prospectcomplet', payload);
    expect(res.status).toBe(409);
    expect(res.body).toStrictEqual({
      ...errorBody('tooMany'),
      details: [{ field: '$.emprunteurs', message: 'must NOT have more than 2 items' }],
    });
    expect(res.text.length).toBeLessThan(SMALL_ANSWER);
  });

  it('the same flood in PUT /dossiers/{id}', async () => {
    const payload = emptyObjects('emprunteurs', `"dossier":{"iddossier":"${fileId}","reference":"R"},`);
    const res = await send('PUT', `/dossiers/${fileId}`, payload);
    expect(res.status).toBe(409);
    expect(res.body).toStrictEqual({
      ...errorBody('tooMany'),
      details: [{ field: '$.emprunteurs', message: 'must NOT have more than 12 items' }],
    });
  });

  it('a flood of unknown keys: the first 50 are named, no more', async () => {
    const keys: string[] = [];
    let size = 2;
    for (let i = 0; size < LIMIT - 40; i++) {
      const entry = `"k${i}":0`;
      keys.push(entry);
      size += entry.length + 1;
    }
    const res = await send('POST', '/prospect', `{${keys.join(',')}}`);
    expect(res.status).toBe(409);
    expect(res.body).toStrictEqual({ ...errorBody('tooMany'), details: expect.any(Array) });
    expect(res.body.details).toHaveLength(MAX_DETAILS);
    expect(res.body.details[0]).toStrictEqual({ field: '$.k0', message: 'is not a known field' });
    expect(res.text.length).toBeLessThan(SMALL_ANSWER);
  });

  it('nesting hundreds of thousands of levels deep: refused at the platform\'s depth', async () => {
    const depth = 300_000;
    const res = await send('POST', '/prospectcomplet', `{"projet":${'['.repeat(depth)}${']'.repeat(depth)}}`);
    expect(res.status).toBe(409);
    expect(res.body).toStrictEqual({ ...errorBody('invalid'), details: [{ field: expect.stringMatching(/^\$\.projet(\[0\])+$/), message: 'is nested too deeply' }] });
    expect(res.text.length).toBeLessThan(SMALL_ANSWER);
  });

  it('every field of every credit wrong, as many credits as the schema allows: at most 50 details', async () => {
    const file = (await c.get(`/dossiers/${fileId}`)).body;
    const badCredit = { idcredit: null, numeroemprunteur1: 'x', montantinitial: 'x', datedebut: 1, mensualite: 'x', rachatpret: 'x', duree: 'x', tauxinterets: 'x' };
    const bien = file.biens[0];
    const biens = Array.from({ length: 50 }, () => ({ ...bien, idbien: null, credits: Array.from({ length: 20 }, () => badCredit) }));
    const body = { emprunteurs: [{ ...file.emprunteurs[0], supprimer: undefined }], dossier: { iddossier: fileId, reference: 'R' }, biens };
    const res = await send('PUT', `/dossiers/${fileId}`, JSON.stringify(body));
    expect(res.status).toBe(409);
    expect(res.body.details.length).toBe(MAX_DETAILS);
    expect(res.text.length).toBeLessThan(SMALL_ANSWER);
  });

  it('one string of a megabyte: the field is named, the string is not echoed', async () => {
    const payload = JSON.stringify({ nom: 'x'.repeat(LIMIT - 100), prenom: 'P', email: 'a@b.fr', tel: '1' });
    const res = await send('POST', '/prospect', payload);
    expect(res.status).toBe(409);
    expect(res.body).toStrictEqual({ ...errorBody('invalid'), details: [{ field: '$.nom', message: 'must NOT have more than 500 characters' }] });
  });
});

describe('hostile bodies do not hold the other requests', () => {
  it('four floods sent at once with a cheap GET /dossiers: the GET is served, the event loop never stalls', async () => {
    const cheap = async () => {
      const started = performance.now();
      const res = await c.get('/dossiers');
      expect(res.status).toBe(200);
      return performance.now() - started;
    };
    const baseline = await cheap();
    const bodies = [emptyObjects('emprunteurs'), emptyObjects('enfants'), emptyObjects('emprunteurs'), emptyObjects('biens')];
    const parseStarted = performance.now();
    for (const body of bodies) JSON.parse(body);
    const budget = Math.max(EVENT_LOOP_BUDGET_MS, PARSE_FACTOR * (performance.now() - parseStarted));
    const histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
    const floods = [
      send('POST', '/prospectcomplet', bodies[0]!),
      send('POST', '/prospectcomplet', bodies[1]!),
      send('PUT', `/dossiers/${fileId}`, bodies[2]!),
      send('POST', '/prospectcomplet', bodies[3]!),
    ];
    const [latency, ...answers] = await Promise.all([cheap(), ...floods]);
    histogram.disable();
    for (const answer of answers) {
      expect(answer.status).toBe(409);
      expect(answer.body.error).toBe('Too many arguments.');
      expect(answer.text.length).toBeLessThan(SMALL_ANSWER);
    }
    const stallMs = histogram.max / 1e6;
    expect(stallMs, `longest event-loop stall ${stallMs.toFixed(0)} ms (GET: ${latency!.toFixed(0)} ms, alone ${baseline.toFixed(0)} ms)`).toBeLessThan(budget);
    expect(latency).toBeLessThan(budget);
  });
});
