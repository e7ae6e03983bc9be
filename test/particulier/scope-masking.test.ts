import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOGUE } from '../../src/particulier/index.ts';
import { isProblem, parseCase } from '../../src/particulier/providers/sandbox/cases.ts';
import { bearer, get, mintToken, RECIPIENT, startParticulierApp } from './helpers.ts';
import type { TestApp } from '../support/app.ts';

const corpus = new URL('../../data/particulier/sandbox', import.meta.url).pathname;

function exampleCase(opId: string) {
  const file = path.join(corpus, opId, '200-exemple.yaml');
  const parsed = parseCase(file, fs.readFileSync(file, 'utf8'));
  if (isProblem(parsed)) throw new Error(parsed.message);
  return parsed;
}

describe('scope masking, per operation, with reduced-scope tokens', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startParticulierApp({ FOYER_PARTICULIER_RATE_PER_TOKEN_SECOND: '100000' });
  });
  afterAll(async () => {
    await app.destroy();
  });

  it('a token holding one top-level scope gets exactly that scope\'s keys (plus unscoped ones), omitted not nulled', async () => {
    let checked = 0;
    for (const op of CATALOGUE().filter((o) => o.modality !== 'france_connect')) {
      const kase = exampleCase(op.id);
      const query: Record<string, string | number | string[]> = { recipient: RECIPIENT };
      for (const [key, value] of Object.entries(kase.params)) query[op.parameters.find((p) => p.name === key || p.name === `${key}[]`)!.name] = value as string;
      const full = (kase.body as { data: Record<string, unknown> }).data;
      const scoped = new Set(op.scopes.rules.flatMap((r) => r.paths).map((p) => p.split('.')[0]!.replace(/\[\]$/, '')));
      for (const rule of op.scopes.rules.filter((r) => r.paths.every((p) => !p.includes('.') && !p.includes('[]')))) {
        const { token } = await mintToken(app, { scopes: [rule.scope] });
        const res = await get(app, op.path, query, bearer(token));
        expect(res.status, `${op.path} ${rule.scope}`).toBe(200);
        const expected = Object.keys(full).filter((k) => rule.paths.includes(k) || !scoped.has(k));
        expect(Object.keys(res.body.data).sort(), `${op.path} ${rule.scope}`).toEqual(expected.sort());
        const nested = (key: string) => op.scopes.rules.some((r) => r.paths.some((p) => p.startsWith(`${key}.`) || p.startsWith(`${key}[].`)));
        for (const key of expected) if (!nested(key)) expect(res.body.data[key]).toEqual(full[key]);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('MESRI sub-scopes act inside each admission', async () => {
    const op = CATALOGUE().find((o) => o.path === '/v3/mesri/statut_etudiant/ine')!;
    const { token } = await mintToken(app, { scopes: ['mesri_admissions', 'mesri_admission_etablissement_etudes'] });
    const res = await get(app, op.path, { recipient: RECIPIENT, ine: String(exampleCase(op.id).params.ine) }, bearer(token));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data)).toEqual(['admissions']);
    for (const admission of res.body.data.admissions) expect(Object.keys(admission).sort()).toEqual(['date_debut', 'date_fin', 'etablissement_etudes']);
  });

  it('GIP-MDS sub-scopes act inside statut_actuel and statut_passe', async () => {
    const op = CATALOGUE().find((o) => o.path === '/v3/gip_mds/service_civique/identite')!;
    const kase = exampleCase(op.id);
    const query: Record<string, string | number | string[]> = { recipient: RECIPIENT };
    for (const [key, value] of Object.entries(kase.params)) query[op.parameters.find((p) => p.name === key || p.name === `${key}[]`)!.name] = value as string;
    const { token } = await mintToken(app, { scopes: ['gip_mds_service_civique_statut_actuel', 'gip_mds_service_civique_dates'] });
    const res = await get(app, op.path, query, bearer(token));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data)).toEqual(['statut_actuel']);
    expect(Object.keys(res.body.data.statut_actuel).sort()).toEqual(['contrat_trouve', 'date_debut_contrat', 'date_fin_contrat']);
  });

  it('v4 CNOUS masks statut_boursier under cnous_statut_boursier', async () => {
    const { token } = await mintToken(app, { scopes: ['cnous_statut_boursier'] });
    const res = await get(app, '/v4/cnous/etudiant_boursier/ine', { recipient: RECIPIENT, ine: String(exampleCase('api_particulier_v4_cnous_etudiant_boursier_with_ine').params.ine) }, bearer(token));
    expect(res.status).toBe(200);
    expect(Object.keys(res.body.data)).toEqual(['statut_boursier']);
  });
});
