import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUIDE_EXAMPLES } from '../../src/broker/calculators/guide-examples.ts';
import { brokerClient, newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';
import { borrower, errorBody, guideProspectComplet } from './helpers.ts';

/*
 * "Numbers and dates stay in range" through HTTP: huge numbers, dates outside 1900–2199 (including
 * years below 100, which Date.UTC maps to 19xx), computed dates leaving the range and Paris times that
 * the clocks skip are refused with the contract's "Invalid form." naming the field; an ambiguous
 * autumn time is the first of its two instants.
 */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

let clock = new Date('2026-03-15T10:00:00Z');
let app: TestApp;
let api: ReturnType<typeof brokerClient>;

beforeAll(async () => {
  app = await startTestApp({ now: () => clock });
  api = brokerClient(app, (await newBrokerKey(app)).token);
});
afterAll(async () => {
  await app?.destroy();
});

const { loan: LOAN, ptz: PTZ, capacity: CAPACITY, buyback: BUYBACK, notary: NOTARY } = GUIDE_EXAMPLES;

const DATE_MESSAGE = 'must be a real date formatted dd/mm/yyyy, from 01/01/1900 to 31/12/2199';
const DATE_OR_EMPTY_MESSAGE = `${DATE_MESSAGE}, or empty`;
const DATETIME_MESSAGE =
  'must be a real date and time formatted dd/mm/yyyy HH:MM, from 01/01/1900 to 31/12/2199, that exists in Paris, or empty';

/** The exact "Invalid form." body with these details. */
const invalid = (details: { field: string; message: string }[]) => ({ ...errorBody('invalid'), details });

async function expectInvalid(path: string, body: unknown, details: { field: string; message: string }[], method: 'post' | 'put' = 'post') {
  const res = await api[method](path, body);
  expect(res.status, JSON.stringify(res.body)).toBe(409);
  expect(res.body).toStrictEqual(invalid(details));
}

describe('calculators refuse numbers out of range, naming the field', () => {
  it.each([
    ['/calculatriceemprunt', { ...LOAN, montant: 1.79e308 }, '$.montant', 'must be <= 100000000'],
    ['/calculatriceemprunt', { ...LOAN, detail: true, tauxassurance: 1e300 }, '$.tauxassurance', 'must be < 100'],
    ['/calculatriceemprunt', { ...LOAN, fraisdossier: 1.5e8 }, '$.fraisdossier', 'must be <= 100000000'],
    ['/calculatricecapaciteemprunt', { ...CAPACITY, revenumensuel: 1.79e308 }, '$.revenumensuel', 'must be <= 100000000'],
    ['/calculatricerachatpret', { ...BUYBACK, montantancien: 1.79e308 }, '$.montantancien', 'must be <= 100000000'],
    ['/calculatricerachatpret', { ...BUYBACK, fraisdossier: 1.79e308 }, '$.fraisdossier', 'must be <= 100000000'],
    ['/calculatriceptz', { ...PTZ, couttotalprojet: 1.79e308 }, '$.couttotalprojet', 'must be <= 100000000'],
    ['/calculatriceptz', { ...PTZ, revenufiscalreference: 1e200 }, '$.revenufiscalreference', 'must be <= 100000000'],
    ['/calculatriceptz', { ...PTZ, nboccupants: 1e9 }, '$.nboccupants', 'must be <= 50'],
    ['/fraisnotaire', { ...NOTARY, prix: 1.79e308 }, '$.prix', 'must be <= 100000000'],
  ])('%s %o', async (path, body, field, message) => {
    await expectInvalid(path, body, [{ field, message }]);
  });

  it('still computes at the largest amount allowed, with finite numbers', async () => {
    const res = await api.post('/calculatriceemprunt', { ...LOAN, montant: 1e8, duree: 600, taux: 99.99, detail: true, tauxassurance: 99.99 });
    expect(res.status, JSON.stringify(res.body).slice(0, 300)).toBe(200);
    expect(res.body.totalpaiements).toBeGreaterThan(1e8);
    expect(res.body.taeg).toBeGreaterThan(0);
    expect(JSON.stringify(res.body)).not.toMatch(/null/);
  });
});

describe('calculators refuse dates out of 1900–2199, naming the field', () => {
  it.each([
    ['/calculatriceemprunt', { ...LOAN, datedebut: '31/12/9999' }, '$.datedebut'],
    ['/calculatriceemprunt', { ...LOAN, datedebut: '01/01/0050' }, '$.datedebut'],
    ['/calculatriceemprunt', { ...LOAN, datedebut: '31/12/1899' }, '$.datedebut'],
    ['/calculatriceemprunt', { ...LOAN, datedebut: '01/01/2200' }, '$.datedebut'],
    ['/calculatricerachatpret', { ...BUYBACK, daterachat: '01/01/9999' }, '$.daterachat'],
    ['/calculatricerachatpret', { ...BUYBACK, datedebutancien: '15/06/0050' }, '$.datedebutancien'],
    ['/calculatriceptz', { ...PTZ, dateeffet: '01/01/0050' }, '$.dateeffet'],
    ['/fraisnotaire', { ...NOTARY, dateeffet: '31/12/9999' }, '$.dateeffet'],
  ])('%s %o', async (path, body, field) => {
    await expectInvalid(path, body, [{ field, message: DATE_MESSAGE }]);
  });

  it('refuses a loan whose last instalment would fall after 31/12/2199, and accepts the last one that fits', async () => {
    await expectInvalid('/calculatriceemprunt', { ...LOAN, datedebut: '31/12/2199', duree: 1 }, [
      { field: '$.datedebut', message: 'datedebut + duree mois doit tomber au plus tard le 31/12/2199' },
    ]);
    await expectInvalid('/calculatriceemprunt', { ...LOAN, datedebut: '01/01/2150', duree: 600 }, [
      { field: '$.datedebut', message: 'datedebut + duree mois doit tomber au plus tard le 31/12/2199' },
    ]);
    const res = await api.post('/calculatriceemprunt', { ...LOAN, datedebut: '31/12/2149', duree: 600 });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.datefin).toBe('31/12/2199');
  });

  it('accepts the first and last days of the range', async () => {
    const first = await api.post('/calculatriceemprunt', { ...LOAN, datedebut: '01/01/1900', duree: 12 });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body.datefin).toBe('01/01/1901');
  });
});

describe('loan files refuse numbers and dates out of range, naming the field', () => {
  const file = (overrides: Json) => ({ ...guideProspectComplet(), ...overrides });

  it.each([
    [{ emprunteurs: [borrower(0, { salairemensuel: 5e8 })] }, '$.emprunteurs[0].salairemensuel', 'must be <= 100000000'],
    [{ autresrevenus: 1.79e308 }, '$.autresrevenus', 'must be <= 100000000'],
    [{ simulation: { fraisnotaire: 2e9 } }, '$.simulation.fraisnotaire', 'must be <= 100000000'],
    [{ souhaitsclient: { duree: 700 } }, '$.souhaitsclient.duree', 'must be <= 600'],
  ])('POST /prospectcomplet %o', async (overrides, field, message) => {
    await expectInvalid('/prospectcomplet', file(overrides), [{ field, message }]);
  });

  it('refuses a surface and a purchase year out of range', async () => {
    const body = guideProspectComplet();
    body.projet.surfacehabitable = 5e7;
    body.biens[0].anneeachat = 1850;
    await expectInvalid('/prospectcomplet', body, [
      { field: '$.projet.surfacehabitable', message: 'must be <= 1000000' },
      { field: '$.biens[0].anneeachat', message: 'must be >= 1900' },
    ]);
  });

  it.each([
    [{ emprunteurs: [borrower(0, { datenaissance: '01/01/0050' })] }, '$.emprunteurs[0].datenaissance', DATE_OR_EMPTY_MESSAGE],
    [{ enfants: [{ nom: 'A', prenom: 'B', datenaissance: '31/12/9999' }] }, '$.enfants[0].datenaissance', DATE_MESSAGE],
  ])('POST /prospectcomplet with a date %o', async (overrides, field, message) => {
    await expectInvalid('/prospectcomplet', file(overrides), [{ field, message }]);
  });
});

describe('datedernieremodification (dd/mm/yyyy HH:MM, Paris time)', () => {
  let fileId: string;
  let reference: string;
  let person: Json;

  beforeAll(async () => {
    const res = await api.post('/prospect', { nom: 'DURAND', prenom: 'Jean', email: 'jean@example.fr', tel: '0600000000' });
    expect(res.status).toBe(200);
    fileId = res.body.dossier.id;
    reference = res.body.dossier.ref;
    const file = (await api.get(`/dossiers/${fileId}`)).body;
    const b = file.emprunteurs[0];
    person = { idemprunteur: b.idemprunteur, numero: b.numero, nom: b.nom, prenom: b.prenom, email: b.email, telephone: b.telephone };
  });

  const put = (when: string) =>
    api.put(`/dossiers/${fileId}`, { emprunteurs: [person], dossier: { iddossier: fileId, reference, datedernieremodification: when } });

  it.each([
    ['29/03/2026 02:30', 'skipped by the spring clock change'],
    ['29/03/2026 02:00', 'the first minute skipped'],
    ['15/06/0050 12:00', 'a year below 100'],
    ['01/01/2200 00:00', 'after the range'],
  ])('refuses %s (%s) and leaves the file unchanged', async (when) => {
    const before = (await api.get(`/dossiers/${fileId}`)).body;
    const res = await put(when);
    expect(res.status, JSON.stringify(res.body)).toBe(409);
    expect(res.body).toStrictEqual(invalid([{ field: '$.dossier.datedernieremodification', message: DATETIME_MESSAGE }]));
    expect((await api.get(`/dossiers/${fileId}`)).body).toStrictEqual(before);
  });

  it('accepts the minutes around the spring gap', async () => {
    for (const when of ['29/03/2026 01:59', '29/03/2026 03:00']) {
      expect((await put(when)).status).toBe(200);
      expect((await api.get(`/dossiers/${fileId}`)).body.dossier.datedernieremodification).toBe(when);
    }
  });

  it('reads an ambiguous autumn time as its first occurrence (summer time)', async () => {
    // 25/10/2026 02:30 happens at 00:30 UTC and again at 01:30 UTC; another file modified at 01:00 UTC
    // (by the clock) sorts between the two.
    clock = new Date('2026-10-25T01:00:00Z');
    const other = await api.post('/prospect', { nom: 'MARTIN', prenom: 'Paul', email: 'paul@example.fr', tel: '0600000001' });
    expect(other.status).toBe(200);
    expect((await put('25/10/2026 02:30')).status).toBe(200);
    expect((await api.get(`/dossiers/${fileId}`)).body.dossier.datedernieremodification).toBe('25/10/2026 02:30');
    const list = (await api.get('/dossiers?orderBy=datedernieremodification')).body as Json[];
    expect(list.map((x) => x.iddossier).slice(0, 2)).toStrictEqual([other.body.dossier.id, fileId]);
  });
});

describe('OpenAPI document', () => {
  /** Every property schema of every request body, with its JSON path. */
  function properties(schema: Json, path: string, out: { path: string; schema: Json }[] = []) {
    if (!schema || typeof schema !== 'object') return out;
    for (const [key, value] of Object.entries((schema.properties ?? {}) as Record<string, Json>)) {
      out.push({ path: `${path}.${key}`, schema: value });
      properties(value, `${path}.${key}`, out);
    }
    if (schema.items) properties(schema.items, `${path}[]`, out);
    for (const branch of ['else', 'then'] as const) if (schema[branch]) properties(schema[branch], path, out);
    return out;
  }
  const types = (s: Json): string[] => (Array.isArray(s.type) ? s.type : [s.type]);
  // Grouped by thousands from 10 000 on, as French typography writes numbers (and years stay 2199).
  const frenchNumber = (n: number) => (n < 10_000 ? String(n) : String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ' ')).replace('.', ',');

  it('bounds every numeric input of a request body and states the bounds in its description', async () => {
    const doc = (await app.http.inject({ method: 'GET', url: '/crediteo/openapi.json' })).json();
    const fields: { path: string; schema: Json }[] = [];
    for (const [route, ops] of Object.entries(doc.paths as Record<string, Json>)) {
      for (const [method, op] of Object.entries(ops as Record<string, Json>)) {
        const body = op.requestBody?.content?.['application/json']?.schema;
        if (body) properties(body, `${method.toUpperCase()} ${route} $`, fields);
      }
    }
    const numeric = fields.filter((f) => types(f.schema).some((t) => t === 'number' || t === 'integer'));
    expect(numeric.length).toBeGreaterThan(60);
    for (const { path, schema } of numeric) {
      const max = schema.maximum ?? schema.exclusiveMaximum;
      const min = schema.minimum ?? schema.exclusiveMinimum;
      expect(typeof max, path).toBe('number');
      expect(typeof min, path).toBe('number');
      expect(schema.description, path).toContain(frenchNumber(max));
      expect(schema.description, path).toContain(frenchNumber(min));
    }
    const dated = fields.filter((f) => /^date/.test(String(f.schema.format)));
    expect(dated.length).toBeGreaterThan(20);
    for (const { path, schema } of dated) expect(schema.description, path).toMatch(/1900.*2199/);
  });
});
