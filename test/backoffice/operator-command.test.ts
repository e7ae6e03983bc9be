import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBackofficeDb, backofficeModule, type BackofficeSettings } from '../../src/backoffice/index.ts';
import { ensureDemoCredentials } from '../../src/platform/demo.ts';
import { MODULES } from '../../src/modules.ts';
import { startTestApp, type TestApp } from '../support/app.ts';
import { PREFIX } from './helpers.ts';

describe('operators: the admin command and the demo operator', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(() => app.destroy());

  const command = backofficeModule.commands.find((c) => c.name === 'backoffice:operator:create')!;
  const run = (values: Record<string, string>) => command.run({ config: app.config, settings: app.contexts.get('backoffice')!.settings as BackofficeSettings, db: app.db }, values);
  const login = (email: string, password: string) =>
    app.http.inject({ method: 'POST', url: `${PREFIX}/login`, headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ email, password }) });

  it('prints a generated password once and stores only an argon2id hash of it', async () => {
    const out = (await run({ email: ' Agent@Example.com ', role: 'SUPPORT' })) as { operatorId: number; email: string; role: string; password: string };
    expect(out).toEqual({ operatorId: expect.any(Number), email: 'agent@example.com', role: 'SUPPORT', password: expect.stringMatching(/^[A-Za-z0-9_-]{24}$/) });
    const row = await asBackofficeDb(app.db.kysely).selectFrom('backoffice.operators').select('password_hash').where('id', '=', out.operatorId).executeTakeFirstOrThrow();
    expect(row.password_hash).toMatch(/^\$argon2id\$/);
    expect(row.password_hash).not.toContain(out.password);
    expect((await login('agent@example.com', out.password)).statusCode).toBe(200);
  });

  it('reads the password from a file instead, and then prints none', async () => {
    const file = path.join(app.dataDir, 'password.txt');
    fs.writeFileSync(file, 'correct horse battery staple\n');
    const out = await run({ email: 'admin@example.com', role: 'ADMIN', 'password-file': file });
    expect(out).toEqual({ operatorId: expect.any(Number), email: 'admin@example.com', role: 'ADMIN' });
    expect((await login('admin@example.com', 'correct horse battery staple')).statusCode).toBe(200);
  });

  it('refuses bad options with a message naming them', async () => {
    await expect(run({ email: 'x@example.com' })).rejects.toThrow('--role is required (OPERATOR, SUPPORT, ADMIN)');
    await expect(run({ email: 'x@example.com', role: 'ROOT' })).rejects.toThrow('--role: one of OPERATOR, SUPPORT, ADMIN');
    await expect(run({ email: 'not-an-email', role: 'OPERATOR' })).rejects.toThrow('--email: not an email address');
    await expect(run({ email: 'agent@example.com', role: 'OPERATOR' })).rejects.toThrow('an operator with email agent@example.com exists already');
    await expect(run({ email: 'y@example.com', role: 'OPERATOR', 'password-file': '/nonexistent/file' })).rejects.toThrow('--password-file: cannot read that file');
  });

  it('backoffice:operator:disable closes the sessions and refuses logins; --enable lets the operator in again', async () => {
    const created = (await run({ email: 'leaving@example.com', role: 'OPERATOR' })) as { password: string };
    const session = await login('leaving@example.com', created.password);
    const cookie = String(session.headers['set-cookie']).split(';')[0]!;
    const disable = backofficeModule.commands.find((c) => c.name === 'backoffice:operator:disable')!;
    const settings = app.contexts.get('backoffice')!.settings as BackofficeSettings;
    expect(await disable.run({ config: app.config, settings, db: app.db }, { email: 'leaving@example.com' })).toMatchObject({ email: 'leaving@example.com', disabled: true });
    expect((await app.http.inject({ method: 'GET', url: `${PREFIX}/me`, headers: { cookie } })).statusCode).toBe(401);
    expect((await login('leaving@example.com', created.password)).json()).toEqual({ error: 'BAD_CREDENTIALS', message: 'Wrong email or password' });
    await disable.run({ config: app.config, settings, db: app.db }, { email: 'leaving@example.com', enable: true });
    expect((await login('leaving@example.com', created.password)).statusCode).toBe(200);
    await expect(disable.run({ config: app.config, settings, db: app.db }, { email: 'nobody@example.com' })).rejects.toThrow('--email: no operator with email nobody@example.com');
  });

  it('the demo operator joins demo-credentials.json under backoffice, is printed, and logs in', async () => {
    const { credentials, lines } = await ensureDemoCredentials(app.dataDir, MODULES, app.contexts);
    const demo = credentials.backoffice as { email: string; password: string; role: string };
    expect(demo.role).toBe('ADMIN');
    expect(lines.find((l) => l.startsWith('back-office'))).toBe(`back-office http://foyer.test/backoffice/api  login: POST http://foyer.test/backoffice/api/login email=${demo.email} password=${demo.password} (ADMIN)`);
    expect((await login(demo.email, demo.password)).statusCode).toBe(200);
  });
});
