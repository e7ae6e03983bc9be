import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asBrokerDb, createApiKey } from '../../src/broker/index.ts';
import { listDossiers, streamAllDossiers } from '../../src/broker/dossiers/list.ts';
import { brokerClient, newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';
import { borrower, errorBody, expectError, guideProspectComplet } from './helpers.ts';

/**
 * The list of a broker's files (§8): order, pagination, item keys, `client`, `avancement` and
 * `etape` (as defined in src/broker/dossiers/progress.ts), then isolation between two brokers.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const ITEM_KEYS = [
  'iddossier', 'reference', 'client', 'emprunteur', 'natureprojet', 'datecreation', 'dateconditionsuspensive',
  'datesignature', 'avancement', 'etape', 'email', 'datedernieremodification',
];

let clock = new Date('2024-03-01T10:00:00Z');
let app: TestApp;
let a: ReturnType<typeof brokerClient>;
let b: ReturnType<typeof brokerClient>;
let brokerA: string;

/** Broker A's files by name, and their ids in expected list orders. */
const files: Record<string, string> = {};
let byCreation: string[];
let byModification: string[];
const bFiles: string[] = [];

async function create(client: typeof a, path: '/prospect' | '/prospectcomplet', body: unknown, at: string) {
  clock = new Date(at);
  const res = await client.post(path, body);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body.dossier.id as string;
}

const prospect = (n: number) => ({ nom: `Prospect${n}`, prenom: 'Paul', email: `p${n}@example.fr`, tel: '0600000000' });

/** The guide's file with a job for Marie too: all six sections filled. */
function completeFile() {
  const body = guideProspectComplet();
  Object.assign(body.emprunteurs[1], { categorie: 'Salarié(e) non-cadre', intitule: 'Infirmière', salairemensuel: 2100 });
  body.dossier.reference = 'COMPLET-1';
  return body;
}

/** One borrower with everything the "Emprunteurs" and "Situation professionnelle" sections need. */
const borrowerAndJob = {
  emprunteurs: [borrower(0, {
    datenaissance: '01/01/1980', situationfamiliale: 'Célibataire', adresse: '1 rue A', codepostal: '54000', ville: 'Nancy',
    categorie: 'Artisan', salairemensuel: 2500,
  })],
};

beforeAll(async () => {
  app = await startTestApp({ now: () => clock });
  const keyA = await newBrokerKey(app);
  brokerA = keyA.brokerId;
  a = brokerClient(app, keyA.token);
  b = brokerClient(app, (await newBrokerKey(app)).token);

  files.p1 = await create(a, '/prospect', prospect(1), '2024-03-01T10:00:00Z');
  files.guide = await create(a, '/prospectcomplet', guideProspectComplet(), '2024-03-02T10:00:00Z');
  // 23:30 UTC on the 9th is 00:30 on the 10th in Paris.
  files.job = await create(a, '/prospectcomplet', borrowerAndJob, '2024-03-09T23:30:00Z');
  files.complete = await create(a, '/prospectcomplet', completeFile(), '2024-03-11T10:00:00Z');
  // Three files created in the same instant: their order must still be stable across pages.
  files.t1 = await create(a, '/prospect', prospect(2), '2024-03-12T10:00:00Z');
  files.t2 = await create(a, '/prospect', prospect(3), '2024-03-12T10:00:00Z');
  files.t3 = await create(a, '/prospect', prospect(4), '2024-03-12T10:00:00Z');

  // Updates: p1 now (the clock), guide with an explicit date; both become client files.
  const get = async (id: string) => (await a.get(`/dossiers/${id}`)).body;
  const p1 = await get(files.p1);
  clock = new Date('2024-03-20T10:00:00Z');
  const ref = (x: Json) => ({ idemprunteur: x.idemprunteur, numero: x.numero, nom: x.nom, prenom: x.prenom, email: x.email, telephone: x.telephone });
  expect((await a.put(`/dossiers/${files.p1}`, { emprunteurs: [ref(p1.emprunteurs[0])], dossier: { iddossier: files.p1, reference: p1.dossier.reference } })).status).toBe(200);
  const guide = await get(files.guide);
  const putGuide = await a.put(`/dossiers/${files.guide}`, {
    emprunteurs: [ref(guide.emprunteurs[0])],
    dossier: { iddossier: files.guide, reference: guide.dossier.reference, datedernieremodification: '15/03/2024 12:00' },
    situationsprofessionnelles: [{ idsituationprofessionnelle: null, numeroemprunteur: 1, categorie: 'Retraité(e)', intitule: 'Retraitée', salairemensuel: 1500 }],
  });
  expect(putGuide.status, JSON.stringify(putGuide.body)).toBe(200);

  const ties = [files.t1!, files.t2!, files.t3!].sort().reverse(); // same instant: ordered by id, descending
  byCreation = [...ties, files.complete!, files.job!, files.guide!, files.p1!];
  byModification = [files.p1!, files.guide!, ...ties, files.complete!, files.job!];

  bFiles.push(await create(b, '/prospect', prospect(9), '2024-03-21T10:00:00Z'));
  bFiles.push(await create(b, '/prospectcomplet', guideProspectComplet(), '2024-03-22T10:00:00Z'));
});

afterAll(async () => {
  await app?.destroy();
});

const ids = (items: Json[]) => items.map((x) => x.iddossier);

async function list(query = '') {
  const res = await a.get(`/dossiers${query}`);
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  expect(Array.isArray(res.body)).toBe(true);
  return res.body as Json[];
}

describe('GET /dossiers (§8)', () => {
  it('returns every file, newest first by creation, when nbItems is absent', async () => {
    expect(ids(await list())).toStrictEqual(byCreation);
    expect(ids(await list('?orderBy=datecreation'))).toStrictEqual(byCreation);
    expect(ids(await list('?pageIndex=2'))).toStrictEqual(byCreation);
  });

  it('streams the whole list in batches that join into exactly the paged result', async () => {
    const ports = { db: asBrokerDb(app.db.kysely), onWrite: async () => {}, cache: null };
    const actor = { brokerId: brokerA, keyId: 'test', allowedOrigins: [] };
    for (const orderBy of ['datecreation', 'datedernieremodification'] as const) {
      let text = '';
      for await (const chunk of streamAllDossiers(ports, actor, { orderBy }, 2)) text += chunk;
      expect(JSON.parse(text)).toStrictEqual(await listDossiers(ports, actor, { orderBy }));
      expect(ids(JSON.parse(text))).toStrictEqual(orderBy === 'datecreation' ? byCreation : byModification);
    }
    let empty = '';
    for await (const chunk of streamAllDossiers(ports, { ...actor, brokerId: 'nobody' }, {}, 2)) empty += chunk;
    expect(empty).toBe('[]');
  });

  it('orders by datedernieremodification, newest first', async () => {
    expect(ids(await list('?orderBy=datedernieremodification'))).toStrictEqual(byModification);
  });

  it('pages with pageIndex (from 1) and nbItems: no repeat, no gap, empty past the end', async () => {
    for (const [orderBy, expected] of [['datecreation', byCreation], ['datedernieremodification', byModification]] as const) {
      for (const size of [1, 2, 3, 7, 10]) {
        const seen: string[] = [];
        const pages = Math.ceil(expected.length / size);
        for (let page = 1; page <= pages; page++) {
          const items = await list(`?pageIndex=${page}&nbItems=${size}&orderBy=${orderBy}`);
          expect(items.length).toBe(Math.min(size, expected.length - (page - 1) * size));
          seen.push(...ids(items));
        }
        expect(seen, `${orderBy} by ${size}`).toStrictEqual(expected);
        expect(await list(`?pageIndex=${pages + 1}&nbItems=${size}&orderBy=${orderBy}`)).toStrictEqual([]);
      }
    }
    // pageIndex defaults to 1.
    expect(ids(await list('?nbItems=3'))).toStrictEqual(byCreation.slice(0, 3));
  });

  it('gives each item exactly the keys of the guide, with the documented values', async () => {
    const items = await list();
    for (const item of items) expect(Object.keys(item).sort()).toStrictEqual([...ITEM_KEYS].sort());
    const byId = new Map(items.map((x) => [x.iddossier, x]));

    expect(byId.get(files.guide)).toStrictEqual({
      iddossier: files.guide,
      reference: 'DP1233548783214',
      client: true,
      emprunteur: 'DUPONT Jean',
      natureprojet: 'Acquisition',
      datecreation: '02/03/2024',
      dateconditionsuspensive: null, // the guide sends ""
      datesignature: '15/06/2019',
      avancement: 100,
      etape: 'Dossier complet',
      email: 'jean.dupont@me.com',
      datedernieremodification: '15/03/2024 12:00',
    });
    expect(byId.get(files.p1)).toStrictEqual({
      iddossier: files.p1,
      reference: expect.any(String),
      client: true,
      emprunteur: 'PROSPECT1 Paul',
      natureprojet: null,
      datecreation: '01/03/2024',
      dateconditionsuspensive: null,
      datesignature: null,
      avancement: 0,
      etape: 'Emprunteurs',
      email: 'p1@example.fr',
      datedernieremodification: '20/03/2024 11:00',
    });
    // Created at 23:30 UTC: the 10th in Paris.
    expect(byId.get(files.job)).toMatchObject({ datecreation: '10/03/2024', datedernieremodification: '10/03/2024 00:30' });
  });

  it('shows client false for files created as prospects and never modified', async () => {
    const items = await list();
    const clients = new Map(items.map((x) => [x.iddossier, x.client]));
    for (const name of ['job', 'complete', 't1', 't2', 't3']) expect(clients.get(files[name]), name).toBe(false);
    for (const name of ['p1', 'guide']) expect(clients.get(files[name]), name).toBe(true);
  });

  it('reports avancement (0..100) and etape as documented in progress.ts', async () => {
    const items = await list();
    const progress = new Map(items.map((x) => [x.iddossier, [x.avancement, x.etape]]));
    for (const item of items) {
      expect(Number.isInteger(item.avancement)).toBe(true);
      expect(item.avancement).toBeGreaterThanOrEqual(0);
      expect(item.avancement).toBeLessThanOrEqual(100);
    }
    expect(progress.get(files.t1)).toStrictEqual([0, 'Emprunteurs']);
    expect(progress.get(files.job)).toStrictEqual([33, 'Projet']);
    expect(progress.get(files.complete)).toStrictEqual([100, 'Dossier complet']);
    // The guide's file lacked Marie's job (5 of 6 sections: 83, "Situation professionnelle")
    // until the PUT above added it.
    expect(progress.get(files.guide)).toStrictEqual([100, 'Dossier complet']);
  });

  it('shows a freshly created guide file at 83 %, its next step being the missing job', async () => {
    const id = await create(a, '/prospectcomplet', guideProspectComplet(), '2024-03-25T10:00:00Z');
    const first = (await list('?nbItems=1'))[0];
    expect(first).toMatchObject({ iddossier: id, avancement: 83, etape: 'Situation professionnelle', client: false });
    byCreation.unshift(id);
    byModification.unshift(id);
  });

  it('refuses a bad orderBy or page values with "Invalid form." and an unknown parameter with "Too many arguments."', async () => {
    expectError(await a.get('/dossiers?orderBy=nom'), 'invalid', ['$.orderBy']);
    expectError(await a.get('/dossiers?orderBy=DATECREATION'), 'invalid', ['$.orderBy']);
    expectError(await a.get('/dossiers?nbItems=0'), 'invalid', ['$.nbItems']);
    expectError(await a.get('/dossiers?nbItems=abc'), 'invalid', ['$.nbItems']);
    expectError(await a.get('/dossiers?pageIndex=0&nbItems=2'), 'invalid', ['$.pageIndex']);
    expectError(await a.get('/dossiers?pageIndex=1.5&nbItems=2'), 'invalid', ['$.pageIndex']);
    expectError(await a.get('/dossiers?tri=datecreation'), 'tooMany', ['$.tri']);
    expectError(await a.get('/dossiers?nbItems=2&order=desc'), 'tooMany', ['$.order']);
  });
});

describe('isolation between brokers', () => {
  it('lists only the broker\'s own files', async () => {
    const mine = ids(await list());
    expect(mine).toStrictEqual(byCreation);
    for (const id of bFiles) expect(mine).not.toContain(id);
    const theirs = await b.get('/dossiers');
    expect(theirs.status).toBe(200);
    expect(ids(theirs.body)).toStrictEqual([...bFiles].reverse());
    expect(await b.get('/dossiers?nbItems=1&pageIndex=3')).toMatchObject({ status: 200, body: [] });
  });

  it('shares files between the keys of one broker, and only them', async () => {
    const second = await createApiKey(asBrokerDb(app.db.kysely), brokerA);
    expect(ids((await brokerClient(app, second.token).get('/dossiers')).body)).toStrictEqual(byCreation);
  });

  it('answers GET and PUT of another broker\'s file with the not-found body, and changes nothing', async () => {
    const [bProspect, bGuide] = bFiles as [string, string];
    const before = (await b.get(`/dossiers/${bGuide}`)).body;
    for (const id of bFiles) expectError(await a.get(`/dossiers/${id}`), 'notFound');
    const ref = (x: Json) => ({ idemprunteur: x.idemprunteur, numero: x.numero, nom: 'Pirate', prenom: x.prenom, email: x.email, telephone: x.telephone });
    const res = await a.put(`/dossiers/${bGuide}`, { emprunteurs: [ref(before.emprunteurs[0])], dossier: { iddossier: bGuide, reference: 'X' } });
    expectError(res, 'notFound');
    expect(res.body).toStrictEqual(errorBody('notFound'));
    expect((await b.get(`/dossiers/${bGuide}`)).body).toStrictEqual(before);
    // And the other way round.
    expectError(await b.get(`/dossiers/${files.guide}`), 'notFound');
    expect(ids((await b.get('/dossiers')).body)).toStrictEqual([bGuide, bProspect]);
  });
});
