import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { particulierModule } from '../../src/particulier/index.ts';
import { parseCommandLine } from '../../src/platform/admin/command-line.ts';
import { CommandError, type CommandContext } from '../../src/platform/module.ts';
import type { ParticulierSettings } from '../../src/particulier/module/settings.ts';
import { bearer, DURANT, get, RECIPIENT, startParticulierApp } from './helpers.ts';
import type { TestApp } from '../support/app.ts';

const command = (name: string) => particulierModule.commands.find((c) => c.name === name)!;

describe('admin commands', () => {
  let app: TestApp;
  let context: CommandContext<ParticulierSettings>;
  beforeAll(async () => {
    // A real token cache (5 s): revocation must still be immediate in the server that ran the command.
    app = await startParticulierApp({ FOYER_PARTICULIER_TOKEN_CACHE_MS: '5000' });
    const server = app.contexts.get('particulier')! as CommandContext<ParticulierSettings>['server'];
    context = { config: app.config, settings: server!.settings, db: app.db, server };
  });
  afterAll(async () => {
    await app.destroy();
  });

  it('particulier:token:create mints a working token with its scopes, and refuses bad input by name', async () => {
    const created = (await command('particulier:token:create').run(context, { scope: ['cnaf_enfants'], name: 'Mairie', expires: '30d' })) as {
      jti: string;
      token: string;
    };
    const res = await get(app, '/v3/dss/quotient_familial/identite', { ...DURANT, recipient: RECIPIENT }, bearer(created.token));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data)).toEqual(['enfants']);
    const run = (values: Record<string, unknown>) => command('particulier:token:create').run(context, values as never);
    await expect(run({})).rejects.toThrow(new CommandError('--scope is required (repeat it, or give "all")'));
    await expect(run({ scope: ['nope'] })).rejects.toThrow(new CommandError('unknown scope(s): nope'));
    await expect(run({ scope: ['all'], recipient: ['123'] })).rejects.toThrow(new CommandError('--recipient: "123" is not a SIRET'));
    await expect(run({ scope: ['all'], ip: ['10.0.0.0/99'] })).rejects.toThrow(new CommandError('--ip: "10.0.0.0/99" is not an address or CIDR range'));
    await expect(run({ scope: ['all'], expires: '2001-01-01' })).rejects.toThrow(new CommandError('--expires: the date is in the past'));
  });

  it('particulier:token:create --habilitation records it (refusing a malformed id); particulier:ip:unban lifts a ban at once', async () => {
    const created = (await command('particulier:token:create').run(context, { scope: ['all'], habilitation: 'dp-42' })) as { jti: string; habilitation: string };
    expect(created.habilitation).toBe('dp-42');
    const stored = await sql<{ habilitation: string }>`select habilitation from particulier.tokens where jti = ${created.jti}`.execute(app.db.kysely);
    expect(stored.rows[0]!.habilitation).toBe('dp-42');
    await expect(command('particulier:token:create').run(context, { scope: ['all'], habilitation: 'a b' })).rejects.toThrow(
      new CommandError('--habilitation: expected an id (letters, digits, . _ : -)'),
    );
    await expect(command('particulier:ip:unban').run(context, { ip: '203.0.113.9' })).rejects.toThrow(new CommandError('no ban in force for 203.0.113.9'));
    const runtime = (await import('../../src/particulier/module/runtime.ts')).RUNTIMES.get(context.server!)!;
    await runtime.bans.ban('203.0.113.9', Date.now(), 'test');
    expect(runtime.bans.isBanned('203.0.113.9', Date.now())).toBe(true);
    expect(await command('particulier:ip:unban').run(context, { ip: '203.0.113.9' })).toEqual({ unbanned: '203.0.113.9' });
    expect(runtime.bans.isBanned('203.0.113.9', Date.now())).toBe(false);
  });

  it('particulier:token:revoke takes effect at once in the server that ran it (401 00105)', async () => {
    const { jti, token } = (await command('particulier:token:create').run(context, { scope: ['all'] })) as { jti: string; token: string };
    expect((await get(app, '/v3/dss/quotient_familial/identite', { ...DURANT, recipient: RECIPIENT }, bearer(token))).status).toBe(200);
    expect(await command('particulier:token:revoke').run(context, { jti })).toEqual({ revoked: jti });
    const res = await get(app, '/v3/dss/quotient_familial/identite', { ...DURANT, recipient: RECIPIENT }, bearer(token));
    expect([res.status, res.body.errors[0].code]).toEqual([401, '00105']);
    await expect(command('particulier:token:revoke').run(context, { jti })).rejects.toThrow(CommandError);
  });

  it('access-log rows hold the call without any parameter in clear; the CSV export lists one token\'s calls in a date range', async () => {
    const { jti, token } = (await command('particulier:token:create').run(context, { scope: ['all'] })) as { jti: string; token: string };
    await get(app, '/v3/dss/quotient_familial/identite', { ...DURANT, recipient: RECIPIENT }, bearer(token));
    await get(app, '/v3/dss/quotient_familial/identite', { ...DURANT, nomNaissance: 'INCONNU', recipient: RECIPIENT }, bearer(token));
    await get(app, '/v3/dss/quotient_familial/identite', { ...DURANT }, bearer(token));
    const runtime = (await import('../../src/particulier/module/runtime.ts')).RUNTIMES.get(context.server!)!;
    await runtime.accessLog.flush();
    const rows = (await sql<Record<string, unknown>>`select * from particulier.access_log where token_jti = ${jti} order by id`.execute(app.db.kysely)).rows;
    expect(rows.map((r) => [r.operation, r.recipient, r.status])).toEqual([
      ['api_particulier_v3_cnav_quotient_familial_with_civility', RECIPIENT, 200],
      ['api_particulier_v3_cnav_quotient_familial_with_civility', RECIPIENT, 404],
      ['api_particulier_v3_cnav_quotient_familial_with_civility', null, 422],
    ]);
    const dump = JSON.stringify(rows).toLowerCase();
    for (const secret of ['durant', 'inconnu', 'pierre', 'richard', '08480', '1990']) expect(dump).not.toContain(secret);
    expect(rows[0]!.params_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[0]!.params_hash).not.toBe(rows[1]!.params_hash);
    expect(Number(rows[0]!.duration_ms)).toBeGreaterThan(0);

    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const csv = (await command('particulier:access-log').run(context, { jti, from: today, to: tomorrow })) as string;
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('at,request_id,token_jti,operation,recipient,status,duration_ms,params_hash');
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`,${jti},api_particulier_v3_cnav_quotient_familial_with_civility,${RECIPIENT},200,`);
    const empty = (await command('particulier:access-log').run(context, { jti, from: '2020-01-01', to: '2020-02-01' })) as string;
    expect(empty.trim().split('\n')).toHaveLength(1);
    // --out streams the same CSV into a new file and answers where and how many calls.
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'access-log-out-')), 'calls.csv');
    expect(await command('particulier:access-log').run(context, { jti, from: today, to: tomorrow, out })).toEqual({ file: out, rows: 3 });
    expect(fs.readFileSync(out, 'utf8')).toBe(csv);
  });

  it('particulier:import copies good cases, reports malformed files by name, and the running sandbox serves them', async () => {
    const source = fs.mkdtempSync(path.join(os.tmpdir(), 'particulier-import-'));
    const folder = path.join(source, 'api_particulier_v3_dsnj_service_national_with_civility');
    fs.mkdirSync(folder);
    fs.mkdirSync(path.join(source, 'france_connect'));
    fs.mkdirSync(path.join(source, 'not_an_operation'));
    fs.writeFileSync(
      path.join(folder, '200-martin.yaml'),
      [
        'description: "Martin, en règle"',
        'params:',
        "  nomNaissance: 'MARTIN'",
        "  prenoms: ['Jean']",
        '  anneeDateNaissance: 2001',
        '  moisDateNaissance: 2',
        '  jourDateNaissance: 3',
        "  sexeEtatCivil: 'M'",
        "  codeCogInseePaysNaissance: '99100'",
        "  codeCogInseeCommuneNaissance: '75056'",
        'status: 200',
        'payload: |-',
        '  {"data": {"statut_service_national": "en_regle", "commentaires": null}, "links": {}, "meta": {}}',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(folder, 'broken.yaml'), 'params: [unclosed');
    fs.writeFileSync(path.join(folder, 'bad-json.yaml'), 'params: {}\nstatus: 200\npayload: "{not json"');
    fs.writeFileSync(path.join(source, 'not_an_operation', 'x.yaml'), 'params: {}\nstatus: 200\npayload: "{}"');
    fs.writeFileSync(
      path.join(source, 'france_connect', 'dsnj_only.yaml'),
      'params: {token: dsnj_only}\nstatus: 200\npayload: |-\n  {"token_introspection": {"active": true, "scope": "openid identite_pivot dsnj_statut_service_national", "family_name": "MARTIN", "given_name": "Jean", "birthdate": "2001-02-03", "gender": "male", "birthplace": "75056", "birthcountry": "99100"}}',
    );
    let output = '';
    const { importCases } = await import('../../src/particulier/module/commands.ts');
    const { importedCorpus } = await import('../../src/particulier/module/runtime.ts');
    const target = importedCorpus(app.dataDir);
    expect(target).not.toBe(new URL('../../data/particulier/sandbox', import.meta.url).pathname);
    const report = importCases(source, target, (line) => (output += line), () => {});
    expect(report.imported).toBe(2);
    expect(report.skipped.map((s) => path.basename(s.file)).sort()).toEqual(['bad-json.yaml', 'broken.yaml', 'x.yaml']);
    expect(output).toContain('5/5');
    expect(output).toMatch(/skipped .*broken\.yaml: not valid YAML/);
    expect(output).toContain('bad-json.yaml: `payload` is not valid JSON');

    // The command itself, inside the server: reloads the sandbox at once. Its directory is also
    // its one bare argument, as `foyer particulier:import <dir>` gives it.
    const values = parseCommandLine(command('particulier:import'), [source]);
    expect(values).toEqual({ dir: source });
    const result = (await command('particulier:import').run(context, values)) as { imported: number };
    expect(result.imported).toBe(2);
    const { token } = (await command('particulier:token:create').run(context, { scope: ['all'] })) as { token: string };
    const res = await get(
      app,
      '/v3/dsnj/service_national/identite',
      { nomNaissance: 'Martin', 'prenoms[]': ['JEAN'], anneeDateNaissance: 2001, moisDateNaissance: 2, jourDateNaissance: 3, sexeEtatCivil: 'M', codeCogInseePaysNaissance: '99100', codeCogInseeCommuneNaissance: '75056', recipient: RECIPIENT },
      bearer(token),
    );
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ data: { statut_service_national: 'en_regle', commentaires: null }, links: {}, meta: {} });

    // FranceConnect: the fake token's identity becomes the civility parameters; its scopes apply.
    const fc = await get(app, '/v3/dsnj/service_national/france_connect', { recipient: RECIPIENT }, bearer('DSNJ_ONLY'));
    expect(fc.status).toBe(404); // the FC folder holds no case for MARTIN: its 404 case answers
    expect(fc.body.errors[0].code).toBe('39003');
    const other = await get(app, '/v3/cnous/etudiant_boursier/france_connect', { recipient: RECIPIENT }, bearer('dsnj_only'));
    expect([other.status, other.body.errors[0].code]).toEqual([403, '00100']);
    fs.rmSync(source, { recursive: true, force: true });
  });
});
