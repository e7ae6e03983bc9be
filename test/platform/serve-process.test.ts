import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, startServer } from './processes.ts';

/**
 * The real `foyer serve` process, as `npm start` runs it: demo credentials on first start, data
 * that survives a SIGTERM and a restart, and a clean exit code.
 */
describe('foyer serve', () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'foyer-serve-'));
  const children: ChildProcess[] = [];
  afterAll(() => {
    for (const c of children) c.kill('SIGKILL');
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('prints demo credentials, keeps data across SIGTERM and restart, exits 0', async () => {
    const port = await freePort();
    const first = startServer(dataDir, port);
    children.push(first.child);
    const printed = await first.listening;
    const file = JSON.parse(fs.readFileSync(path.join(dataDir, 'demo-credentials.json'), 'utf8'));
    expect(file.broker.token).toMatch(/^foyer_bk_/);
    expect(printed).toContain(file.broker.token);
    expect(printed).toContain('Created demo credentials');
    expect((fs.statSync(path.join(dataDir, 'demo-credentials.json')).mode & 0o777).toString(8)).toBe('600');

    const base = `http://127.0.0.1:${port}/crediteo`;
    const headers = { 'x-crediteo-user-auth-token': file.broker.token, 'content-type': 'application/json' };
    const created = await fetch(`${base}/prospect`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ nom: 'DURAND', prenom: 'Jean', email: 'jean.durand@email.fr', tel: '0658957412' }),
    });
    expect(created.status).toBe(200);
    const { dossier } = (await created.json()) as { dossier: { id: string; ref: string } };

    // The citizen-data sandbox works out of the box with its demo token (every scope).
    expect(printed).toContain(file.particulier.token);
    const qf = await fetch(
      `http://127.0.0.1:${port}/api-particulier/v3/dss/quotient_familial/identite?recipient=13002526500013&nomNaissance=DURANT&prenoms[]=PIERRE&prenoms[]=RICHARD&anneeDateNaissance=1990&moisDateNaissance=1&jourDateNaissance=1&sexeEtatCivil=M&codeCogInseePaysNaissance=99100&codeCogInseeCommuneNaissance=08480`,
      { headers: { authorization: `Bearer ${file.particulier.token}` } },
    );
    expect(qf.status).toBe(200);
    expect(((await qf.json()) as { data: { quotient_familial: { valeur: number } } }).data.quotient_familial.valeur).toBe(1045);

    // The back-office demo operator (ADMIN) logs in with the printed password.
    expect(printed).toContain(file.backoffice.password);
    const login = await fetch(`http://127.0.0.1:${port}/backoffice/api/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: file.backoffice.email, password: file.backoffice.password }),
    });
    expect(login.status).toBe(200);
    expect(((await login.json()) as { operator: { role: string } }).operator.role).toBe('ADMIN');

    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    expect(first.output()).toContain('SIGTERM received');

    const second = startServer(dataDir, port);
    children.push(second.child);
    const printedAgain = await second.listening;
    expect(printedAgain).toContain('Using demo credentials');
    const read = await fetch(`${base}/dossiers/${dossier.id}`, { headers });
    expect(read.status).toBe(200);
    const body = (await read.json()) as { emprunteurs: { nom: string; email: string }[]; dossier: { reference: string } };
    expect(body.dossier.reference).toBe(dossier.ref);
    expect(body.emprunteurs[0]).toMatchObject({ nom: 'DURAND', email: 'jean.durand@email.fr' });
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
    // Two real processes start, migrate and seed in turn: minutes on a loaded CI machine.
  }, 180_000);
});
