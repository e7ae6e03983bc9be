import { describe, expect, it } from 'vitest';
import type { DayDate } from '../../../platform/http/paris-dates.ts';
import { CalculatorInputError } from '../input-error.ts';
import { calculatePtz, isPtzEligible, type PtzEligible, type PtzResult } from './ptz.ts';
import type { PtzBody } from './ptz.schema.ts';
import { GUIDE_EXAMPLES } from '../guide-examples.ts';

const TODAY: DayDate = { year: 2026, month: 11, day: 23 };

/** The CREDITEO guide's §12 example, verbatim. */
const GUIDE_EXAMPLE: PtzBody = GUIDE_EXAMPLES.ptz;

const ptz = (overrides: Partial<PtzBody>): PtzResult => calculatePtz({ ...GUIDE_EXAMPLE, ...overrides }, { today: TODAY });

function eligible(overrides: Partial<PtzBody>): PtzEligible {
  const result = ptz(overrides);
  if (!isPtzEligible(result)) throw new Error(`expected eligible, got ${JSON.stringify(result)}`);
  return result;
}

function motifOf(overrides: Partial<PtzBody>): string {
  const result = ptz(overrides);
  if (isPtzEligible(result)) throw new Error(`expected not eligible, got ${JSON.stringify(result)}`);
  expect(result.message).toBe('Projet non éligible');
  expect(Object.keys(result).sort()).toEqual(['message', 'motif']);
  return result.motif;
}

function inputError(overrides: Partial<PtzBody>): CalculatorInputError {
  try {
    ptz(overrides);
  } catch (error) {
    if (error instanceof CalculatorInputError) return error;
    throw error;
  }
  throw new Error('expected a CalculatorInputError');
}

const guideKeys = ({ montantmaximum, differe, duree, mensualite, montantautrescredits }: PtzEligible) => ({
  montantmaximum,
  differe,
  duree,
  mensualite,
  montantautrescredits,
});

describe('guide example (§12) under the 2016 – March 2024 rules', () => {
  it.each(['01/01/2016', '15/06/2017', '01/01/2018', '01/06/2020', '31/03/2024'])('reproduces the guide exactly on %s', (dateeffet) => {
    const result = eligible({ dateeffet });
    expect(guideKeys(result)).toEqual({
      montantmaximum: 80000,
      differe: 180,
      duree: 120,
      mensualite: 666.6666666666666,
      montantautrescredits: 120000,
    });
    expect(result).toMatchObject({ zone: 'Abis', tranche: 1, quotite: 40, plafondoperation: 255000 });
    expect(result.hypotheses).toContain('Code postal 75000 compris comme Paris (75056)');
    expect(result.hypotheses.some((h) => h.includes('précédentes ne sont pas disponibles'))).toBe(true);
  });

  it('has no other key than the guide keys plus the documented additive ones', () => {
    expect(Object.keys(eligible({ dateeffet: '01/06/2020' })).sort()).toEqual(
      ['differe', 'duree', 'hypotheses', 'mensualite', 'montantautrescredits', 'montantmaximum', 'plafondoperation', 'quotite', 'tranche', 'zone'],
    );
  });
});

describe('guide example under the rules in force since 1 April 2025', () => {
  it('flat (typebien absent → collective): 100 000 €, 120 months deferred, then 180 months', () => {
    const result = eligible({});
    expect(guideKeys(result)).toEqual({
      montantmaximum: 100000,
      differe: 120,
      duree: 180,
      mensualite: 100000 / 180,
      montantautrescredits: 100000,
    });
    expect(result.mensualite).toBeCloseTo(555.56, 2);
    expect(result).toMatchObject({ zone: 'Abis', tranche: 1, quotite: 50, plafondoperation: 270000 });
    expect(result.hypotheses).toContain('Type de bien non précisé : logement collectif retenu');
  });

  it('house: 60 000 €, 333.33 € a month', () => {
    const result = eligible({ typebien: 'Maison' });
    expect(guideKeys(result)).toEqual({
      montantmaximum: 60000,
      differe: 120,
      duree: 180,
      mensualite: 60000 / 180,
      montantautrescredits: 140000,
    });
    expect(result.mensualite).toBeCloseTo(333.33, 2);
    expect(result.quotite).toBe(30);
  });

  it('uses today when dateeffet is absent, and dateeffet when present', () => {
    expect(eligible({ dateeffet: '01/04/2025' }).montantmaximum).toBe(100000);
    expect(eligible({ dateeffet: '31/03/2025' }).montantmaximum).toBe(100000);
    expect(eligible({ dateeffet: '31/03/2024' }).montantmaximum).toBe(80000);
  });

  it('warns when the offer date is past the end the decree foresees', () => {
    const result = eligible({ dateeffet: '15/01/2028' });
    expect(result.hypotheses.some((h) => h.includes("prévu jusqu'au 31/12/2027"))).toBe(true);
  });
});

describe('April 2024 – March 2025 rules', () => {
  it('new flats only in A bis, A and B1', () => {
    expect(eligible({ dateeffet: '01/10/2024' })).toMatchObject({ montantmaximum: 100000, differe: 120, duree: 180 });
    expect(motifOf({ dateeffet: '01/10/2024', typebien: 'Maison' })).toMatch(/maison individuelle.*non éligible en zone Abis.*aucune/);
    expect(motifOf({ dateeffet: '01/10/2024', codepostal: '18000', couttotalprojet: 150000 })).toMatch(
      /non éligible en zone B2 ; zones éligibles : Abis, A, B1/,
    );
  });
});

describe('operations', () => {
  const oldWithWorks = { etatbien: 'Ancien', natureprojet: 'Acquisition + travaux' } as const;

  it('existing home with works ≥ 25 % in B2/C', () => {
    // Cahors (C), 3 persons: ressources max(20 000, 180 000/9) = 20 000, /1.8 = 11 111 → tranche 1, ceiling 180 000.
    const result = eligible({ ...oldWithWorks, codepostal: '46000', couttotalprojet: 180000, couttravaux: 45000 });
    expect(result).toMatchObject({ zone: 'C', tranche: 1, quotite: 50, montantmaximum: 90000, differe: 120, duree: 180 });
    expect(motifOf({ ...oldWithWorks, codepostal: '46000', couttotalprojet: 180000, couttravaux: 44999 })).toMatch(/au moins 25 %/);
  });

  it('existing home with works is not eligible in zone A (nor A bis, B1)', () => {
    expect(motifOf({ ...oldWithWorks, codepostal: '69003' })).toMatch(/ancien avec travaux.*non éligible en zone A ; zones éligibles : B2, C/);
    expect(motifOf({ ...oldWithWorks })).toMatch(/zone Abis/);
    expect(motifOf({ ...oldWithWorks, codepostal: '21000' })).toMatch(/zone B1/);
  });

  it('existing home without works is not eligible, except the purchase of an HLM home by its occupant', () => {
    expect(motifOf({ etatbien: 'Ancien', natureprojet: 'Acquisition' })).toMatch(/sans travaux/);
    const hlm = eligible({ etatbien: 'Ancien', natureprojet: 'Acquisition', logementhlm: 'true' });
    expect(hlm).toMatchObject({ quotite: 20, montantmaximum: 40000, tranche: 1 });
  });

  it('first-time buyer condition and its exceptions', () => {
    expect(motifOf({ primoaccedant: 'false' })).toMatch(/primo-accédant/);
    for (const flag of ['carteinvalidite', 'pensioninvalidite', 'allocationhandicape', 'catastrophenaturelle'] as const) {
      const result = eligible({ primoaccedant: 'false', [flag]: 'true' });
      expect(result.montantmaximum).toBe(100000);
      expect(result.hypotheses.some((h) => h.startsWith('Condition de primo-accession levée'))).toBe(true);
    }
  });

  it('income above tranche 4 is not eligible; the bounds are inclusive', () => {
    expect(motifOf({ nboccupants: 1, revenufiscalreference: 49000.01 })).toMatch(/plafond de 49 000 €/);
    expect(eligible({ nboccupants: 1, revenufiscalreference: 49000 })).toMatchObject({ tranche: 4, quotite: 20 });
    expect(eligible({ nboccupants: 3, revenufiscalreference: 88200 })).toMatchObject({ tranche: 4 });
    expect(motifOf({ nboccupants: 3, revenufiscalreference: 88201 })).toMatch(/plafond de 88 200 € pour 3 personne/);
    // cost / 9 counts as ressources: 450 001 / 9 > 49 000 for one person.
    expect(motifOf({ nboccupants: 1, revenufiscalreference: 1000, couttotalprojet: 450001 })).toMatch(/supérieures au plafond/);
  });

  it('a commune outside the A/B/C zoning is not eligible', () => {
    expect(motifOf({ codepostal: '97133' })).toMatch(/Saint-Barthélemy \(97701\) hors zonage/);
  });
});

describe('location', () => {
  it('asks for ville when a postal code spans several zones, and resolves it', () => {
    const error = inputError({ codepostal: '10120' });
    expect(error.field).toBe('ville');
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe(
      'Plusieurs communes pour le code postal 10120 : Laines-aux-Bois (10186), Saint-André-les-Vergers (10333), ' +
        'Saint-Germain (10340), Saint-Pouange (10360) — précisez ville',
    );
    expect(inputError({ codepostal: '10120', ville: 'Troyes' }).field).toBe('ville');
    expect(eligible({ codepostal: '10120', ville: 'SAINT ANDRE LES VERGERS', couttotalprojet: 150000 }).zone).toBe('B1');
    expect(eligible({ codepostal: '10120', ville: 'Saint-Germain', couttotalprojet: 150000 }).zone).toBe('B2');
  });

  it('needs no ville when every commune of the postal code is in the same zone', () => {
    const result = eligible({ codepostal: '41000', couttotalprojet: 150000 });
    expect(result.zone).toBe('B2');
    expect(result.hypotheses).toContain('Code postal 41000 commun à 5 communes de même zone');
  });

  it('rejects an unknown postal code', () => {
    const error = inputError({ codepostal: '99999' });
    expect([error.field, error.kind, error.message]).toEqual(['codepostal', 'invalid', 'Code postal inconnu : 99999']);
  });
});

describe('input consistency', () => {
  it.each([
    [{ dateeffet: '31/12/2015' }, 'dateeffet', 'invalid'],
    [{ dateeffet: '31/02/2020' }, 'dateeffet', 'invalid'],
    [{ etatbien: 'Ancien', natureprojet: 'Acquisition en VEFA' }, 'etatbien', 'invalid'],
    [{ etatbien: 'Ancien', natureprojet: 'Acquisition + travaux', couttravaux: undefined }, 'couttravaux', 'incomplete'],
    [{ couttravaux: 200000.01 }, 'couttravaux', 'invalid'],
  ] as const)('%j → %s (%s)', (overrides, field, kind) => {
    const error = inputError(overrides as Partial<PtzBody>);
    expect([error.field, error.kind]).toEqual([field, kind]);
  });
});
