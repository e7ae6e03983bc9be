import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { brokerClient, newBrokerKey, startTestApp, type TestApp } from '../support/app.ts';
import { GUIDE_EXAMPLES } from '../../src/broker/calculators/guide-examples.ts';

/*
 * The five calculators through HTTP, on the real app (one start for the file). The clock is a
 * variable so that "today" can be pinned per test: the buy-back needs a date before its guide-like
 * daterachat, the PTZ and notary "today" cases need one under the current rules.
 */
const TODAY = '2026-03-15T10:00:00Z';
let clock = new Date(TODAY);
const setClock = (iso: string) => {
  clock = new Date(iso);
};

let app: TestApp;
let api: ReturnType<typeof brokerClient>;

beforeAll(async () => {
  app = await startTestApp({ now: () => clock });
  const { token } = await newBrokerKey(app);
  api = brokerClient(app, token);
});
afterAll(async () => {
  await app.destroy();
});
beforeEach(() => setClock(TODAY));

/** The guide's error body (§4) plus `details`; the guide link's base is the app's business. */
function errorBody(error: string, code: number, section: string, details?: { field: string; message: unknown }[]) {
  return {
    error,
    apiguide: expect.stringMatching(new RegExp(`^http://foyer\\.test/\\S*#${section}$`)),
    code,
    ...(details ? { details } : {}),
  };
}
const incomplete = (details: { field: string; message: unknown }[]) => errorBody('Incomplete form.', 409, 'erreurs', details);
const invalid = (details: { field: string; message: unknown }[]) => errorBody('Invalid form.', 409, 'erreurs', details);
const tooMany = (details: { field: string; message: unknown }[]) => errorBody('Too many arguments.', 409, 'erreurs', details);

// The guide's example bodies, verbatim (§11–15).
const { loan: LOAN, ptz: PTZ, capacity: CAPACITY, buyback: BUYBACK, notary: NOTARY } = GUIDE_EXAMPLES;

const CALCULATORS = [
  ['/calculatriceemprunt', 'calculateLoan', LOAN],
  ['/calculatriceptz', 'calculatePtz', PTZ],
  ['/calculatricecapaciteemprunt', 'calculateBorrowingCapacity', CAPACITY],
  ['/calculatricerachatpret', 'calculateLoanBuyback', BUYBACK],
  ['/fraisnotaire', 'calculateNotaryFees', NOTARY],
] as const;

const cents = (n: number) => Math.round(n * 100) / 100;

describe('OpenAPI document', () => {
  it('lists the five calculators under "Calculatrices", documenting dateeffet where rules are dated', async () => {
    const res = await app.http.inject({ method: 'GET', url: '/crediteo/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, { post?: { operationId: string; tags: string[]; description: string } }>;
    for (const [path, operationId] of CALCULATORS) {
      const op = paths[path]?.post;
      expect(op, path).toMatchObject({ operationId, tags: ['Calculatrices'] });
      const dated = path === '/calculatriceptz' || path === '/fraisnotaire';
      expect(op!.description.includes('`dateeffet` (facultatif, "dd/mm/yyyy"'), path).toBe(dated);
    }
    expect(paths['/calculatricerachatpret']!.post!.description).toMatch(/101 restantes.*89 échéances restantes/s);
  });
});

describe('POST /calculatriceemprunt', () => {
  it('reproduces the guide example', async () => {
    const res = await api.post('/calculatriceemprunt', LOAN);
    expect(res.status).toBe(200);
    expect(Object.keys(res.body).sort()).toEqual(['datefin', 'mensualite', 'totalinterets', 'totalpaiements']);
    expect(Math.abs(res.body.mensualite - 921.0211101134869)).toBeLessThan(1e-9);
    expect(cents(res.body.totalpaiements)).toBe(165783.8);
    expect(cents(res.body.totalinterets)).toBe(15783.8);
    expect(res.body.datefin).toBe('01/01/2034');
  });

  it('adds the schedule, insurance and TAEG on request', async () => {
    const res = await api.post('/calculatriceemprunt', { ...LOAN, detail: true });
    expect(res.status).toBe(200);
    expect(res.body.echeancier).toHaveLength(180);
    expect(res.body.echeancier[179]).toMatchObject({ numero: 180, date: '01/01/2034', capitalrestantdu: 0 });
    expect(res.body.assurancemensuelle).toBe(0);
    // Spec B.6: no fees, no insurance → (1 + 0.0135/12)^12 − 1.
    expect(res.body.taeg).toBeCloseTo(1.3584, 4);
  });

  it('answers "Incomplete form." naming a missing field', async () => {
    const { montant: _montant, ...body } = LOAN;
    const res = await api.post('/calculatriceemprunt', body);
    expect(res.status).toBe(409);
    expect(res.body).toEqual(incomplete([{ field: '$.montant', message: 'is required' }]));
  });

  it('answers "Invalid form." naming an out-of-range field', async () => {
    const res = await api.post('/calculatriceemprunt', { ...LOAN, duree: 601 });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(invalid([{ field: '$.duree', message: 'must be <= 600' }]));
  });

  it('answers "Invalid form." for an impossible date and for fees above the amount', async () => {
    const date = await api.post('/calculatriceemprunt', { ...LOAN, datedebut: '31/02/2019' });
    expect(date.status).toBe(409);
    expect(date.body).toEqual(invalid([{ field: '$.datedebut', message: 'must be a real date formatted dd/mm/yyyy, from 01/01/1900 to 31/12/2199' }]));
    const fees = await api.post('/calculatriceemprunt', { ...LOAN, fraisdossier: 100000, fraisgarantie: 60000 });
    expect(fees.status).toBe(409);
    expect(fees.body).toEqual(invalid([{ field: '$.fraisdossier', message: 'les frais doivent être inférieurs au montant emprunté' }]));
  });

  it('answers "Too many arguments." for an unknown key', async () => {
    const res = await api.post('/calculatriceemprunt', { ...LOAN, apport: 10000 });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(tooMany([{ field: '$.apport', message: 'is not a known field' }]));
  });
});

describe('POST /calculatricecapaciteemprunt', () => {
  it('reproduces the guide example bit for bit', async () => {
    const res = await api.post('/calculatricecapaciteemprunt', CAPACITY);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ capacite: 159349.00413884307, valeurbien: 143414.10372495875, mensualite: 660, respectehcsf: true });
  });

  it('answers with the debt ratio when given the monthly payment', async () => {
    const res = await api.post('/calculatricecapaciteemprunt', { revenumensuel: 2000, taux: 1.8, mensualite: 800, duree: 300 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ endettement: 40, respectehcsf: false });
    expect(res.body).not.toHaveProperty('mensualite');
  });

  it('answers "Invalid form." when both mensualite and endettement are sent', async () => {
    const res = await api.post('/calculatricecapaciteemprunt', { ...CAPACITY, mensualite: 660 });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(
      invalid([{ field: '$.endettement,mensualite', message: 'renseignez soit endettement soit mensualite, pas les deux' }]),
    );
  });

  it('answers "Incomplete form." when neither is sent', async () => {
    const { endettement: _e, ...body } = CAPACITY;
    const res = await api.post('/calculatricecapaciteemprunt', body);
    expect(res.status).toBe(409);
    expect(res.body).toEqual(incomplete([{ field: '$.endettement,mensualite', message: 'renseignez endettement ou mensualite' }]));
  });

  it.each([
    [{ endettement: 50.5 }, '$.endettement', 'must be <= 50'],
    [{ duree: 541 }, '$.duree', 'must be <= 540'],
    [{ revenumensuel: 0 }, '$.revenumensuel', 'must be > 0'],
  ])('answers "Invalid form." for %o', async (override, field, message) => {
    const res = await api.post('/calculatricecapaciteemprunt', { ...CAPACITY, ...override });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(invalid([{ field, message }]));
  });

  it('answers "Invalid form." for a monthly payment above half the income', async () => {
    const { endettement: _e, ...body } = CAPACITY;
    const res = await api.post('/calculatricecapaciteemprunt', { ...body, mensualite: 1000.01 });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(invalid([{ field: '$.mensualite', message: 'la mensualité ne peut excéder 50 % du revenu mensuel' }]));
  });
});

describe('POST /calculatriceptz', () => {
  const guideKeys = (body: Record<string, unknown>) => ({
    montantmaximum: body.montantmaximum,
    differe: body.differe,
    duree: body.duree,
    mensualite: body.mensualite,
    montantautrescredits: body.montantautrescredits,
  });

  it('reproduces the guide example exactly under the rules of its era (dateeffet 01/06/2019)', async () => {
    const res = await api.post('/calculatriceptz', { ...PTZ, dateeffet: '01/06/2019' });
    expect(res.status).toBe(200);
    expect(guideKeys(res.body)).toEqual({
      montantmaximum: 80000,
      differe: 180,
      duree: 120,
      mensualite: 666.6666666666666,
      montantautrescredits: 120000,
    });
    expect(res.body).toMatchObject({ zone: 'Abis', tranche: 1, quotite: 40 });
  });

  it('applies the rules in force today (15/03/2026) when dateeffet is absent: 100 000 € for a flat', async () => {
    const res = await api.post('/calculatriceptz', PTZ);
    expect(res.status).toBe(200);
    expect(guideKeys(res.body)).toEqual({
      montantmaximum: 100000,
      differe: 120,
      duree: 180,
      mensualite: 100000 / 180,
      montantautrescredits: 100000,
    });
    expect(res.body).toMatchObject({ zone: 'Abis', tranche: 1, quotite: 50, plafondoperation: 270000 });
    expect(res.body.hypotheses).toContain('Type de bien non précisé : logement collectif retenu');
  });

  it('takes "today" from the clock: the same request before April 2024 gets the old rules', async () => {
    setClock('2023-06-01T10:00:00Z');
    const res = await api.post('/calculatriceptz', PTZ);
    expect(res.status).toBe(200);
    expect(res.body.montantmaximum).toBe(80000);
  });

  it('gives 60 000 € for a house under today’s rules', async () => {
    const res = await api.post('/calculatriceptz', { ...PTZ, typebien: 'Maison' });
    expect(res.status).toBe(200);
    expect(guideKeys(res.body)).toEqual({
      montantmaximum: 60000,
      differe: 120,
      duree: 180,
      mensualite: 60000 / 180,
      montantautrescredits: 140000,
    });
  });

  it('answers "Projet non éligible" with a motif', async () => {
    const res = await api.post('/calculatriceptz', { ...PTZ, primoaccedant: 'false' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ message: 'Projet non éligible', motif: expect.stringMatching(/primo-accédant/) });
  });

  it('answers "Invalid form." listing the candidate communes of an ambiguous postal code', async () => {
    const res = await api.post('/calculatriceptz', { ...PTZ, codepostal: '10120' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(
      invalid([{ field: '$.ville', message: expect.stringMatching(/^Plusieurs communes pour le code postal 10120 : .+\(10\d{3}\).*précisez ville$/) }]),
    );
  });

  it('answers "Invalid form." for a dateeffet before the first rule set, and for a malformed one', async () => {
    const early = await api.post('/calculatriceptz', { ...PTZ, dateeffet: '31/12/2015' });
    expect(early.status).toBe(409);
    expect(early.body).toEqual(invalid([{ field: '$.dateeffet', message: 'Aucun barème PTZ pour une offre émise le 31/12/2015' }]));
    const malformed = await api.post('/calculatriceptz', { ...PTZ, dateeffet: '2019-06-01' });
    expect(malformed.status).toBe(409);
    expect(malformed.body).toEqual(invalid([{ field: '$.dateeffet', message: 'must be a real date formatted dd/mm/yyyy, from 01/01/1900 to 31/12/2199' }]));
  });

  it('answers "Incomplete form." for a missing field and "Invalid form." for a non-positive household', async () => {
    const { codepostal: _cp, ...body } = PTZ;
    const missing = await api.post('/calculatriceptz', body);
    expect(missing.status).toBe(409);
    expect(missing.body).toEqual(incomplete([{ field: '$.codepostal', message: 'is required' }]));
    const zero = await api.post('/calculatriceptz', { ...PTZ, nboccupants: 0 });
    expect(zero.status).toBe(409);
    expect(zero.body).toEqual(invalid([{ field: '$.nboccupants', message: 'must be > 0' }]));
  });
});

describe('POST /fraisnotaire', () => {
  it('reproduces the guide example exactly under the 2016 barème (dateeffet before 2021)', async () => {
    const res = await api.post('/fraisnotaire', { ...NOTARY, dateeffet: '15/06/2019' });
    expect(res.status).toBe(200);
    expect(res.body.fraisnotaire).toBe(4534.19);
    expect(res.body.detail).toMatchObject({
      assiette: 150000,
      regime: 'neuf',
      bareme: '2016',
      tvaemoluments: 325.28,
      taxepublicitefonciere: 1072.5,
      contributionsecurite: 150,
      formalites: 1360,
      departement: null,
      tauxdepartemental: null,
      dateeffet: '15/06/2019',
    });
  });

  it('applies today’s rules (15/03/2026) when dateeffet is absent (spec B.3: 4 497.40)', async () => {
    const res = await api.post('/fraisnotaire', NOTARY);
    expect(res.status).toBe(200);
    expect(res.body.fraisnotaire).toBe(4497.4);
    expect(res.body.detail).toMatchObject({ bareme: '2021', dateeffet: '15/03/2026' });
  });

  it('applies the départemental rate and the first-time-buyer exclusion', async () => {
    const paris = await api.post('/fraisnotaire', { etatbien: 'Ancien', natureprojet: 'Acquisition', prix: 200000, codepostal: '75011' });
    expect(paris.status).toBe(200);
    expect(paris.body.fraisnotaire).toBe(16591.3);
    const primo = await api.post('/fraisnotaire', {
      etatbien: 'Ancien', natureprojet: 'Acquisition', prix: 200000, codepostal: '75011', primoaccedant: true,
    });
    expect(primo.body.fraisnotaire).toBe(15567.6);
    expect(primo.body.detail.tauxdepartemental).toBe(4.5);
  });

  it('answers "Incomplete form.", "Invalid form." and "Too many arguments." naming the field', async () => {
    const { prix: _prix, ...body } = NOTARY;
    const missing = await api.post('/fraisnotaire', body);
    expect(missing.status).toBe(409);
    expect(missing.body).toEqual(incomplete([{ field: '$.prix', message: 'is required' }]));

    const furniture = await api.post('/fraisnotaire', { ...NOTARY, prixmobilier: 160000 });
    expect(furniture.status).toBe(409);
    expect(furniture.body).toEqual(
      invalid([{ field: '$.prixmobilier', message: 'prixmobilier doit être positif ou nul et inférieur au prix.' }]),
    );

    const nature = await api.post('/fraisnotaire', { ...NOTARY, natureprojet: 'Viager' });
    expect(nature.status).toBe(409);
    expect(nature.body).toEqual(invalid([{ field: '$.natureprojet', message: expect.stringMatching(/^must be one of: "Achat de SCPI"/) }]));

    const extra = await api.post('/fraisnotaire', { ...NOTARY, notaire: 'Maître X' });
    expect(extra.status).toBe(409);
    expect(extra.body).toEqual(tooMany([{ field: '$.notaire', message: 'is not a known field' }]));
  });
});

describe('POST /calculatricerachatpret', () => {
  it('gives the hand-checked figures for the guide input bought back on 01/04/2023 (today 01/01/2023)', async () => {
    setClock('2023-01-01T10:00:00Z');
    const res = await api.post('/calculatricerachatpret', { ...BUYBACK, daterachat: '01/04/2023' });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      gaintresorerie: 728.09,
      gaincoutcredit: 1788.12,
      resultats: [
        [89, 70, 19],
        [834.59, 1064.59, -230],
        [850.21, 1070.58, -220.37],
        [4895.48, 3107.36, 1788.12],
      ],
      detail: { moisecoules: 111, crd: 70773.21, ira: 460.03, nouveaucapital: 71833.24 },
    });
  });

  it('answers "Invalid form." on $.daterachat for a date before today (the guide’s own 11/04/2022)', async () => {
    setClock('2023-01-01T10:00:00Z');
    const res = await api.post('/calculatricerachatpret', BUYBACK);
    expect(res.status).toBe(409);
    expect(res.body).toEqual(
      invalid([{ field: '$.daterachat', message: 'la date de rachat doit être postérieure ou égale à la date du jour' }]),
    );
  });

  it('takes today in Europe/Paris: 31/12/2022 23:30 UTC is already 01/01/2023', async () => {
    setClock('2022-12-31T23:30:00Z');
    const today = await api.post('/calculatricerachatpret', { ...BUYBACK, daterachat: '01/01/2023' });
    expect(today.status).toBe(200);
    expect(today.body.detail.moisecoules).toBe(108);
    const yesterday = await api.post('/calculatricerachatpret', { ...BUYBACK, daterachat: '31/12/2022' });
    expect(yesterday.status).toBe(409);
    expect(yesterday.body.details).toEqual([{ field: '$.daterachat', message: expect.any(String) }]);
  });

  it('turns the day at Paris midnight to the millisecond', async () => {
    const body = { ...BUYBACK, daterachat: '31/12/2022' };
    setClock('2022-12-31T22:59:59.999Z');
    expect((await api.post('/calculatricerachatpret', body)).status).toBe(200);
    setClock('2022-12-31T23:00:00.000Z');
    expect((await api.post('/calculatricerachatpret', body)).status).toBe(409);
    // Summer time: Paris midnight of 01/07/2023 is 22:00 UTC.
    setClock('2023-06-30T21:59:59.999Z');
    expect((await api.post('/calculatricerachatpret', { ...BUYBACK, daterachat: '30/06/2023' })).status).toBe(200);
    setClock('2023-06-30T22:00:00.000Z');
    expect((await api.post('/calculatricerachatpret', { ...BUYBACK, daterachat: '30/06/2023' })).status).toBe(409);
  });

  it('answers "Invalid form." when the old loan is over at the buy-back date', async () => {
    setClock('2023-01-01T10:00:00Z');
    const res = await api.post('/calculatricerachatpret', { ...BUYBACK, dureeancien: 100, daterachat: '01/06/2023' });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(invalid([{ field: '$.daterachat', message: 'le prêt en cours est terminé à la date de rachat' }]));
  });

  it.each([
    [{ dureeancien: 0 }, '$.dureeancien', 'must be >= 1'],
    [{ dureenouveau: 541 }, '$.dureenouveau', 'must be <= 540'],
    [{ typeassuranceancien: 'AUTRE' }, '$.typeassuranceancien', 'must be one of: "CI", "CRD"'],
    [{ fraisdossier: -1 }, '$.fraisdossier', 'must be >= 0'],
  ])('answers "Invalid form." for %o', async (override, field, message) => {
    const res = await api.post('/calculatricerachatpret', { ...BUYBACK, daterachat: '01/04/2023', ...override });
    expect(res.status).toBe(409);
    expect(res.body).toEqual(invalid([{ field, message }]));
  });

  it('answers "Incomplete form." for a missing field', async () => {
    const { tauxnominalnouveau: _t, ...body } = BUYBACK;
    const res = await api.post('/calculatricerachatpret', body);
    expect(res.status).toBe(409);
    expect(res.body).toEqual(incomplete([{ field: '$.tauxnominalnouveau', message: 'is required' }]));
  });
});

describe('authentication', () => {
  it.each(CALCULATORS)('%s without a key answers 404 "API KEY not found."', async (path, _operationId, body) => {
    const res = await app.http.inject({ method: 'POST', url: `/crediteo${path}`, payload: body });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual(errorBody('API KEY not found.', 404, 'auth'));
  });

  it.each(CALCULATORS)('%s with an unknown key answers 404 "API KEY not found."', async (path, _operationId, body) => {
    const res = await brokerClient(app, 'not-a-key').post(path, body);
    expect(res.status).toBe(404);
    expect(res.body).toEqual(errorBody('API KEY not found.', 404, 'auth'));
  });
});
