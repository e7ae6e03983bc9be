import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBrokerDb, createApiKey, revokeApiKey } from '../../src/broker/index.ts';
import { brokerClient, newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';
import { errorBody, expectError } from './helpers.ts';

/**
 * The broker surface as a whole, through the real app factory: the probe (§5), authentication
 * (§3, §4.4), unknown routes (§4.2), the CORS rule (§2.2, §4.1) and the selectors (§17).
 */

const ALLOWED = 'https://courtier.example';
const ALLOWED_WITH_PORT = 'https://www.courtier.example:8443';
const OTHER_KEYS_ORIGIN = 'https://autre-courtier.example';
const REVOKED_ORIGIN = 'https://revoque.example';

let app: TestApp;
let token: string;
let otherToken: string;
let noOriginToken: string;
let revokedToken: string;

beforeAll(async () => {
  app = await startTestApp();
  ({ token } = await newBrokerKey(app, [ALLOWED, ALLOWED_WITH_PORT]));
  ({ token: otherToken } = await newBrokerKey(app, [OTHER_KEYS_ORIGIN]));
  ({ token: noOriginToken } = await newBrokerKey(app, []));
  const db = asBrokerDb(app.db.kysely);
  const revoked = await newBrokerKey(app, []);
  const key = await createApiKey(db, revoked.brokerId, { allowedOrigins: [REVOKED_ORIGIN] });
  revokedToken = key.token;
  expect(await revokeApiKey(db, key.keyId)).toBe(true);
});

afterAll(async () => {
  await app?.destroy();
});

/** A raw request (no default headers), to control every header. */
async function raw(method: 'GET' | 'POST' | 'PUT' | 'OPTIONS' | 'DELETE', url: string, headers: Record<string, string> = {}, payload?: string) {
  const res = await app.http.inject({ method, url, headers, ...(payload === undefined ? {} : { payload }) });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  let body: any = res.body;
  try {
    body = JSON.parse(res.body);
  } catch {
    // not JSON; keep the text
  }
  return { status: res.statusCode, body, headers: res.headers, text: res.body };
}

describe('probe and unknown routes (§5, §4.2)', () => {
  it('answers the probe GET /crediteo/ with a valid key by exactly the 404 "Request not found."', async () => {
    const res = await brokerClient(app, token).get('/');
    expectError(res, 'notFound');
    expect(res.body).toStrictEqual({ error: 'Request not found.', apiguide: 'http://foyer.test/crediteo/guide#erreurs', code: 404 });
  });

  it('answers the probe without the trailing slash the same way', async () => {
    const res = await raw('GET', '/crediteo', { 'x-crediteo-user-auth-token': token });
    expectError(res, 'notFound');
  });

  it('links errors to a guide page that exists, with the anchors the errors use', async () => {
    const res = await raw('GET', '/crediteo/guide');
    expect(res.status).toBe(200);
    expect(String(res.headers['content-type'])).toMatch(/^text\/html/);
    for (const anchor of ['prerequis', 'auth', 'erreurs']) expect(res.text).toMatch(new RegExp(`id=["']${anchor}["']`));
  });

  it('answers unknown routes and unknown methods with the same 404', async () => {
    const c = brokerClient(app, token);
    expectError(await c.get('/inconnu'), 'notFound');
    expectError(await c.get('/dossiers/abc/def'), 'notFound');
    expectError(await c.get('/selecteurs'), 'notFound');
    expectError(await c.post('/dossiers', {}), 'notFound');
    expectError(await c.put('/prospect', {}), 'notFound');
    expectError(await raw('DELETE', '/crediteo/dossiers/12-34', { 'x-crediteo-user-auth-token': token }), 'notFound');
  });
});

describe('authentication (§3, §4.4)', () => {
  it('refuses a missing key with 404 "API KEY not found." linking to #auth', async () => {
    const res = await raw('GET', '/crediteo/');
    expectError(res, 'apiKey');
    expect(res.body.apiguide).toMatch(/#auth$/);
  });

  it('refuses an empty, unknown or revoked key the same way, on every route', async () => {
    for (const bad of ['', 'foyer_bk_inconnu', `${token}x`, revokedToken]) {
      const c = brokerClient(app, bad);
      expectError(await c.get('/'), 'apiKey');
      expectError(await c.get('/dossiers'), 'apiKey');
      expectError(await c.get('/dossiers/12-34'), 'apiKey');
      expectError(await c.post('/prospect', { nom: 'A', prenom: 'B', email: 'a@b.fr', tel: '1' }), 'apiKey');
      expectError(await c.get('/selecteurs/pays'), 'apiKey');
      expectError(await c.get('/inconnu'), 'apiKey');
    }
  });

  it('checks the key before the body: an invalid body with a bad key is still "API KEY not found."', async () => {
    const res = await brokerClient(app, 'nope').post('/prospect', '{"nom": ', { 'content-type': 'application/json' });
    expectError(res, 'apiKey');
  });

  it('takes the key only from X-CREDITEO-USER-AUTH-TOKEN (header name case-insensitive)', async () => {
    expect((await raw('GET', '/crediteo/dossiers', { 'X-CREDITEO-USER-AUTH-TOKEN': token })).status).toBe(200);
    expectError(await raw('GET', '/crediteo/dossiers', { authorization: `Bearer ${token}` }), 'apiKey');
    expectError(await raw('GET', `/crediteo/dossiers?token=${token}`), 'apiKey');
  });
});

describe('CORS (§2.2, §4.1)', () => {
  it('accepts a browser request from an allowed origin and echoes it in access-control-allow-origin', async () => {
    const c = brokerClient(app, token);
    for (const origin of [ALLOWED, ALLOWED_WITH_PORT]) {
      const res = await c.get('/dossiers', { origin });
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBe(origin);
      expect(String(res.headers.vary)).toMatch(/origin/i);
    }
    const created = await c.post('/prospect', { nom: 'CORS', prenom: 'Ok', email: 'cors@example.fr', tel: '0600000000' }, { origin: ALLOWED });
    expect(created.status).toBe(200);
    expect(created.headers['access-control-allow-origin']).toBe(ALLOWED);
    expect(created.body).toStrictEqual({ dossier: { ref: expect.any(String), id: expect.any(String) } });
  });

  it('refuses a browser request from another origin with 428 "CORS not enabled." and stores nothing', async () => {
    const c = brokerClient(app, token);
    const before = (await c.get('/dossiers')).body.length;
    for (const origin of ['https://evil.example', 'http://courtier.example', 'https://courtier.example:444', OTHER_KEYS_ORIGIN]) {
      const res = await c.get('/dossiers', { origin });
      expectError(res, 'cors');
      expect(res.body.apiguide).toBe('http://foyer.test/crediteo/guide#prerequis');
      expectError(await c.post('/prospect', { nom: 'X', prenom: 'Y', email: 'x@y.fr', tel: '1' }, { origin }), 'cors');
    }
    expect((await c.get('/dossiers')).body.length).toBe(before);
  });

  it('applies the origin list of the key used: origins are per key, and a key without origins refuses every browser origin', async () => {
    expect((await brokerClient(app, otherToken).get('/dossiers', { origin: OTHER_KEYS_ORIGIN })).status).toBe(200);
    expectError(await brokerClient(app, otherToken).get('/dossiers', { origin: ALLOWED }), 'cors');
    expectError(await brokerClient(app, noOriginToken).get('/dossiers', { origin: ALLOWED }), 'cors');
  });

  it('accepts our own pages\' origin for any key (the embedded form)', async () => {
    const res = await brokerClient(app, noOriginToken).get('/dossiers', { origin: 'http://foyer.test' });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://foyer.test');
  });

  it('accepts a request without Origin (server to server) and sends no CORS header', async () => {
    for (const t of [token, noOriginToken]) {
      const res = await brokerClient(app, t).get('/dossiers');
      expect(res.status).toBe(200);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('answers a preflight from a registered origin with 204 and the Access-Control-* headers', async () => {
    const res = await raw('OPTIONS', '/crediteo/prospect', {
      origin: ALLOWED,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'content-type,x-crediteo-user-auth-token',
    });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect(res.headers['access-control-allow-origin']).toBe(ALLOWED);
    const methods = String(res.headers['access-control-allow-methods']).split(/\s*,\s*/);
    expect(methods).toEqual(expect.arrayContaining(['GET', 'POST', 'PUT']));
    const headers = String(res.headers['access-control-allow-headers']).toLowerCase().split(/\s*,\s*/);
    expect(headers).toEqual(expect.arrayContaining(['x-crediteo-user-auth-token', 'content-type']));
    expect(String(res.headers.vary)).toMatch(/origin/i);
  });

  it('answers a preflight on any broker path, including PUT on a file, for a registered origin', async () => {
    const res = await raw('OPTIONS', '/crediteo/dossiers/12-34', { origin: OTHER_KEYS_ORIGIN, 'access-control-request-method': 'PUT' });
    expect(res.status).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(OTHER_KEYS_ORIGIN);
  });

  it('answers a preflight from an unknown origin, or one only a revoked key listed, with 428', async () => {
    for (const origin of ['https://evil.example', REVOKED_ORIGIN]) {
      const res = await raw('OPTIONS', '/crediteo/prospect', { origin, 'access-control-request-method': 'POST' });
      expect(res.status).toBe(428);
      expect(res.body).toStrictEqual(errorBody('cors'));
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });
});

describe('selectors (§17)', () => {
  const c = () => brokerClient(app, token);

  it('returns exactly the guide\'s example for pays?debut=f, with France preselected', async () => {
    const res = await c().get('/selecteurs/pays?debut=f');
    expect(res.status).toBe(200);
    expect(res.body.options).toStrictEqual(['Fédération de Russie', 'Fidji', 'Finlande', 'France']);
    // The issue asks for `selected` = France on `pays`; the guide allows it ("peut, dans certains cas").
    expect(res.body).toStrictEqual({ options: ['Fédération de Russie', 'Fidji', 'Finlande', 'France'], selected: 'France' });
  });

  it('lists every country without debut, France selected', async () => {
    const res = await c().get('/selecteurs/pays');
    expect(res.status).toBe(200);
    expect(res.body.selected).toBe('France');
    expect(res.body.options.length).toBeGreaterThan(200);
    expect(res.body.options).toEqual(expect.arrayContaining(['France', 'Allemagne', 'Belgique', 'Suisse']));
    expect(new Set(res.body.options).size).toBe(res.body.options.length);
  });

  it('selects "Française" on nationalites', async () => {
    const all = await c().get('/selecteurs/nationalites');
    expect(all.status).toBe(200);
    expect(all.body.selected).toBe('Française');
    expect(all.body.options).toEqual(expect.arrayContaining(['Française', 'Allemande', 'Belge']));
    const fr = await c().get('/selecteurs/nationalites?debut=fr');
    expect(fr.body).toStrictEqual({ options: ['Française'], selected: 'Française' });
  });

  it('filters villes by prefix: nancy includes "Nancy (54000)", and only Nancy…', async () => {
    const res = await c().get('/selecteurs/villes?debut=nancy');
    expect(res.status).toBe(200);
    expect(res.body.options).toContain('Nancy (54000)');
    for (const option of res.body.options as string[]) expect(option.toLowerCase().startsWith('nancy')).toBe(true);
    expect(res.body.selected).toBeUndefined();
  });

  it('filters case- and accent-insensitively, keeping the exact labels', async () => {
    const expectOptions = async (url: string, options: string[]) => {
      const res = await c().get(url);
      expect(res.status, url).toBe(200);
      expect(res.body.options, url).toStrictEqual(options);
    };
    await expectOptions('/selecteurs/situationfamiliale?debut=celib', ['Célibataire']);
    await expectOptions('/selecteurs/situationfamiliale?debut=C%C3%89LIB', ['Célibataire']);
    await expectOptions('/selecteurs/situationfamiliale?debut=MARI', ['Marié(e)']);
    await expectOptions('/selecteurs/lienparente?debut=grand', ['Grand-Père', 'Grand-Mère']);
    await expectOptions(`/selecteurs/contrat?debut=${encodeURIComponent('contrat d\'i')}`, ['Contrat d’intérim']);
    const plain = await c().get('/selecteurs/villes?debut=evian');
    const accented = await c().get(`/selecteurs/villes?debut=${encodeURIComponent('Évian')}`);
    expect(plain.body.options.length).toBeGreaterThan(0);
    expect(accented.body.options).toStrictEqual(plain.body.options);
    expect(plain.body.options).toContain('Évian-les-Bains (74500)');
    const etats = await c().get('/selecteurs/pays?debut=etats');
    expect(etats.body.options.length).toBeGreaterThan(0);
    for (const option of etats.body.options as string[]) expect(option.startsWith('États')).toBe(true);
  });

  it('returns the guide\'s enumerations with their exact spelling and order', async () => {
    const expectAll = async (name: string, options: string[]) => {
      const res = await c().get(`/selecteurs/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.body, name).toStrictEqual({ options });
    };
    await expectAll('situationfamiliale', [
      'Célibataire', 'Marié(e)', 'Union libre', 'Concubinage', 'Veuf/Veuve', 'Pacsé(e)', 'Divorcé(e)', 'En instance de séparation',
    ]);
    await expectAll('situationimmo', ['Locataire', 'Hébergé(e) à titre gratuit', 'Propriétaire']);
    await expectAll('contrat', ['CDI', 'CDD', 'Contrat d’intérim']);
    await expectAll('etatprojet', ['En recherche de bien', 'Bien trouvé', 'Offre d\'achat effectuée', 'Compromis signé']);
    await expectAll('typebien', ['Maison', 'Immeuble', 'Appartement', 'Terrain seul', 'Garage', 'Hangar', 'Local commercial']);
    await expectAll('proprietebien', ['Achat parts', 'Pleine propriété', 'Usufruit', 'Nue propriété']);
    await expectAll('destination', [
      'Résidence principale', 'Résidence locative', 'Résidence secondaire', 'Résidence mixte', 'Local commercial',
    ]);
    await expectAll('etatbien', ['Neuf', 'Ancien']);
    await expectAll('dpe', ['A', 'B', 'C', 'D', 'E', 'F', 'G']);
    await expectAll('typecompte', ['Compte personnel', 'Compte professionnel', 'Compte joint', 'Compte impôts', 'Compte pour les frais']);
    await expectAll('typetaux', ['Fixe', 'Variable']);
    await expectAll('titre', ['Monsieur', 'Madame']);
  });

  it('has a selector for every enumerated field named by the issue', async () => {
    const names = [
      'titre', 'situationfamiliale', 'lienparente', 'situationimmo', 'categorie', 'contrat', 'natureprojet', 'typebien',
      'proprietebien', 'etatprojet', 'destination', 'etatbien', 'dpe', 'typebienpossede', 'typecompte', 'typetaux',
    ];
    for (const name of names) {
      const res = await c().get(`/selecteurs/${name}`);
      expect(res.status, name).toBe(200);
      expect(res.body.options.length, name).toBeGreaterThan(1);
    }
    expect((await c().get('/selecteurs/categorie')).body.options).toContain('Salarié(e) Cadre');
    expect((await c().get('/selecteurs/natureprojet')).body.options).toContain('Renégociation de crédits');
  });

  it('answers an unknown selector with 404 "Request not found."', async () => {
    expectError(await c().get('/selecteurs/inconnu'), 'notFound');
    expectError(await c().get('/selecteurs/inconnu?debut=a'), 'notFound');
  });

  it('refuses an unknown query parameter with "Too many arguments."', async () => {
    expectError(await c().get('/selecteurs/pays?debut=f&limite=3'), 'tooMany', ['$.limite']);
  });
});
