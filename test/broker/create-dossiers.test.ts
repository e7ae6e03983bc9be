import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerClient, newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';
import {
  ENTITY_ID,
  borrower,
  credit,
  expectError,
  guideGetOutput,
  guideProspectComplet,
  idsOf,
  keyDiff,
  property,
} from './helpers.ts';

/**
 * Creating files: the contact prospect (§6) and the complete prospect (§7), then reading the
 * stored file back (§9) in the output shape. The clock is the guide's own example instant, so the
 * file's `datedernieremodification` must read exactly like the guide's ("27/09/2019 15:27").
 */

const GUIDE_INSTANT = new Date('2019-09-27T13:27:00Z'); // 15:27 in Paris (summer time)

let app: TestApp;
let c: ReturnType<typeof brokerClient>;
/** Files this broker successfully created; every rejected request must leave this count unchanged. */
let created = 0;

beforeAll(async () => {
  app = await startTestApp({ now: () => GUIDE_INSTANT });
  const { token } = await newBrokerKey(app);
  c = brokerClient(app, token);
});

afterAll(async () => {
  await app?.destroy();
});

async function createOk(path: '/prospect' | '/prospectcomplet', body: unknown, headers?: Record<string, string>) {
  const res = await c.post(path, body, headers);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(res.body).toStrictEqual({ dossier: { ref: expect.any(String), id: expect.any(String) } });
  expect(res.body.dossier.ref).not.toBe('');
  expect(res.body.dossier.id).not.toBe('');
  created++;
  return res.body.dossier as { ref: string; id: string };
}

async function getFile(id: string) {
  const res = await c.get(`/dossiers/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

const withBody = (mutate: (body: ReturnType<typeof guideProspectComplet>) => void) => {
  const body = guideProspectComplet();
  mutate(body);
  return body;
};

describe('POST /prospect (§6)', () => {
  const jean = { nom: 'DURAND', prenom: 'Jean', email: 'jean.durand@email.fr', tel: '0658957412' };

  it('creates a file from the guide\'s JSON example and answers {"dossier":{"ref","id"}}', async () => {
    const { ref, id } = await createOk('/prospect', jean);
    const file = await getFile(id);
    expect(file.dossier).toStrictEqual({ iddossier: id, reference: ref, datedernieremodification: '27/09/2019 15:27' });
    expect(file.emprunteurs).toHaveLength(1);
    expect(file.emprunteurs[0]).toMatchObject({
      nom: 'DURAND', prenom: 'Jean', email: 'jean.durand@email.fr', telephone: '0658957412', numero: 0,
      accordrecueildonnees: false, // as the guide shows for a borrower who did not say
    });
    expect(file.emprunteurs[0].idemprunteur).toMatch(ENTITY_ID);
    expect(file.situationsprofessionnelles).toStrictEqual([]);
    expect(file.projet).toBeNull();
  });

  it('gives every file its own id and reference', async () => {
    const a = await createOk('/prospect', jean);
    const b = await createOk('/prospect', jean);
    expect(a.id).not.toBe(b.id);
    expect(a.ref).not.toBe(b.ref);
  });

  it('accepts the guide\'s jQuery form post (application/x-www-form-urlencoded)', async () => {
    const form = 'nom=LE+GALL&prenom=Jean-Fran%C3%A7ois&email=jf.legall%40email.fr&tel=06+58+95+74+12';
    const { id } = await createOk('/prospect', form, { 'content-type': 'application/x-www-form-urlencoded' });
    expect((await getFile(id)).emprunteurs[0]).toMatchObject({
      nom: 'LE GALL', prenom: 'Jean-François', email: 'jf.legall@email.fr', telephone: '06 58 95 74 12',
    });
    // jQuery also sends the charset.
    await createOk('/prospect', 'nom=A&prenom=B&email=a%40b.fr&tel=1', { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' });
  });

  it('answers a missing field with 409 "Incomplete form." naming it', async () => {
    const { tel: _tel, ...noTel } = jean;
    expectError(await c.post('/prospect', noTel), 'incomplete', ['$.tel']);
    expectError(await c.post('/prospect', {}), 'incomplete', ['$.nom', '$.prenom', '$.email', '$.tel']);
    expectError(
      await c.post('/prospect', 'nom=A&prenom=B&email=a%40b.fr', { 'content-type': 'application/x-www-form-urlencoded' }),
      'incomplete',
      ['$.tel'],
    );
  });

  it('treats an empty required field (an empty form input) as missing: "Incomplete form."', async () => {
    expectError(await c.post('/prospect', { ...jean, nom: '' }), 'incomplete', ['$.nom']);
    expectError(
      await c.post('/prospect', 'nom=&prenom=B&email=a%40b.fr&tel=1', { 'content-type': 'application/x-www-form-urlencoded' }),
      'incomplete',
      ['$.nom'],
    );
  });

  it('answers a bad email with "Invalid form."', async () => {
    for (const email of ['jean.durand', 'jean@', '@email.fr', 'jean durand@email.fr']) {
      expectError(await c.post('/prospect', { ...jean, email }), 'invalid', ['$.email']);
    }
  });

  it('answers a wrong type with "Invalid form."', async () => {
    expectError(await c.post('/prospect', { ...jean, tel: 658957412 }), 'invalid', ['$.tel']);
    expectError(await c.post('/prospect', { ...jean, nom: null }), 'invalid', ['$.nom']);
    expectError(await c.post('/prospect', [jean]), 'invalid', ['$']);
  });

  it('answers an unknown key with "Too many arguments."', async () => {
    expectError(await c.post('/prospect', { ...jean, age: 42 }), 'tooMany', ['$.age']);
    expectError(
      await c.post('/prospect', 'nom=A&prenom=B&email=a%40b.fr&tel=1&ville=Nancy', { 'content-type': 'application/x-www-form-urlencoded' }),
      'tooMany',
      ['$.ville'],
    );
  });

  it('answers malformed or empty JSON with "Invalid form.", never a 500', async () => {
    const json = { 'content-type': 'application/json' };
    for (const text of ['{"nom": "DURAND",', '{nom: "DURAND"}', 'null x', '']) {
      expectError(await c.post('/prospect', text, json), 'invalid', ['$']);
    }
  });

  it('answers another content type with 415 "Unsupported media type." telling to send JSON', async () => {
    for (const type of ['application/xml', 'text/plain']) {
      const res = await c.post('/prospect', JSON.stringify(jean), { 'content-type': type });
      expectError(res, 'mediaType', ['$']);
      expect(res.body.details[0].message).toMatch(/Content-Type: application\/json/);
    }
  });

  it('answers JSON sent as a form (plain `curl -d`) with "Invalid form." telling to send Content-Type: application/json', async () => {
    const res = await c.post('/prospect', JSON.stringify(jean), { 'content-type': 'application/x-www-form-urlencoded' });
    expectError(res, 'invalid', ['$']);
    expect(res.body.details).toStrictEqual([
      { field: '$', message: 'the body is JSON sent as a form: send it with Content-Type: application/json' },
    ]);
  });
});

describe('POST /prospectcomplet (§7)', () => {
  let guideFile: { ref: string; id: string };

  beforeAll(async () => {
    guideFile = await createOk('/prospectcomplet', guideProspectComplet());
  });

  it('accepts the guide\'s example and keeps the reference it sends', () => {
    expect(guideFile.ref).toBe('DP1233548783214');
  });

  it('returns the file in the output shape of §9', async () => {
    const file = await getFile(guideFile.id);

    // Borrowers get an id and a numero in order; their job fields leave them.
    expect(file.emprunteurs.map((b: { numero: number }) => b.numero)).toStrictEqual([0, 1]);
    for (const b of file.emprunteurs) {
      expect(b.idemprunteur).toMatch(ENTITY_ID);
      for (const jobKey of ['categorie', 'intitule', 'salairemensuel', 'adressetravail', 'villetravail']) expect(b).not.toHaveProperty(jobKey);
    }
    // Only Jean sent job fields: one situation, linked to borrower 0, the *travail fields renamed.
    expect(file.situationsprofessionnelles).toHaveLength(1);
    const job = file.situationsprofessionnelles[0];
    expect(job).toMatchObject({
      numeroemprunteur: 0, categorie: 'Salarié(e) Cadre', intitule: 'Chef de projet', salairemensuel: 3000,
      adresse: '26 rue des ponts', complementadresse: '', codepostal: '54000', ville: 'Nancy', pays: 'France',
    });
    for (const old of ['adressetravail', 'complementadressetravail', 'codepostaltravail', 'villetravail', 'paystravail']) {
      expect(job).not.toHaveProperty(old);
    }
    // A property's credit becomes credits[]; the amounts become revenue/charge objects.
    expect(file.biens[0].credits).toHaveLength(1);
    expect(file.biens[0]).not.toHaveProperty('credit');
    expect(file.biens[0].credits[0]).toMatchObject({ montantinitial: 72500, mensualite: 520.73, numeroemprunteur1: 0 });
    expect(file.autresrevenus).toStrictEqual([expect.objectContaining({ montant: 500, numeroemprunteur: 0 })]);
    expect(file.autrescharges).toStrictEqual([expect.objectContaining({ montant: 150, numeroemprunteur: 0 })]);
    expect(file.situationsbancaires).toStrictEqual([expect.objectContaining({ nombanque: 'CIC', typecompte: 'Compte joint' })]);
    expect(file.simulations).toStrictEqual([expect.objectContaining({ coutprojethorsfrais: 147000 })]);
    for (const gone of ['situationbancaire', 'simulation']) expect(file).not.toHaveProperty(gone);

    // Every entity has its own id.
    const ids = idsOf(file);
    expect(ids.length).toBe(2 + 1 + 2 + 1 + 1 + 1 + 1 + 1 + 1 + 1);
    for (const { path, id } of ids) expect(id, path).toMatch(ENTITY_ID);
    expect(new Set(ids.map((i) => i.id)).size).toBe(ids.length);

    expect(file.dossier.datedernieremodification).toMatch(/^\d{2}\/\d{2}\/\d{4} \d{2}:\d{2}$/);
    expect(file.dossier).toStrictEqual({ iddossier: guideFile.id, reference: 'DP1233548783214', datedernieremodification: '27/09/2019 15:27' });
  });

  it('matches the guide\'s §9 example output, key for key and value for value', async () => {
    const file = await getFile(guideFile.id);
    const expected = guideGetOutput();

    // Ids are ours.
    expected.dossier.iddossier = guideFile.id;
    const ours = new Map(idsOf(file).map(({ path, id }) => [path, id]));
    for (const { path } of idsOf(expected)) {
      expect(ours.has(path), `${path} missing`).toBe(true);
      setAt(expected, path, ours.get(path));
    }
    // The guide's example invents its revenue and charge (121.49 "Allocations familiales", 450
    // "Loyer actuel") although its input sent the amounts 500 and 150: same keys, our values.
    expected.autresrevenus[0] = { ...expected.autresrevenus[0], idrevenu: file.autresrevenus[0].idrevenu, libelle: 'Autres revenus', montant: 500, commentaire: '', avantprojet: true, apresprojet: true };
    expected.autrescharges[0] = { ...expected.autrescharges[0], idcharge: file.autrescharges[0].idcharge, libelle: 'Autres charges', montant: 150, avantprojet: true, apresprojet: true };
    // §9 documents these keys for every borrower and credit; the example leaves them out where its
    // input had no value. We always show documented keys, null when unknown.
    expected.emprunteurs[1].telephonefixe = null;
    expected.emprunteurs[1].telephonebureau = null;
    expected.biens[0].credits[0].nomcredit = null;

    expect(keyDiff(file, expected)).toStrictEqual([]);
    expect(file).toStrictEqual(expected);
  });

  it('generates a reference when none (or an empty one) is sent', async () => {
    const refs: string[] = [];
    for (const dossier of [undefined, {}, { reference: '' }, null]) {
      const body = withBody((b) => {
        if (dossier === undefined) delete b.dossier;
        else b.dossier = dossier;
      });
      const { ref, id } = await createOk('/prospectcomplet', body);
      expect(ref).toMatch(/^\S+$/);
      expect(ref).not.toBe('DP1233548783214');
      expect((await getFile(id)).dossier.reference).toBe(ref);
      refs.push(ref);
    }
    expect(new Set(refs).size).toBe(refs.length);
  });

  it('accepts a minimal file (one borrower with the four required fields) and shows empty collections', async () => {
    const { id } = await createOk('/prospectcomplet', { emprunteurs: [borrower(0)] });
    const file = await getFile(id);
    expect(file.emprunteurs).toHaveLength(1);
    expect(file.emprunteurs[0]).toMatchObject({ ...borrower(0), numero: 0 });
    expect(file).toMatchObject({
      situationsprofessionnelles: [], projet: null, enfants: [], biens: [], creditsconso: [], autresrevenus: [],
      autrescharges: [], situationsbancaires: [], souhaitsclient: null, simulations: [],
    });
  });

  it('accepts the limits themselves: 2 borrowers, 3 children, 3 properties, 2 consumer credits, bic 11, iban 34, moisclient 11', async () => {
    const body = withBody((b) => {
      b.enfants = [0, 1, 2].map((i) => ({ nom: 'Dupont', prenom: `E${i}`, datenaissance: '29/02/2020' }));
      b.biens = [property(), property({ bienpaye: true }), property({ bienpaye: true, credit: null })];
      b.creditsconso = [credit(), credit({ nomcredit: 'Crédit travaux' })];
      b.situationbancaire = { bic: 'CMCIFRPPXXX', iban: 'FR76'.padEnd(34, '1'), moisclient: 11, anneeclient: 0 };
    });
    const { id } = await createOk('/prospectcomplet', body);
    const file = await getFile(id);
    expect(file.enfants).toHaveLength(3);
    expect(file.biens.map((p: { credits: unknown[] }) => p.credits.length)).toStrictEqual([0, 0, 0]);
    expect(file.creditsconso).toHaveLength(2);
    expect(file.situationsbancaires[0]).toMatchObject({ bic: 'CMCIFRPPXXX', moisclient: 11 });
  });

  it('answers more items than allowed with "Too many arguments."', async () => {
    const cases: [string, (b: ReturnType<typeof guideProspectComplet>) => void][] = [
      ['$.emprunteurs', (b) => b.emprunteurs.push(borrower(2))],
      ['$.enfants', (b) => (b.enfants = [0, 1, 2, 3].map((i) => ({ nom: 'D', prenom: `E${i}`, datenaissance: '01/01/2015' })))],
      ['$.biens', (b) => (b.biens = [property(), property(), property(), property()])],
      ['$.creditsconso', (b) => (b.creditsconso = [credit(), credit(), credit()])],
    ];
    for (const [field, mutate] of cases) expectError(await c.post('/prospectcomplet', withBody(mutate)), 'tooMany', [field]);
  });

  it('answers unknown keys, at any depth, with "Too many arguments."', async () => {
    expectError(await c.post('/prospectcomplet', withBody((b) => (b.commentaire = 'x'))), 'tooMany', ['$.commentaire']);
    expectError(await c.post('/prospectcomplet', withBody((b) => (b.projet.couleur = 'bleu'))), 'tooMany', ['$.projet.couleur']);
    expectError(await c.post('/prospectcomplet', withBody((b) => (b.emprunteurs[1].age = 40))), 'tooMany', ['$.emprunteurs[1].age']);
    // The output names are not input names in §7.
    expectError(await c.post('/prospectcomplet', withBody((b) => (b.simulations = []))), 'tooMany', ['$.simulations']);
    expectError(await c.post('/prospectcomplet', withBody((b) => (b.biens[0].credits = []))), 'tooMany', ['$.biens[0].credits']);
  });

  it('parses dates strictly (dd/mm/yyyy, real days) and names the field', async () => {
    const cases: [string, string, (b: ReturnType<typeof guideProspectComplet>, v: string) => void][] = [
      ['31/02/2019', '$.emprunteurs[0].datenaissance', (b, v) => (b.emprunteurs[0].datenaissance = v)],
      ['29/02/2019', '$.emprunteurs[1].situationimmodepuis', (b, v) => (b.emprunteurs[1].situationimmodepuis = v)],
      ['2014-08-23', '$.enfants[0].datenaissance', (b, v) => (b.enfants[0].datenaissance = v)],
      ['1/8/2014', '$.enfants[1].datenaissance', (b, v) => (b.enfants[1].datenaissance = v)],
      ['32/01/2010', '$.biens[0].credit.datedebut', (b, v) => (b.biens[0].credit.datedebut = v)],
      ['00/06/2018', '$.creditsconso[0].datedebut', (b, v) => (b.creditsconso[0].datedebut = v)],
      ['15/13/2019', '$.projet.signatureacte', (b, v) => (b.projet.signatureacte = v)],
      ['03/07/2013 10:00', '$.emprunteurs[0].dateembauche', (b, v) => (b.emprunteurs[0].dateembauche = v)],
    ];
    for (const [value, field, mutate] of cases) {
      expectError(await c.post('/prospectcomplet', withBody((b) => mutate(b, value))), 'invalid', [field]);
    }
  });

  it('enforces bic ≤ 11, iban ≤ 34 and moisclient < 12', async () => {
    const bank = (extra: Record<string, unknown>) => withBody((b) => Object.assign(b.situationbancaire, extra));
    expectError(await c.post('/prospectcomplet', bank({ bic: 'CMCIFRPPXXXX' })), 'invalid', ['$.situationbancaire.bic']);
    expectError(await c.post('/prospectcomplet', bank({ iban: 'FR76'.padEnd(35, '1') })), 'invalid', ['$.situationbancaire.iban']);
    expectError(await c.post('/prospectcomplet', bank({ moisclient: 12 })), 'invalid', ['$.situationbancaire.moisclient']);
    expectError(await c.post('/prospectcomplet', bank({ moisclient: 6.5 })), 'invalid', ['$.situationbancaire.moisclient']);
  });

  it('accepts only the exact enumerated values (accents and apostrophes included)', async () => {
    const cases: [string, (b: ReturnType<typeof guideProspectComplet>) => void][] = [
      ['$.emprunteurs[0].situationfamiliale', (b) => (b.emprunteurs[0].situationfamiliale = 'Celibataire')],
      ['$.emprunteurs[0].situationfamiliale', (b) => (b.emprunteurs[0].situationfamiliale = 'célibataire')],
      ['$.emprunteurs[1].lienparenteemprunteurprincipal', (b) => (b.emprunteurs[1].lienparenteemprunteurprincipal = 'Epouse')],
      ['$.emprunteurs[0].contrat', (b) => (b.emprunteurs[0].contrat = 'Contrat d\'intérim')],
      ['$.emprunteurs[0].categorie', (b) => (b.emprunteurs[0].categorie = 'Salarie(e) Cadre')],
      ['$.projet.natureprojet', (b) => (b.projet.natureprojet = 'Acquisition ')],
      ['$.projet.dpe', (b) => (b.projet.dpe = 'H')],
      ['$.biens[0].type', (b) => (b.biens[0].type = 'Residence principale')],
      ['$.situationbancaire.typecompte', (b) => (b.situationbancaire.typecompte = 'Compte Joint')],
      ['$.souhaitsclient.typetaux', (b) => (b.souhaitsclient.typetaux = 'fixe')],
    ];
    for (const [field, mutate] of cases) expectError(await c.post('/prospectcomplet', withBody(mutate)), 'invalid', [field]);

    // The exact strings, typographic apostrophe of "Contrat d’intérim" included, are accepted.
    const { id } = await createOk('/prospectcomplet', withBody((b) => {
      b.emprunteurs[0].contrat = 'Contrat d’intérim';
      b.emprunteurs[0].situationfamiliale = 'Célibataire';
      b.projet.etatprojet = 'Offre d\'achat effectuée';
      b.biens[0].type = 'Terrain';
    }));
    const file = await getFile(id);
    expect(file.situationsprofessionnelles[0].contrat).toBe('Contrat d’intérim');
    expect(file.projet.etatprojet).toBe('Offre d\'achat effectuée');
  });

  it('answers wrong types with "Invalid form." (no coercion of JSON bodies)', async () => {
    expectError(await c.post('/prospectcomplet', withBody((b) => (b.emprunteurs[0].salairemensuel = '3000'))), 'invalid', ['$.emprunteurs[0].salairemensuel']);
    expectError(await c.post('/prospectcomplet', withBody((b) => (b.autresrevenus = '500'))), 'invalid', ['$.autresrevenus']);
    expectError(await c.post('/prospectcomplet', withBody((b) => (b.biens[0].bienpaye = 'false'))), 'invalid', ['$.biens[0].bienpaye']);
    expectError(await c.post('/prospectcomplet', withBody((b) => (b.projet.agebien = 15.5))), 'invalid', ['$.projet.agebien']);
    expectError(await c.post('/prospectcomplet', withBody((b) => (b.emprunteurs = { 0: borrower(0) }))), 'invalid', ['$.emprunteurs']);
    expectError(await c.post('/prospectcomplet', withBody((b) => (b.emprunteurs[0].email = 'jean.dupont'))), 'invalid', ['$.emprunteurs[0].email']);
  });

  it('refuses a paid property with a credit: 409 "A property already paid can\'t have a credit."', async () => {
    const res = await c.post('/prospectcomplet', withBody((b) => (b.biens[0].bienpaye = true)));
    expectError(res, 'paidWithCredit', ['$.biens[0].credit']);
    const second = await c.post('/prospectcomplet', withBody((b) => b.biens.push(property({ bienpaye: true, credit: credit() }))));
    expectError(second, 'paidWithCredit', ['$.biens[1].credit']);
  });

  it('refuses a credit missing a required field: 409 "Required fields are missing for a credit."', async () => {
    expectError(await c.post('/prospectcomplet', withBody((b) => delete b.biens[0].credit.mensualite)), 'creditFields', ['$.biens[0].credit.mensualite']);
    expectError(await c.post('/prospectcomplet', withBody((b) => delete b.creditsconso[0].mensualite)), 'creditFields', ['$.creditsconso[0].mensualite']);
    expectError(
      await c.post('/prospectcomplet', withBody((b) => {
        delete b.creditsconso[0].montantinitial;
        delete b.creditsconso[0].rachatpret;
      })),
      'creditFields',
      ['$.creditsconso[0].montantinitial', '$.creditsconso[0].rachatpret'],
    );
  });

  it('answers missing required data with "Incomplete form." naming the field', async () => {
    expectError(await c.post('/prospectcomplet', withBody((b) => delete b.emprunteurs)), 'incomplete', ['$.emprunteurs']);
    expectError(await c.post('/prospectcomplet', withBody((b) => (b.emprunteurs = []))), 'incomplete', ['$.emprunteurs']);
    expectError(await c.post('/prospectcomplet', withBody((b) => delete b.emprunteurs[1].email)), 'incomplete', ['$.emprunteurs[1].email']);
    expectError(await c.post('/prospectcomplet', withBody((b) => (b.emprunteurs[0].telephone = ''))), 'incomplete', ['$.emprunteurs[0].telephone']);
    expectError(await c.post('/prospectcomplet', withBody((b) => delete b.projet.typebien)), 'incomplete', ['$.projet.typebien']);
    expectError(await c.post('/prospectcomplet', withBody((b) => delete b.enfants[0].datenaissance)), 'incomplete', ['$.enfants[0].datenaissance']);
    expectError(await c.post('/prospectcomplet', withBody((b) => delete b.biens[0].valeuractuelle)), 'incomplete', ['$.biens[0].valeuractuelle']);
    expectError(await c.post('/prospectcomplet', {}), 'incomplete', ['$.emprunteurs']);
  });

  it('answers malformed JSON with "Invalid form.", never a 500', async () => {
    const text = JSON.stringify(guideProspectComplet()).replace('"nom":"Dupont",', '"nom":"Dupont"');
    expectError(await c.post('/prospectcomplet', text, { 'content-type': 'application/json' }), 'invalid', ['$']);
  });

  it('stored nothing for any rejected request', async () => {
    const list = await c.get('/dossiers');
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(created);
  });
});

/** Sets a value at a path produced by `idsOf` ("$.biens[0].credits[0].idcredit"). */
function setAt(target: Record<string, unknown>, path: string, value: unknown) {
  const parts = path.slice(2).split(/\.|\[(\d+)\]/).filter((p) => p !== undefined && p !== '');
  let node: Record<string, unknown> = target;
  for (const part of parts.slice(0, -1)) node = node[part] as Record<string, unknown>;
  node[parts.at(-1)!] = value;
}
