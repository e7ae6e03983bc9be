import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get, mintToken, RECIPIENT, startParticulierApp } from './helpers.ts';
import type { TestApp } from '../support/app.ts';

/** The corpus person (official document examples), with v2 parameter names. */
const DURANT_V2 = {
  nomNaissance: 'DURANT',
  'prenoms[]': ['PIERRE', 'RICHARD'],
  anneeDateDeNaissance: 1990,
  moisDateDeNaissance: 1,
  jourDateDeNaissance: 1,
  sexe: 'm',
  codePaysLieuDeNaissance: '99100',
  codeInseeLieuDeNaissance: '08480',
};

describe('v2 compatibility (X-Api-Key, v2 paths, v2 bodies and errors)', () => {
  let app: TestApp;
  let token: string;
  beforeAll(async () => {
    app = await startParticulierApp();
    ({ token } = await mintToken(app));
  });
  afterAll(async () => {
    await app.destroy();
  });
  const key = (t: string) => ({ 'x-api-key': t });

  it('composition-familiale-v2 answers the v2 body from the v3 sandbox case', async () => {
    const res = await get(app, '/api/v2/composition-familiale-v2', { ...DURANT_V2, recipient: RECIPIENT }, key(token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ quotientFamilial: 1045, annee: 2023, mois: 6, regime: 'MSA' });
    expect(res.body.allocataires[0]).toEqual({
      nomNaissance: 'JACQUES',
      nomUsuel: 'DUPONT',
      prenoms: 'JEAN-PIERRE THOMAS',
      anneeDateDeNaissance: '2000',
      moisDateDeNaissance: '01',
      jourDateDeNaissance: '20',
      sexe: 'M',
    });
    expect(res.body.adresse.identite).toBe('Monsieur JEAN JACQUES');
    expect(res.body).not.toHaveProperty('data');
  });

  it('scopes mask v2 answers too', async () => {
    const reduced = await mintToken(app, { scopes: ['cnaf_quotient_familial'] });
    const res = await get(app, '/api/v2/composition-familiale-v2', { ...DURANT_V2, recipient: RECIPIENT }, key(reduced.token));
    expect(Object.keys(res.body).sort()).toEqual(['annee', 'mois', 'quotientFamilial', 'regime']);
  });

  it('RSA and C2S map booleans back to v2 statuses', async () => {
    const rsa = await get(app, '/api/v2/revenu-solidarite-active', { ...DURANT_V2, recipient: RECIPIENT }, key(token));
    expect(rsa.status).toBe(200);
    expect(rsa.body).toEqual({ status: 'beneficiaire', majoration: false, dateDebut: '1992-11-29', dateFin: null });
    const c2s = await get(app, '/api/v2/complementaire-sante-solidaire', { ...DURANT_V2, recipient: RECIPIENT }, key(token));
    expect(c2s.status).toBe(200);
    expect(c2s.body.status).toMatch(/^beneficiaire_(avec|sans)_participation_financiere$/);
  });

  it('errors use v2\'s flat body and statuses: parameters 400, credentials 401, not found 404', async () => {
    const missing = await get(app, '/api/v2/revenu-solidarite-active', { ...DURANT_V2 }, key(token));
    expect([missing.status, missing.body]).toEqual([
      400,
      { error: 'bad_request', reason: 'Le paramètre recipient est obligatoire', message: 'Le paramètre recipient est obligatoire' },
    ]);
    const anonymous = await get(app, '/api/v2/revenu-solidarite-active', { ...DURANT_V2, recipient: RECIPIENT });
    expect([anonymous.status, anonymous.body]).toEqual([
      401,
      { error: 'unauthorized', reason: "Votre token n'est pas valide ou n'est pas renseigné", message: "Votre token n'est pas valide ou n'est pas renseigné" },
    ]);
    const unknown = await get(app, '/api/v2/revenu-solidarite-active', { ...DURANT_V2, nomNaissance: 'INCONNU', recipient: RECIPIENT }, key(token));
    expect(unknown.status).toBe(404);
    expect(unknown.body.error).toBe('not_found');
  });

  it('a v2 parameter whose percent-encoding is not UTF-8 → 400 bad_request (v2 names), after the credentials are checked', async () => {
    const sent = `/api-particulier/api/v2/revenu-solidarite-active?recipient=${RECIPIENT}&nomNaissance=DUR%C9&prenoms[]=PIERRE&anneeDateDeNaissance=1990&moisDateDeNaissance=1&jourDateDeNaissance=1&sexe=m&codePaysLieuDeNaissance=99100&codeInseeLieuDeNaissance=08480`;
    const bad = await app.http.inject({ method: 'GET', url: sent, headers: key(token) });
    const detail = 'Un ou plusieurs paramètres de civilité ne sont pas correctement formatés';
    expect([bad.statusCode, bad.json()]).toEqual([400, { error: 'bad_request', reason: detail, message: detail }]);
    const anonymous = await app.http.inject({ method: 'GET', url: sent });
    expect(anonymous.statusCode).toBe(401);
  });

  it('etudiants-boursiers by INE goes to the v3 /ine route', async () => {
    const res = await get(app, '/api/v2/etudiants-boursiers', { ine: '1234567890G', recipient: RECIPIENT }, key(token));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ boursier: true, echelonBourse: '6', email: 'georges@moustaki.fr', villeEtudes: 'Brest' });
  });

  it('a FranceConnect access token as Bearer replaces X-Api-Key on FranceConnect-able APIs', async () => {
    const res = await get(app, '/api/v2/etudiants-boursiers', { recipient: RECIPIENT }, { authorization: 'Bearer demo' });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ boursier: true, email: 'georges@moustaki.fr' });
    expect(res.body).not.toHaveProperty('nom');
    const unknown = await get(app, '/api/v2/etudiants-boursiers', { recipient: RECIPIENT }, { authorization: 'Bearer nope' });
    expect([unknown.status, unknown.body]).toEqual([
      401,
      { error: 'unauthorized', reason: "Le jeton d'accès n'a pas été trouvé ou est expiré.", message: "Le jeton d'accès n'a pas été trouvé ou est expiré." },
    ]);
  });

  it('introspection accepts X-Api-Key too', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/api-particulier/api/introspect', headers: key(token) });
    expect(res.statusCode).toBe(200);
  });
});
