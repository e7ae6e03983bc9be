import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonths, DATE_YEARS, daysInMonth, formatFrenchDate, type DayDate } from '../../platform/http/paris-dates.ts';
import { ETATS_BIEN, NATURES_PROJET as NOTARY_NATURES } from '../enums.ts';
import { surfaceValidatorCompiler } from '../../platform/http/validation.ts';
import { BROKER_VALIDATION } from '../http/validation.ts';
import { RANGES, type NumberRange } from '../ranges.ts';
import { BuybackBody, calculateBuyback } from './buyback.ts';
import { calculateCapacity, CapacityBody } from './capacity.ts';
import { firstNonFinite } from './finite-result.ts';
import { CalculatorInputError } from './input-error.ts';
import { calculateLoan, LoanBody } from './loan.ts';
import { departementCodes } from './notary/departement.ts';
import { calculateNotaryFees } from './notary/notary.ts';
import { NotaryBody } from './notary/notary.schema.ts';
import { calculatePtz } from './ptz/ptz.ts';
import { NATURES_PROJET as PTZ_NATURES, PtzBody, TYPES_BIEN } from './ptz/ptz.schema.ts';

/*
 * Every calculator, over the whole input space its schema allows (bounds included, tiny and huge
 * values alike, any date of the range), answers only finite numbers — or refuses the input with a
 * documented CalculatorInputError. Each generated body is first checked by the surface's own
 * validator, so nothing outside the allowed space is tested and nothing inside is skipped by design.
 */

const brokerValidatorCompiler = surfaceValidatorCompiler(BROKER_VALIDATION);
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const validator = (schema: unknown) => brokerValidatorCompiler({ schema, httpPart: 'body', method: 'POST', url: '/' } as any) as (body: unknown) => boolean;

/** Any number the range allows; fast-check favours the bounds, zero and tiny values. */
const within = (r: NumberRange) =>
  fc.double({ min: r.min, max: r.max, minExcluded: r.exclusiveMin, maxExcluded: r.exclusiveMax, noNaN: true });
const integerWithin = (r: NumberRange) => fc.integer({ min: r.exclusiveMin ? r.min + 1 : r.min, max: r.exclusiveMax ? r.max - 1 : r.max });
const optional = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const anyDay: fc.Arbitrary<DayDate> = fc
  .record({ year: fc.integer({ min: DATE_YEARS.min, max: DATE_YEARS.max }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map((d) => ({ ...d, day: Math.min(d.day, daysInMonth(d.year, d.month)) }));
const anyDate = anyDay.map(formatFrenchDate);
const FIRST_DAY: DayDate = { year: DATE_YEARS.min, month: 1, day: 1 };

/** Strips undefined keys: an absent optional field, as JSON would carry it. */
const compact = <T extends object>(o: T): T => Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

/**
 * Runs `calculate` on every allowed body: each answer must hold only finite numbers, each refusal
 * must be a CalculatorInputError. Returns how many bodies were answered, so a test can check the
 * property was not met vacuously.
 */
function assertFiniteOver<T>(schema: unknown, body: fc.Arbitrary<T>, calculate: (input: T) => unknown, numRuns: number) {
  const valid = validator(schema);
  let answered = 0;
  fc.assert(
    fc.property(body, (input) => {
      fc.pre(valid(input));
      let result: unknown;
      try {
        result = calculate(input);
      } catch (error) {
        expect(error).toBeInstanceOf(CalculatorInputError);
        return;
      }
      answered++;
      expect(firstNonFinite(result), JSON.stringify(input)).toBeUndefined();
    }),
    { numRuns },
  );
  return answered;
}

describe('every calculator answers finite numbers over its whole input space', () => {
  it('loan', () => {
    const montant = within(RANGES.positiveAmount);
    // Fees: anywhere in their range, or a share of the amount so that most bodies are answered.
    const fee = optional(fc.oneof(within(RANGES.amount), fc.double({ min: 0, max: 0.33, noNaN: true }).map((s) => -s)));
    const body = fc
      .record({
        montant, duree: integerWithin(RANGES.loanMonths), taux: within(RANGES.rate), datedebut: anyDate,
        detail: optional(fc.boolean()), fraisdossier: fee, fraisgarantie: fee, fraiscourtage: fee,
        tauxassurance: optional(within(RANGES.rate)),
      })
      .map((b) => {
        const share = (f: number | undefined) => (f !== undefined && f < 0 ? -f * b.montant : f);
        return compact({ ...b, fraisdossier: share(b.fraisdossier), fraisgarantie: share(b.fraisgarantie), fraiscourtage: share(b.fraiscourtage) });
      });
    expect(assertFiniteOver(LoanBody, body, calculateLoan, 1000)).toBeGreaterThan(250);
  });

  it('capacity', () => {
    const body = fc
      .record({
        revenumensuel: within(RANGES.positiveAmount), taux: within(RANGES.rate), duree: integerWithin(RANGES.guideLoanMonths),
        byRatio: fc.boolean(), endettement: within(RANGES.debtRatio), share: fc.double({ min: 0, max: 0.5, minExcluded: true, noNaN: true }),
        mensualite: within(RANGES.positiveAmount),
      })
      .map(({ byRatio, share, endettement, mensualite, ...b }) =>
        byRatio ? { ...b, endettement } : { ...b, mensualite: share < 0.25 ? mensualite : b.revenumensuel * share },
      );
    expect(assertFiniteOver(CapacityBody, body, calculateCapacity, 2000)).toBeGreaterThan(1000);
  });

  it('buy-back', () => {
    const rate = within(RANGES.rate);
    const body = fc
      .record({
        montantancien: within(RANGES.positiveAmount), start: anyDay, dureeancien: integerWithin(RANGES.guideLoanMonths),
        progress: fc.double({ min: 0, max: 1, noNaN: true }), shift: fc.integer({ min: 0, max: 27 }),
        tauxhaancien: rate, typeassuranceancien: fc.constantFrom('CI' as const, 'CRD' as const), tauxassuranceancien: rate,
        fraisnouvellegarantie: optional(within(RANGES.amount)), fraisdossier: optional(within(RANGES.amount)),
        fraiscourtage: optional(within(RANGES.amount)), dureenouveau: integerWithin(RANGES.guideLoanMonths),
        tauxnominalnouveau: rate, tauxassurancenouveau: rate,
      })
      .map(({ start, progress, shift, ...b }) => {
        // A buy-back date within the old loan's life, so that most bodies are answered.
        const at = addMonths(start, Math.floor(progress * b.dureeancien));
        const daterachat = { ...at, day: Math.min(at.day + shift, daysInMonth(at.year, at.month)) };
        return compact({ ...b, datedebutancien: formatFrenchDate(start), daterachat: formatFrenchDate(daterachat) });
      });
    expect(assertFiniteOver(BuybackBody, body, (input) => calculateBuyback(input, FIRST_DAY), 1000)).toBeGreaterThan(250);
  });

  it('PTZ', () => {
    const flag = fc.constantFrom('true', 'false') as fc.Arbitrary<'true' | 'false'>;
    const body = fc
      .record({
        primoaccedant: flag, carteinvalidite: flag, pensioninvalidite: flag, allocationhandicape: flag,
        catastrophenaturelle: flag, logementhlm: flag,
        revenufiscalreference: within(RANGES.positiveAmount),
        codepostal: fc.constantFrom('75011', '75000', '69003', '21000', '18000', '46000', '41000', '97133', '06000'),
        etatbien: fc.constantFrom('Neuf', 'Ancien') as fc.Arbitrary<'Neuf' | 'Ancien'>,
        natureprojet: fc.constantFrom(...PTZ_NATURES),
        couttotalprojet: within(RANGES.positiveAmount),
        works: optional(fc.oneof(within(RANGES.amount), fc.double({ min: 0, max: 1, noNaN: true }).map((s) => -s))),
        nboccupants: integerWithin(RANGES.occupants),
        typebien: optional(fc.constantFrom(...TYPES_BIEN)),
        // Any date of the range, or one of the eras the rules cover.
        dateeffet: optional(fc.oneof(anyDate, fc.constantFrom('01/01/2016', '01/06/2019', '01/10/2024', '01/05/2025', '31/12/2199'))),
      })
      .map(({ works, ...b }) => compact({ ...b, couttravaux: works !== undefined && works < 0 ? -works * b.couttotalprojet : works }));
    expect(assertFiniteOver(PtzBody, body, (input) => calculatePtz(input, { today: { year: 2026, month: 3, day: 15 } }), 1500))
      .toBeGreaterThan(500);
  });

  it('notary fees', () => {
    const body = fc
      .record({
        etatbien: fc.constantFrom(...ETATS_BIEN),
        natureprojet: fc.constantFrom(...NOTARY_NATURES),
        prix: within(RANGES.positiveAmount),
        furniture: optional(fc.oneof(within(RANGES.amount), fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }).map((s) => -s))),
        departement: optional(fc.constantFrom(...departementCodes())),
        primoaccedant: optional(fc.boolean()),
        dateeffet: optional(fc.oneof(anyDate, fc.constantFrom('01/05/2016', '01/01/2021', '15/05/2025', '31/12/2199'))),
      })
      .map(({ furniture, ...b }) => compact({ ...b, prixmobilier: furniture !== undefined && furniture < 0 ? -furniture * b.prix : furniture }));
    expect(assertFiniteOver(NotaryBody, body, (input) => calculateNotaryFees(input, { year: 2026, month: 3, day: 15 }), 1500))
      .toBeGreaterThan(500);
  });
});
