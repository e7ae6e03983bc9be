import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../support/app.ts';
import { mintToken } from './helpers.ts';

/** Request logs at the default level: what they say of a request, and that no personal data gets in. */
describe('request logs', () => {
  let app: TestApp;
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  let token: string;

  beforeAll(async () => {
    app = await startTestApp({ env: { LOG_LEVEL: 'info' }, logStream: stream });
    ({ token } = await mintToken(app));
  });
  afterAll(() => app?.destroy());

  it('name the route and its parameter names, never the values', async () => {
    const particulier = await app.http.inject({
      url: '/api-particulier/v3/dss/quotient_familial/identite?recipient=13002526500013&nomNaissance=DURANTEAU&prenoms[]=PIERRICK&anneeDateNaissance=1987&moisDateNaissance=11&jourDateNaissance=23&sexeEtatCivil=M&codeCogInseePaysNaissance=99100&codeCogInseeCommuneNaissance=08480',
      headers: { authorization: `Bearer ${token}` },
    });
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
