import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { brokerClient, newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';
import {
  ENTITY_ID,
  adaptIds,
  credit,
  errorBody,
  expectError,
  guideGetOutput,
  guideProspectComplet,
  guidePutAsPrinted,
  guidePutFixed,
  idsOf,
} from './helpers.ts';

/**
 * Reading one file (§9) and updating it (§10): upsert by id, creation with `null`, deletion with
 * `supprimer`, links to borrowers, limits, foreign ids, concurrency, and the guide's own example.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let clock = new Date('2019-09-27T13:27:00Z');
let app: TestApp;
let a: ReturnType<typeof brokerClient>;
let b: ReturnType<typeof brokerClient>;
let tokenA: string;
/** Broker A's file under test, its second file, and broker B's file. */
let fileId: string;
let otherFileId: string;
let foreignFileId: string;

beforeAll(async () => {
  app = await startTestApp({ now: () => clock });
  ({ token: tokenA } = await newBrokerKey(app));
  a = brokerClient(app, tokenA);
  b = brokerClient(app, (await newBrokerKey(app)).token);
  const create = async (client: typeof a) => {
    const res = await client.post('/prospectcomplet', guideProspectComplet());
    expect(res.status).toBe(200);
    return res.body.dossier.id as string;
  };
  fileId = await create(a);
  otherFileId = await create(a);
  foreignFileId = await create(b);
});

afterAll(async () => {
  await app?.destroy();
});

async function getFile(client: typeof a, id: string): Promise<Json> {
  const res = await client.get(`/dossiers/${id}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

async function putOk(id: string, body: unknown) {
  const res = await a.put(`/dossiers/${id}`, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body;
}

/** Runs failing requests and checks the file did not change at all. */
async function unchanged(id: string, run: () => Promise<void>) {
  const before = await getFile(a, id);
  await run();
  expect(await getFile(a, id)).toStrictEqual(before);
}

/** The required fields of an existing borrower, so a PUT can name it without changing it. */
const borrowerRef = (borrower: Json) => ({
  idemprunteur: borrower.idemprunteur,
  numero: borrower.numero,
  nom: borrower.nom,
  prenom: borrower.prenom,
  email: borrower.email,
  telephone: borrower.telephone,
});

/** A PUT body touching nothing but what `extra` says (the principal borrower is required by §10). */
const minimalPut = (file: Json, extra: Record<string, unknown> = {}) => ({
  emprunteurs: [borrowerRef(file.emprunteurs[0])],
  dossier: { iddossier: file.dossier.iddossier, reference: file.dossier.reference },
  ...extra,
});

/** The required fields of an existing property. */
const propertyRef = (p: Json) => ({
  idbien: p.idbien,
  numeroemprunteur1: p.numeroemprunteur1,
  valeuractuelle: p.valeuractuelle,
  adresse: p.adresse,
  codepostal: p.codepostal,
  ville: p.ville,
  pays: p.pays,
  bienpaye: p.bienpaye,
});

const child = (prenom: string) => ({ idenfant: null, nom: 'Dupont', prenom, datenaissance: '01/02/2021' });

describe('GET /dossiers/{iddossier} (§9)', () => {
  it('answers an unknown id with 404 "Request not found."', async () => {
    for (const id of ['1234567890-1234567890', '1234-5678', 'abc', '0']) expectError(await a.get(`/dossiers/${id}`), 'notFound');
  });

  it('answers another broker\'s file byte for byte like an unknown id', async () => {
    const call = (id: string) => app.http.inject({ method: 'GET', url: `/crediteo/dossiers/${id}`, headers: { 'x-crediteo-user-auth-token': tokenA } });
    const foreign = await call(foreignFileId);
    const unknown = await call('9999999999-9999999999');
    expect(foreign.statusCode).toBe(404);
    expect(foreign.statusCode).toBe(unknown.statusCode);
    expect(foreign.rawPayload.equals(unknown.rawPayload)).toBe(true);
    expect(JSON.parse(foreign.body)).toStrictEqual(errorBody('notFound'));
    expect(foreign.headers['content-type']).toBe(unknown.headers['content-type']);
    expect(foreign.headers['content-length']).toBe(unknown.headers['content-length']);
    // …while its owner reads it.
    expect((await getFile(b, foreignFileId)).dossier.iddossier).toBe(foreignFileId);
  });
});

describe('PUT /dossiers/{iddossier} (§10)', () => {
  it('answers the guide\'s example as printed (missing comma) with "Invalid form.", not a 500', async () => {
    await unchanged(fileId, async () => {
      const res = await a.put(`/dossiers/${fileId}`, guidePutAsPrinted(), { 'content-type': 'application/json' });
      expectError(res, 'invalid', ['$']);
    });
  });

  it('round-trips the guide\'s example (comma fixed, ids adapted): GET then shows the guide\'s §9 output', async () => {
    const stored = await getFile(a, fileId);
    const body = adaptIds(guidePutFixed(), stored);
    clock = new Date('2024-05-05T05:05:00Z'); // not used: the body gives datedernieremodification
    const res = await putOk(fileId, body);
    expect(res).toStrictEqual({ dossier: { reference: 'DP1233548783214', iddossier: fileId } });

    const after = await getFile(a, fileId);
    const expected = adaptIds(guideGetOutput(), stored);
    // Documented keys the example leaves out where its data had no value; we show them as null.
    expected.emprunteurs[1].telephonefixe = null;
    expected.emprunteurs[1].telephonebureau = null;
    expected.biens[0].credits[0].nomcredit = null;
    expect(after).toStrictEqual(expected);
    expect(after.dossier.datedernieremodification).toBe('27/09/2019 15:27');
    // Updating kept every id.
    expect(idsOf(after)).toStrictEqual(idsOf(stored));
    // The revenue and charge now carry the guide's values.
    expect(after.autresrevenus[0]).toMatchObject({ libelle: 'Allocations familiales', montant: 121.49 });
    expect(after.autrescharges[0]).toMatchObject({ libelle: 'Loyer actuel', montant: 450, apresprojet: false });
  });

  it('updates the fields sent, clears those sent as null, keeps the rest and every entity not mentioned', async () => {
    const before = await getFile(a, fileId);
    clock = new Date('2024-01-15T08:05:00Z'); // 09:05 in Paris (winter time)
    const jean = { ...borrowerRef(before.emprunteurs[0]), ville: 'Metz', codepostal: '57000' };
    const body = {
      ...minimalPut(before, {
        projet: { natureprojet: 'Acquisition + travaux', typebien: 'Maison', nbpieces: 'F6', nomvendeur: null },
        souhaitsclient: { duree: 240 },
      }),
      emprunteurs: [jean],
    };
    body.dossier.reference = 'REF-2024-001';
    expect(await putOk(fileId, body)).toStrictEqual({ dossier: { reference: 'REF-2024-001', iddossier: fileId } });

    const expected = structuredClone(before);
    Object.assign(expected.emprunteurs[0], { ville: 'Metz', codepostal: '57000' });
    Object.assign(expected.projet, { natureprojet: 'Acquisition + travaux', nbpieces: 'F6', nomvendeur: null });
    expected.souhaitsclient.duree = 240;
    expected.dossier.reference = 'REF-2024-001';
    expected.dossier.datedernieremodification = '15/01/2024 09:05';
    expect(await getFile(a, fileId)).toStrictEqual(expected);
  });

  it('creates entities sent with a null id, each with a new id', async () => {
    const before = await getFile(a, fileId);
    await putOk(fileId, minimalPut(before, {
      enfants: [child('Léa')],
      situationsprofessionnelles: [
        { idsituationprofessionnelle: null, numeroemprunteur: 1, categorie: 'Salarié(e) non-cadre', intitule: 'Infirmière', salairemensuel: 2100 },
      ],
      biens: [{ ...propertyRef(before.biens[0]), credits: [{ idcredit: null, numeroemprunteur1: 0, numeroemprunteur2: 1, ...credit({ nomcredit: 'Prêt travaux' }) }] }],
      simulation: [{ idsimulation: null, coutprojethorsfrais: 200000 }], // the table's name for `simulations`
    }));
    const after = await getFile(a, fileId);
    const oldIds = new Set(idsOf(before).map((i) => i.id));

    expect(after.enfants).toHaveLength(3);
    expect(after.enfants.slice(0, 2)).toStrictEqual(before.enfants);
    const lea = after.enfants[2];
    expect(lea).toStrictEqual({ idenfant: expect.stringMatching(ENTITY_ID), nom: 'Dupont', prenom: 'Léa', datenaissance: '01/02/2021' });
    expect(oldIds.has(lea.idenfant)).toBe(false);

    expect(after.situationsprofessionnelles).toHaveLength(2);
    expect(after.situationsprofessionnelles[1]).toMatchObject({ numeroemprunteur: 1, intitule: 'Infirmière', salairemensuel: 2100 });
    expect(after.biens[0].credits).toHaveLength(2);
    expect(after.biens[0].credits[0]).toStrictEqual(before.biens[0].credits[0]);
    expect(after.biens[0].credits[1]).toMatchObject({ nomcredit: 'Prêt travaux', numeroemprunteur1: 0, numeroemprunteur2: 1, mensualite: 250 });
    expect(after.simulations).toHaveLength(2);
    expect(after.simulations[1]).toMatchObject({ coutprojethorsfrais: 200000, fraisnotaire: null });

    const newIds = idsOf(after).map((i) => i.id).filter((id) => !oldIds.has(id));
    expect(newIds).toHaveLength(4);
    for (const id of newIds) expect(id).toMatch(ENTITY_ID);
    expect(new Set(idsOf(after).map((i) => i.id)).size).toBe(idsOf(after).length);
  });

  it('deletes entities sent with supprimer: true (only their id is needed), and keeps the others', async () => {
    const before = await getFile(a, fileId);
    const [louis, nina, lea] = before.enfants;
    await putOk(fileId, minimalPut(before, {
      enfants: [{ idenfant: louis.idenfant, supprimer: true }],
      simulations: [{ idsimulation: before.simulations[1].idsimulation, supprimer: true }],
      biens: [{ ...propertyRef(before.biens[0]), credits: [{ idcredit: before.biens[0].credits[1].idcredit, supprimer: true }] }],
    }));
    const after = await getFile(a, fileId);
    expect(after.enfants).toStrictEqual([nina, lea]);
    expect(after.simulations).toStrictEqual([before.simulations[0]]);
    expect(after.biens[0].credits).toStrictEqual([before.biens[0].credits[0]]);
    expect(after.emprunteurs).toStrictEqual(before.emprunteurs);
    expect(after.creditsconso).toStrictEqual(before.creditsconso);
  });

  it('refuses an id from another file, another broker or nowhere, naming the field, and changes nothing', async () => {
    const file = await getFile(a, fileId);
    const other = await getFile(a, otherFileId);
    const foreign = await getFile(b, foreignFileId);
    await unchanged(fileId, async () => {
      for (const id of [other.enfants[0].idenfant, foreign.enfants[0].idenfant, '12345-67890']) {
        const update = { idenfant: id, nom: 'X', prenom: 'Y', datenaissance: '01/01/2020' };
        expectError(await a.put(`/dossiers/${fileId}`, minimalPut(file, { enfants: [update] })), 'invalid', ['$.enfants[0].idenfant']);
        expectError(
          await a.put(`/dossiers/${fileId}`, minimalPut(file, { enfants: [child('Z'), { idenfant: id, supprimer: true }] })),
          'invalid',
          ['$.enfants[1].idenfant'],
        );
      }
      const foreignCredit = { idcredit: foreign.biens[0].credits[0].idcredit, supprimer: true };
      expectError(
        await a.put(`/dossiers/${fileId}`, minimalPut(file, { biens: [{ ...propertyRef(file.biens[0]), credits: [foreignCredit] }] })),
        'invalid',
        ['$.biens[0].credits[0].idcredit'],
      );
      const foreignBorrower = { ...borrowerRef(foreign.emprunteurs[1]), numero: 5 };
      expectError(
        await a.put(`/dossiers/${fileId}`, { ...minimalPut(file), emprunteurs: [borrowerRef(file.emprunteurs[0]), foreignBorrower] }),
        'invalid',
        ['$.emprunteurs[1].idemprunteur'],
      );
    });
    // The other files were not touched either.
    expect(await getFile(a, otherFileId)).toStrictEqual(other);
    expect(await getFile(b, foreignFileId)).toStrictEqual(foreign);
  });

  it('refuses a delete without id, an id sent twice, and simulations sent under both names', async () => {
    const file = await getFile(a, fileId);
    await unchanged(fileId, async () => {
      expectError(await a.put(`/dossiers/${fileId}`, minimalPut(file, { enfants: [{ idenfant: null, supprimer: true }] })), 'invalid', ['$.enfants[0].idenfant']);
      const nina = file.enfants[0];
      expectError(await a.put(`/dossiers/${fileId}`, minimalPut(file, { enfants: [nina, nina] })), 'invalid', ['$.enfants[1].idenfant']);
      const simulation = [{ idsimulation: null, coutprojethorsfrais: 1 }];
      expectError(await a.put(`/dossiers/${fileId}`, minimalPut(file, { simulations: simulation, simulation })), 'invalid', ['$.simulation']);
    });
  });

  it('refuses links to a borrower the file does not have, naming the field', async () => {
    const file = await getFile(a, fileId);
    await unchanged(fileId, async () => {
      const job = { idsituationprofessionnelle: null, numeroemprunteur: 5, categorie: 'Artisan', intitule: 'Boulanger' };
      expectError(await a.put(`/dossiers/${fileId}`, minimalPut(file, { situationsprofessionnelles: [job] })), 'invalid', [
        '$.situationsprofessionnelles[0].numeroemprunteur',
      ]);
      const loan = { idcredit: null, numeroemprunteur1: 0, numeroemprunteur2: 3, ...credit() };
      expectError(await a.put(`/dossiers/${fileId}`, minimalPut(file, { creditsconso: [loan] })), 'invalid', ['$.creditsconso[0].numeroemprunteur2']);
      const income = { idrevenu: file.autresrevenus[0].idrevenu, numeroemprunteur: 2, montant: 10 };
      expectError(await a.put(`/dossiers/${fileId}`, minimalPut(file, { autresrevenus: [income] })), 'invalid', ['$.autresrevenus[0].numeroemprunteur']);
      // Deleting Marie (numero 1) would orphan her job, kept from the file (second situation).
      const marie = { idemprunteur: file.emprunteurs[1].idemprunteur, supprimer: true };
      expectError(
        await a.put(`/dossiers/${fileId}`, { ...minimalPut(file), emprunteurs: [borrowerRef(file.emprunteurs[0]), marie] }),
        'invalid',
        ['$.situationsprofessionnelles[1].numeroemprunteur'],
      );
      // Two borrowers with one numero.
      const twin = { idemprunteur: null, numero: 1, nom: 'Jumeau', prenom: 'X', email: 'x@example.fr', telephone: '06' };
      expectError(
        await a.put(`/dossiers/${fileId}`, { ...minimalPut(file), emprunteurs: [borrowerRef(file.emprunteurs[0]), twin] }),
        'invalid',
        ['$.emprunteurs[1].numero'],
      );
    });
  });

  it('accepts up to 12 borrowers and answers more with "Too many arguments."', async () => {
    const file = await getFile(a, fileId);
    const newBorrower = (numero: number) => ({ idemprunteur: null, numero, nom: `N${numero}`, prenom: 'P', email: `n${numero}@example.fr`, telephone: '0600000000' });
    await unchanged(fileId, async () => {
      const thirteen = [borrowerRef(file.emprunteurs[0]), ...Array.from({ length: 12 }, (_, i) => newBorrower(i < 10 ? i + 2 : 11))];
      expectError(await a.put(`/dossiers/${fileId}`, { ...minimalPut(file), emprunteurs: thirteen }), 'tooMany', ['$.emprunteurs']);
    });
    const ten = Array.from({ length: 10 }, (_, i) => newBorrower(i + 2));
    await putOk(fileId, { ...minimalPut(file), emprunteurs: [borrowerRef(file.emprunteurs[0]), ...ten] });
    const twelve = await getFile(a, fileId);
    expect(twelve.emprunteurs.map((x: Json) => x.numero)).toStrictEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(twelve.emprunteurs[2]).toMatchObject({ idemprunteur: expect.stringMatching(ENTITY_ID), nom: 'N2', accordrecueildonnees: false });
    // The file holds 12: one more (even in a request of 2) is too many.
    await unchanged(fileId, async () => {
      const res = await a.put(`/dossiers/${fileId}`, { ...minimalPut(file), emprunteurs: [borrowerRef(file.emprunteurs[0]), newBorrower(11)] });
      expectError(res, 'tooMany', ['$.emprunteurs']);
    });
    // Back to the two original borrowers.
    const remove = twelve.emprunteurs.slice(2).map((x: Json) => ({ idemprunteur: x.idemprunteur, supprimer: true }));
    await putOk(fileId, { ...minimalPut(file), emprunteurs: [borrowerRef(file.emprunteurs[0]), ...remove] });
    expect((await getFile(a, fileId)).emprunteurs).toStrictEqual(file.emprunteurs);
    // A file keeps at least one borrower.
    await unchanged(fileId, async () => {
      const all = file.emprunteurs.map((x: Json) => ({ idemprunteur: x.idemprunteur, supprimer: true }));
      expectError(await a.put(`/dossiers/${fileId}`, { ...minimalPut(file), emprunteurs: all }), 'incomplete', ['$.emprunteurs']);
    });
  });

  it('applies the paid-property and credit rules of §4 on update', async () => {
    const file = await getFile(a, fileId);
    await unchanged(fileId, async () => {
      const paid = { ...propertyRef(file.biens[0]), bienpaye: true };
      expectError(await a.put(`/dossiers/${fileId}`, minimalPut(file, { biens: [paid] })), 'paidWithCredit', ['$.biens[0].credits']);
      const { mensualite: _m, ...loan } = { idcredit: null, numeroemprunteur1: 0, ...credit() };
      expectError(await a.put(`/dossiers/${fileId}`, minimalPut(file, { creditsconso: [loan] })), 'creditFields', ['$.creditsconso[0].mensualite']);
      expectError(
        await a.put(`/dossiers/${fileId}`, minimalPut(file, { biens: [{ ...propertyRef(file.biens[0]), credits: [loan] }] })),
        'creditFields',
        ['$.biens[0].credits[0].mensualite'],
      );
    });
  });

  it('checks the body like the create routes: required, types, dates, unknown keys', async () => {
    const file = await getFile(a, fileId);
    const put = (body: unknown) => a.put(`/dossiers/${fileId}`, body);
    await unchanged(fileId, async () => {
      const { dossier: _d, ...noDossier } = minimalPut(file);
      expectError(await put(noDossier), 'incomplete', ['$.dossier']);
      const { emprunteurs: _e, ...noBorrowers } = minimalPut(file);
      expectError(await put(noBorrowers), 'incomplete', ['$.emprunteurs']);
      expectError(await put({ ...minimalPut(file), emprunteurs: [] }), 'incomplete', ['$.emprunteurs']);
      const { numero: _n, ...noNumero } = borrowerRef(file.emprunteurs[0]);
      expectError(await put({ ...minimalPut(file), emprunteurs: [noNumero] }), 'incomplete', ['$.emprunteurs[0].numero']);
      expectError(await put(minimalPut(file, { enfants: [{ idenfant: null, nom: 'A', prenom: 'B' }] })), 'incomplete', ['$.enfants[0].datenaissance']);
      expectError(await put(minimalPut(file, { enfants: [{ ...child('A'), datenaissance: '31/02/2021' }] })), 'invalid', ['$.enfants[0].datenaissance']);
      expectError(await put(minimalPut(file, { couleur: 'bleu' })), 'tooMany', ['$.couleur']);
      expectError(await put(minimalPut(file, { enfants: [{ ...child('A'), age: 3 }] })), 'tooMany', ['$.enfants[0].age']);
      const bank = { idsituation: file.situationsbancaires[0].idsituation, numeroemprunteur1: 0, bic: 'CMCIFRPPXXXX' };
      expectError(await put(minimalPut(file, { situationsbancaires: [bank] })), 'invalid', ['$.situationsbancaires[0].bic']);
      expectError(await a.put(`/dossiers/${fileId}`, '{"emprunteurs": [', { 'content-type': 'application/json' }), 'invalid', ['$']);
    });
  });

  it('refuses a dossier.iddossier that is not the URL\'s', async () => {
    const file = await getFile(a, fileId);
    await unchanged(fileId, async () => {
      const body = minimalPut(file);
      body.dossier.iddossier = otherFileId;
      expectError(await a.put(`/dossiers/${fileId}`, body), 'invalid', ['$.dossier.iddossier']);
    });
    expect((await getFile(a, otherFileId)).dossier.reference).toBe('DP1233548783214');
  });

  it('stores and shows the datedernieremodification given (Paris time, summer and winter), and refuses a bad one', async () => {
    const file = await getFile(a, fileId);
    for (const when of ['01/12/2023 23:59', '30/06/2023 08:00', '31/03/2024 03:30']) {
      const body = minimalPut(file, {});
      await putOk(fileId, { ...body, dossier: { ...body.dossier, datedernieremodification: when } });
      expect((await getFile(a, fileId)).dossier.datedernieremodification).toBe(when);
    }
    await unchanged(fileId, async () => {
      for (const when of ['31/02/2019 10:00', '27/09/2019', '27/09/2019 24:00', '2019-09-27 15:27']) {
        const body = minimalPut(file, {});
        const res = await a.put(`/dossiers/${fileId}`, { ...body, dossier: { ...body.dossier, datedernieremodification: when } });
        expectError(res, 'invalid', ['$.dossier.datedernieremodification']);
      }
    });
  });

  it('makes a prospect a client file in the list', async () => {
    const list = async () => (await a.get('/dossiers')).body as Json[];
    const byId = (items: Json[], id: string) => items.find((x) => x.iddossier === id);
    expect(byId(await list(), otherFileId).client).toBe(false);
    expect(byId(await list(), fileId).client).toBe(true);
    await putOk(otherFileId, minimalPut(await getFile(a, otherFileId)));
    expect(byId(await list(), otherFileId).client).toBe(true);
  });

  // On PGlite a file's read and write happen without yielding to I/O, so this mostly proves the
  // result; against PostgreSQL (TEST_DATABASE_URL, as CI runs it) it exercises the row lock.
  it('loses no update when several PUTs on one file run at the same time', async () => {
    const file = await getFile(a, fileId);
    const names = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf', 'Hotel', 'India', 'Juliett'];
    const results = await Promise.all(names.map((name) => a.put(`/dossiers/${fileId}`, minimalPut(file, { enfants: [child(name)] }))));
    for (const res of results) expect(res.status, JSON.stringify(res.body)).toBe(200);
    const after = await getFile(a, fileId);
    expect(after.enfants).toHaveLength(file.enfants.length + names.length);
    expect(after.enfants.slice(0, file.enfants.length)).toStrictEqual(file.enfants);
    expect(after.enfants.map((e: Json) => e.prenom)).toEqual(expect.arrayContaining(names));
    expect(new Set(after.enfants.map((e: Json) => e.idenfant)).size).toBe(after.enfants.length);
  });

  it('answers a PUT on an unknown file, or on another broker\'s file, with the not-found body, and changes nothing', async () => {
    const foreign = await getFile(b, foreignFileId);
    const body = adaptIds(guidePutFixed(), foreign);
    body.emprunteurs[0].nom = 'Pirate';
    expectError(await a.put(`/dossiers/${foreignFileId}`, body), 'notFound');
    expect(await getFile(b, foreignFileId)).toStrictEqual(foreign);
    const unknown = { ...body, dossier: { ...body.dossier, iddossier: '9999999999-9999999999' } };
    expectError(await a.put('/dossiers/9999999999-9999999999', unknown), 'notFound');
  });
});
