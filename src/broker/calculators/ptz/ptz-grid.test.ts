/**
 * Rules since 1 April 2025, cell by cell: every zone × tranche × household size × flat/house.
 * The expected values come from the spec's B.1 tables, copied here as literals (not from the rule
 * JSON), so a wrong data file fails this test.
 */
import { describe, expect, it } from 'vitest';
import { calculatePtz, isPtzEligible } from './ptz.ts';
import type { PtzBody } from './ptz.schema.ts';

type Zone = 'Abis' | 'A' | 'B1' | 'B2' | 'C';
type Row = 'A' | 'B1' | 'B2' | 'C';

const POSTAL_CODE: Record<Zone, string> = { Abis: '75011', A: '69003', B1: '21000', B2: '18000', C: '46000' };
const ROW: Record<Zone, Row> = { Abis: 'A', A: 'A', B1: 'B1', B2: 'B2', C: 'C' };
const COEFFICIENT: Record<number, number> = { 1: 1, 2: 1.5, 3: 1.8, 4: 2.1, 5: 2.4, 7: 3.0 };
const TRANCHE_LIMITS: Record<Row, number[]> = {
  A: [25000, 31000, 37000, 49000],
  B1: [21500, 26000, 30000, 34500],
  B2: [18000, 22500, 27000, 31500],
  C: [15000, 19500, 24000, 28500],
};
const COST_CEILING: Record<Row, number[]> = {
  A: [150000, 225000, 270000, 315000, 360000],
  B1: [135000, 202500, 243000, 283500, 324000],
  B2: [110000, 165000, 198000, 231000, 264000],
  C: [100000, 150000, 180000, 210000, 240000],
};
const QUOTITE_PERCENT = { flat: [50, 40, 40, 20], house: [30, 20, 20, 10] };
const DEFERRAL = [120, 96, 24, 0];
const REPAYMENT = [180, 144, 156, 120];

const base = {
  primoaccedant: 'true',
  carteinvalidite: 'false',
  pensioninvalidite: 'false',
  allocationhandicape: 'false',
  catastrophenaturelle: 'false',
  logementhlm: 'false',
  dateeffet: '01/09/2026',
} as const;

interface Cell {
  zone: Zone;
  tranche: number;
  persons: number;
  dwelling: 'flat' | 'house';
  costFactor: number;
  operation: 'new' | 'existingWithWorks';
}

function expected(cell: Cell) {
  const row = ROW[cell.zone];
  const coefficient = COEFFICIENT[cell.persons]!;
  const lower = cell.tranche === 1 ? 0 : TRANCHE_LIMITS[row][cell.tranche - 2]!;
  const upper = TRANCHE_LIMITS[row][cell.tranche - 1]!;
  const revenufiscalreference = Math.round(coefficient * ((lower + upper) / 2));
  const ceiling = COST_CEILING[row][Math.min(cell.persons, 5) - 1]!;
  const cost = Math.round(ceiling * cell.costFactor);
  const resources = Math.max(revenufiscalreference, cost / 9);
  const quotite = (cell.operation === 'new' ? QUOTITE_PERCENT[cell.dwelling] : QUOTITE_PERCENT.flat)[cell.tranche - 1]!;
  const montant = (quotite / 100) * Math.min(cost, ceiling);
  return {
    resourcesPerUnit: resources / coefficient,
    lower,
    upper,
    body: {
      ...base,
      revenufiscalreference,
      codepostal: POSTAL_CODE[cell.zone],
      etatbien: cell.operation === 'new' ? 'Neuf' : 'Ancien',
      natureprojet: cell.operation === 'new' ? 'Acquisition en VEFA' : 'Acquisition + travaux',
      couttravaux: Math.round(cost * 0.3),
      couttotalprojet: cost,
      nboccupants: cell.persons,
      typebien: cell.dwelling === 'house' ? 'Maison' : 'Appartement',
    } satisfies PtzBody,
    result: {
      montantmaximum: montant,
      differe: DEFERRAL[cell.tranche - 1],
      duree: REPAYMENT[cell.tranche - 1],
      mensualite: montant / REPAYMENT[cell.tranche - 1]!,
      montantautrescredits: cost - montant,
      zone: cell.zone,
      tranche: cell.tranche,
      quotite,
      plafondoperation: ceiling,
    },
  };
}

const cells: Cell[] = [];
for (const zone of ['Abis', 'A', 'B1', 'B2', 'C'] as const) {
  for (const tranche of [1, 2, 3, 4]) {
    for (const persons of [1, 2, 3, 4, 5, 7]) {
      for (const dwelling of ['flat', 'house'] as const) {
        for (const costFactor of [0.8, 1.2]) {
          cells.push({ zone, tranche, persons, dwelling, costFactor, operation: 'new' });
          if (zone === 'B2' || zone === 'C') cells.push({ zone, tranche, persons, dwelling, costFactor, operation: 'existingWithWorks' });
        }
      }
    }
  }
}

const label = (c: Cell) => `${c.operation} ${c.dwelling} zone ${c.zone} T${c.tranche} ${c.persons}p cost×${c.costFactor}`;

describe('PTZ since 1 April 2025: zone × tranche × household × flat/house grid', () => {
  it('covers every combination', () => {
    expect(cells).toHaveLength(5 * 4 * 6 * 2 * 2 + 2 * 4 * 6 * 2 * 2);
  });

  it.each(cells.map((c) => [label(c), c] as const))('%s', (_name, cell) => {
    const { body, result, resourcesPerUnit, lower, upper } = expected(cell);
    // The grid is only meaningful if cost / 9 did not push the household out of the intended tranche.
    expect(resourcesPerUnit).toBeGreaterThan(lower);
    expect(resourcesPerUnit).toBeLessThanOrEqual(upper);

    const actual = calculatePtz(body, { today: { year: 2026, month: 11, day: 23 } });
    if (!isPtzEligible(actual)) throw new Error(`not eligible: ${actual.motif}`);
    const { hypotheses: _hypotheses, ...numbers } = actual;
    expect(numbers).toEqual({
      ...result,
      montantmaximum: expect.closeTo(result.montantmaximum, 2),
      mensualite: expect.closeTo(result.mensualite, 6),
      montantautrescredits: expect.closeTo(result.montantautrescredits, 2),
    });
  });

  it('an existing home with works in A bis, A or B1 is never eligible', () => {
    for (const zone of ['Abis', 'A', 'B1'] as const) {
      const { body } = expected({ zone, tranche: 1, persons: 2, dwelling: 'flat', costFactor: 0.8, operation: 'existingWithWorks' });
      const actual = calculatePtz(body, { today: { year: 2026, month: 11, day: 23 } });
      expect(actual).toEqual({ message: 'Projet non éligible', motif: expect.stringContaining(`non éligible en zone ${zone}`) });
    }
  });

  it('one euro of ressources above tranche 4 is not eligible, in every zone and household size', () => {
    for (const zone of ['Abis', 'A', 'B1', 'B2', 'C'] as const) {
      for (const persons of [1, 2, 3, 4, 5, 7]) {
        const { body } = expected({ zone, tranche: 4, persons, dwelling: 'flat', costFactor: 0.8, operation: 'new' });
        const ceiling = COEFFICIENT[persons]! * TRANCHE_LIMITS[ROW[zone]][3]!;
        const actual = calculatePtz({ ...body, revenufiscalreference: ceiling + 1 }, { today: { year: 2026, month: 11, day: 23 } });
        expect(isPtzEligible(actual), `${zone} ${persons}p`).toBe(false);
      }
    }
  });
});
