import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CalculatorInputError } from '../input-error.ts';
import { calculatePtz, isPtzEligible } from './ptz.ts';
import { NATURES_PROJET, TYPES_BIEN, type PtzBody } from './ptz.schema.ts';

const flag = fc.constantFrom('true', 'false') as fc.Arbitrary<'true' | 'false'>;
const money = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

const body: fc.Arbitrary<PtzBody> = fc
  .record({
    primoaccedant: flag,
    carteinvalidite: flag,
    pensioninvalidite: flag,
    allocationhandicape: flag,
    catastrophenaturelle: flag,
    logementhlm: flag,
    revenufiscalreference: money(0.01, 250000),
    codepostal: fc.constantFrom('75011', '75000', '69003', '21000', '18000', '46000', '41000', '97133'),
    etatbien: fc.constantFrom('Neuf', 'Ancien') as fc.Arbitrary<'Neuf' | 'Ancien'>,
    natureprojet: fc.constantFrom(...NATURES_PROJET),
    couttotalprojet: money(0.01, 2_000_000),
    worksShare: fc.double({ min: 0, max: 1, noNaN: true }),
    nboccupants: fc.integer({ min: 1, max: 12 }),
    typebien: fc.option(fc.constantFrom(...TYPES_BIEN), { nil: undefined }),
    dateeffet: fc.constantFrom('01/01/2016', '01/06/2019', '01/10/2024', '01/05/2025', '01/09/2026'),
  })
  .map(({ worksShare, ...rest }) => ({ ...rest, couttravaux: rest.couttotalprojet * worksShare }));

describe('PTZ invariants', () => {
  it('never exceeds quotité × cost ceiling nor the other loans; never NaN or negative', () => {
    fc.assert(
      fc.property(body, (input) => {
        let result;
        try {
          result = calculatePtz(input, { today: { year: 2026, month: 11, day: 23 } });
        } catch (error) {
          // Only the documented input errors may escape (e.g. "Ancien" + VEFA).
          expect(error).toBeInstanceOf(CalculatorInputError);
          return;
        }
        if (!isPtzEligible(result)) {
          expect(result.message).toBe('Projet non éligible');
          expect(result.motif.length).toBeGreaterThan(0);
          return;
        }
        const { montantmaximum, differe, duree, mensualite, montantautrescredits, quotite, plafondoperation } = result;
        for (const n of [montantmaximum, differe, duree, mensualite, montantautrescredits, quotite, plafondoperation]) {
          expect(Number.isFinite(n)).toBe(true);
          expect(n).toBeGreaterThanOrEqual(0);
        }
        expect(montantmaximum).toBeLessThanOrEqual((quotite / 100) * plafondoperation + 1e-6);
        expect(montantmaximum).toBeLessThanOrEqual((quotite / 100) * input.couttotalprojet + 1e-6);
        expect(montantmaximum).toBeLessThanOrEqual(montantautrescredits + 1e-6);
        expect(montantmaximum + montantautrescredits).toBeCloseTo(input.couttotalprojet, 2);
        expect(mensualite * duree).toBeCloseTo(montantmaximum, 6);
        expect(Number.isInteger(differe) && Number.isInteger(duree) && duree > 0).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('a larger household never lowers the PTZ, all else equal', () => {
    fc.assert(
      fc.property(body, (input) => {
        const amount = (n: number) => {
          try {
            const r = calculatePtz({ ...input, nboccupants: n }, { today: { year: 2026, month: 11, day: 23 } });
            return isPtzEligible(r) ? r.montantmaximum : 0;
          } catch {
            return 0;
          }
        };
        expect(amount(input.nboccupants + 1)).toBeGreaterThanOrEqual(amount(input.nboccupants));
      }),
      { numRuns: 500 },
    );
  });
});
