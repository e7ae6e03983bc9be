import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ETATS_BIEN, NATURES_PROJET } from '../../enums.ts';
import { departementCodes } from './departement.ts';
import { calculateNotaryFees } from './notary.ts';
import type { NotaryInput } from './notary.schema.ts';

const TODAY = { year: 2026, month: 3, day: 15 };
const DATES = ['01/05/2016', '15/06/2019', '01/01/2021', '15/05/2025', '15/03/2026', '01/06/2028'];

const context = fc.record({
  etatbien: fc.constantFrom(...ETATS_BIEN),
  natureprojet: fc.constantFrom(...NATURES_PROJET),
  departement: fc.option(fc.constantFrom(...departementCodes()), { nil: undefined }),
  primoaccedant: fc.option(fc.boolean(), { nil: undefined }),
  dateeffet: fc.option(fc.constantFrom(...DATES), { nil: undefined }),
});
const price = fc.double({ min: 0.01, max: 1e9, noNaN: true, noDefaultInfinity: true });

describe('calculateNotaryFees — properties', () => {
  it('is never NaN nor negative, and every detail amount is a non-negative cent amount', () => {
    fc.assert(
      fc.property(context, price, fc.double({ min: 0, max: 0.99, noNaN: true }), (ctx, prix, share) => {
        const result = calculateNotaryFees({ ...ctx, prix, prixmobilier: prix * share } as NotaryInput, TODAY);
        expect(Number.isFinite(result.fraisnotaire)).toBe(true);
        expect(result.fraisnotaire).toBeGreaterThanOrEqual(0);
        for (const key of ['emoluments', 'tvaemoluments', 'droitsmutation', 'taxepublicitefonciere',
          'contributionsecurite', 'formalites'] as const) {
          const amount = result.detail[key];
          expect(amount).toBeGreaterThanOrEqual(0);
          expect(Math.abs(amount * 100 - Math.round(amount * 100))).toBeLessThan(1e-6);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('is monotonic in the price', () => {
    fc.assert(
      fc.property(context, price, price, (ctx, a, b) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        const at = (prix: number) => calculateNotaryFees({ ...ctx, prix } as NotaryInput, TODAY).fraisnotaire;
        expect(at(low)).toBeLessThanOrEqual(at(high));
      }),
      { numRuns: 500 },
    );
  });
});
