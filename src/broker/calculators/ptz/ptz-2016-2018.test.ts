/**
 * PTZ of 2016 – March 2024: the figures corrected by the source check of issue 11, each pinned by a
 * calculation in each era (2016-2017 and 2018 – March 2024). Expected values are literals worked
 * out by hand from the texts, not read from the rule files.
 */
import { describe, expect, it } from 'vitest';
import { calculatePtz, isPtzEligible, type PtzEligible } from './ptz.ts';
import type { PtzBody } from './ptz.schema.ts';

const newHome = (overrides: Partial<PtzBody>): PtzEligible => {
  const result = calculatePtz(
    {
      primoaccedant: 'true', carteinvalidite: 'false', pensioninvalidite: 'false', allocationhandicape: 'false',
      catastrophenaturelle: 'false', logementhlm: 'false', etatbien: 'Neuf', natureprojet: 'Acquisition en VEFA',
      revenufiscalreference: 20000, codepostal: '46000', couttotalprojet: 100000, nboccupants: 1, ...overrides,
    },
    { today: { year: 2026, month: 12, day: 1 } },
  );
  if (!isPtzEligible(result)) throw new Error(`not eligible: ${result.motif}`);
  return result;
};

// Quotité of a new home in zone C: 40 % in 2016-2017, 20 % from 2018.
const ERAS = [['01/06/2016', 0.4], ['01/06/2019', 0.2]] as const;

describe.each(ERAS)('zone C tranche limits 14 000 / 15 000 / 24 000, offer of %s', (dateeffet, quotite) => {
  // Cahors (C), one person (coefficient 1), cost 100 000 = the ceiling, so ressources = the RFR.
  it.each([
    [14000, 1, 180, 120],
    [14001, 2, 120, 144],
    [15000, 2, 120, 144],
    [15001, 3, 60, 180],
    [24000, 3, 60, 180],
  ])('RFR %d → tranche %d: %d months deferred, then %d', (revenufiscalreference, tranche, differe, duree) => {
    const result = newHome({ dateeffet, revenufiscalreference });
    expect(result).toMatchObject({ zone: 'C', tranche, differe, duree, plafondoperation: 100000 });
    expect(result.montantmaximum).toBe(100000 * quotite);
  });
});

describe.each(ERAS)('zone B1 cost ceilings rounded to the thousand, offer of %s', (dateeffet) => {
  // Dijon (B1), new flat, quotité 40 % in both eras; ressources = cost / 9, tranche 1.
  it.each([
    [3, 240000, 230000, 92000],
    [5, 320000, 311000, 124400],
    [6, 320000, 311000, 124400],
    [2, 200000, 189000, 75600],
  ])('%d persons, cost %d → ceiling %d, PTZ %d', (nboccupants, couttotalprojet, ceiling, amount) => {
    const result = newHome({ dateeffet, codepostal: '21000', nboccupants, couttotalprojet });
    expect(result).toMatchObject({ zone: 'B1', tranche: 1, quotite: 40, plafondoperation: ceiling, montantmaximum: amount });
    expect(result.montantautrescredits).toBe(couttotalprojet - amount);
  });
});
