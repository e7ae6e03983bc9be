import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { mintToken } from './helpers.ts';

const QF =
  '/api-particulier/v3/dss/quotient_familial/identite?recipient=13002526500013&nomNaissance=DURANTEAU&prenoms[]=PIERRICK&anneeDateNaissance=1987&moisDateNaissance=11&jourDateNaissance=23&sexeEtatCivil=M&codeCogInseePaysNaissance=99100&codeCogInseeCommuneNaissance=08480';

function collector(lines: string[]) {
  return new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
}

/** A sandbox case: the call succeeds. */
const QF_CASE =
  '/api-particulier/v3/dss/quotient_familial/identite?recipient=13002526500013&nomNaissance=DURANT&prenoms[]=PIERRE&prenoms[]=RICHARD' +
  '&anneeDateNaissance=1990&moisDateNaissance=1&jourDateNaissance=1&sexeEtatCivil=M&codeCogInseePaysNaissance=99100&codeCogInseeCommuneNaissance=08480';

type Line = { msg: string; level: number; req?: { url: string }; reqId?: string };

/** Request logs at `info` with the citizen-data calls' lines on: what they say of a request, and that no personal data gets in. */
describe('request logs', () => {
  let app: TestApp;
  const lines: string[] = [];
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { LOG_LEVEL: 'info', FOYER_PARTICULIER_CALL_LOG_LEVEL: 'info' }, logStream: collector(lines) });
    ({ token } = await mintToken(app));
  });
  afterAll(() => app?.destroy());

  it('name the route and its parameter names, never the values', async () => {
    const particulier = await app.http.inject({ url: QF, headers: { authorization: `Bearer ${token}` } });
    expect([200, 404]).toContain(particulier.statusCode);
    const rental = await app.http.inject({ url: '/api-partner/tenant?email=claire.martin%40example.org' });
    expect(rental.statusCode).toBe(401);

    const logged = lines.join('\n');
    const requests = lines.map((line) => JSON.parse(line) as { msg: string; req?: { url: string } }).filter((line) => line.msg === 'incoming request');
    expect(requests.map((line) => line.req!.url)).toEqual([
      '/api-particulier/v3/dss/quotient_familial/identite?recipient=…&nomNaissance=…&prenoms[]=…&anneeDateNaissance=…&moisDateNaissance=…&jourDateNaissance=…&sexeEtatCivil=…&codeCogInseePaysNaissance=…&codeCogInseeCommuneNaissance=…',
      '/api-partner/tenant?email=…',
    ]);
    for (const secret of ['DURANTEAU', 'PIERRICK', 'claire.martin', token.slice(-20)]) expect(logged).not.toContain(secret);
    // Numbers only where they could be parameters: every line's `time` is digits too.
    const requestText = JSON.stringify(requests);
    for (const secret of ['1987', '13002526500013']) expect(requestText).not.toContain(secret);
    expect(lines.filter((line) => line.includes('"request completed"'))).toHaveLength(2);
  });
});

/**
 * At the default `FOYER_PARTICULIER_CALL_LOG_LEVEL` (warn) a citizen-data call writes no per-request
 * info lines (the access log records it), other surfaces still do, and a call's errors are logged.
 */
describe('request logs of citizen-data calls at the default call log level', () => {
  let app: TestApp;
  const lines: string[] = [];
  let token: string;
  let clockBreaks = false;

  beforeAll(async () => {
    app = await startTestApp({
      env: { LOG_LEVEL: 'info' },
      logStream: collector(lines),
      // One reading of the clock fails when asked: an unexpected error inside a call.
      now: () => {
        if (clockBreaks) {
          clockBreaks = false;
          throw new Error('clock broke');
        }
        return new Date();
      },
    });
    ({ token } = await mintToken(app));
  });
  afterAll(() => app?.destroy());

  it('skip the info lines of v3 and v2 calls, keep those of other routes, and keep errors', async () => {
    lines.length = 0;
    const v3 = await app.http.inject({ url: QF_CASE, headers: { authorization: `Bearer ${token}` } });
    expect(v3.statusCode).toBe(200);
    const v2 = await app.http.inject({ url: '/api-particulier/api/v2/composition-familiale-v2?nomNaissance=X', headers: { 'x-api-key': token } });
    expect(v2.statusCode).toBeGreaterThanOrEqual(400);
    const rental = await app.http.inject({ url: '/api-partner/tenant?email=claire.martin%40example.org' });
    expect(rental.statusCode).toBe(401);
    const parsed = lines.map((line) => JSON.parse(line) as Line);
    expect(parsed.filter((line) => line.msg === 'incoming request').map((line) => line.req!.url)).toEqual(['/api-partner/tenant?email=…']);
    expect(parsed.filter((line) => line.msg === 'request completed')).toHaveLength(1);

    clockBreaks = true;
    const failed = await app.http.inject({ url: QF_CASE, headers: { authorization: `Bearer ${token}`, 'x-request-id': 'broken-clock-call' } });
    expect(failed.statusCode).toBe(500);
    expect(clockBreaks).toBe(false);
    const errors = lines.map((line) => JSON.parse(line) as Line).filter((line) => line.level >= 50);
    expect(errors.map((line) => line.msg)).toEqual(['particulier request failed']);
    expect(errors[0]!.reqId).toBe('broken-clock-call');
    expect(lines.join('\n')).not.toContain('DURANT');
  });
});
