import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { isFrenchDate } from '../../platform/http/paris-dates.ts';
import { annuityPayment, outstandingAfter, presentValue, roundCents } from './annuity.ts';
import { CalculatorInputError } from './input-error.ts';
import { calculateLoan, LoanBody, type LoanInput } from './loan.ts';

const guide: LoanInput = { montant: 150000, duree: 180, taux: 1.35, datedebut: '01/01/2019' };

describe('calculateLoan: guide §11 example', () => {
  const result = calculateLoan(guide);

  it('reproduces the documented figures', () => {
    expect(Math.abs(result.mensualite - 921.0211101134869)).toBeLessThan(1e-9);
    expect(Math.abs(result.totalpaiements - 165783.79982042764)).toBeLessThan(1e-9);
    // The guide prints 15783.799820433, a float summation artefact (spec A.1): compare to the cent.
    expect(roundCents(result.totalinterets)).toBe(15783.8);
    expect(result.datefin).toBe('01/01/2034');
  });

  it('answers only the guide fields without detail', () => {
    expect(Object.keys(result)).toEqual(['mensualite', 'totalpaiements', 'totalinterets', 'datefin']);
  });
});

describe('calculateLoan: detail', () => {
  const detailed = calculateLoan({ ...guide, detail: true });
  const schedule = detailed.echeancier ?? [];

  it('dates instalments one month apart from a month after the start, and ends on datefin', () => {
    expect(schedule).toHaveLength(180);
    expect(schedule[0]).toMatchObject({ numero: 1, date: '01/02/2019' });
    expect(schedule.at(-1)).toMatchObject({ numero: 180, date: '01/01/2034', capitalrestantdu: 0 });
  });

  it('splits the first instalment into interest on the full capital and capital', () => {
    const first = schedule[0]!;
    expect(first.interets).toBeCloseTo(150000 * 0.0135 / 12, 10);
    expect(first.capital + first.interets).toBeCloseTo(detailed.mensualite, 10);
    expect(first.capitalrestantdu).toBeCloseTo(150000 - first.capital, 8);
  });

  it('matches the closed-form outstanding capital along the schedule', () => {
    for (const line of schedule) {
      expect(Math.abs(line.capitalrestantdu - outstandingAfter(150000, 1.35, 180, line.numero))).toBeLessThan(1e-6);
    }
  });

  it('sums interest to totalinterets', () => {
    const interest = schedule.reduce((sum, l) => sum + l.interets, 0);
    expect(Math.abs(interest - detailed.totalinterets)).toBeLessThan(1e-6);
  });

  it('has a TAEG equal to the equivalent annual rate when there are no fees (spec B.6: 1.3584 %)', () => {
    expect(detailed.assurancemensuelle).toBe(0);
    expect(detailed.taeg).toBeCloseTo((Math.pow(1 + 1.35 / 1200, 12) - 1) * 100, 9);
    expect(detailed.taeg!.toFixed(4)).toBe('1.3584');
  });

  it('reproduces the spec B.6 worked TAEG examples with fees and insurance', () => {
    const fees = { ...guide, detail: true, fraisdossier: 1000, fraisgarantie: 1500 };
    expect(calculateLoan(fees).taeg!.toFixed(4)).toBe('1.5931');
    const insured = calculateLoan({ ...fees, tauxassurance: 0.3 });
    expect(insured.assurancemensuelle).toBeCloseTo(37.5, 10);
    expect(insured.taeg!.toFixed(4)).toBe('2.1582');
  });

  it('gives a zero TAEG at a zero rate without fees, and a positive one with fees', () => {
    const zero = calculateLoan({ montant: 10000, duree: 7, taux: 0, datedebut: '15/03/2024', detail: true });
    expect(zero.mensualite).toBe(10000 / 7);
    expect(zero.totalinterets).toBe(0);
    expect(zero.taeg).toBe(0);
    const withFee = calculateLoan({ montant: 10000, duree: 12, taux: 0, datedebut: '15/03/2024', detail: true, fraiscourtage: 100 });
    // 9 900 received, 12 × 833.33 repaid: the IRR satisfies 9900 = m·(1 − (1+i)^−12)/i.
    const i = Math.pow(1 + withFee.taeg! / 100, 1 / 12) - 1;
    expect(presentValue(10000 / 12, i * 1200, 12)).toBeCloseTo(9900, 6);
  });
});

describe('calculateLoan: dates and rules', () => {
  it('clamps end dates to the month length', () => {
    expect(calculateLoan({ ...guide, datedebut: '31/01/2020', duree: 1 }).datefin).toBe('29/02/2020');
    expect(calculateLoan({ ...guide, datedebut: '31/01/2020', duree: 2 }).datefin).toBe('31/03/2020');
  });

  it('rejects an impossible start date', () => {
    expect(() => calculateLoan({ ...guide, datedebut: '31/02/2020' })).toThrow(CalculatorInputError);
  });

  it('rejects fees that swallow the whole loan, naming the largest fee', () => {
    try {
      calculateLoan({ ...guide, montant: 1000, fraisdossier: 200, fraisgarantie: 900 });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(CalculatorInputError);
      expect((error as CalculatorInputError).field).toBe('fraisgarantie');
      expect((error as CalculatorInputError).kind).toBe('invalid');
    }
  });

  it('uses P/n at a zero rate and stays finite as the rate tends to 0', () => {
    expect(annuityPayment(1200, 0, 12)).toBe(100);
    for (const taux of [1e-320, 1e-12, 1e-6]) {
      expect(annuityPayment(1200, taux, 12)).toBeCloseTo(100, 4);
      expect(presentValue(100, taux, 12)).toBeCloseTo(1200, 4);
    }
  });
});

describe('LoanBody schema', () => {
  // Read it as the plain JSON Schema that Fastify and OpenAPI see.
  const schema = JSON.parse(JSON.stringify(LoanBody)) as {
    additionalProperties: boolean;
    required: string[];
    properties: Record<string, { description?: string; format?: string }>;
  };

  it('closes the object, lists required fields and documents every field', () => {
    expect(schema.additionalProperties).toBe(false);
    expect([...schema.required].sort()).toEqual(['datedebut', 'duree', 'montant', 'taux']);
    for (const [name, field] of Object.entries(schema.properties)) {
      expect(field.description, name).toBeTruthy();
    }
    expect(schema.properties.datedebut?.format).toBe('date-fr');
  });
});

describe('LoanBody with a JSON-schema validator', () => {
  const validate = new Ajv({ allErrors: true }).addFormat('date-fr', isFrenchDate).compile(LoanBody);

  it('accepts the guide example and the optional fields', () => {
    expect(validate(guide)).toBe(true);
    expect(validate({ ...guide, detail: true, fraisdossier: 0, fraisgarantie: 1500, fraiscourtage: 1, tauxassurance: 0.3 })).toBe(true);
  });

  it.each([
    ['an extra field', { ...guide, extra: 1 }],
    ['a missing field', { montant: 1, duree: 1, taux: 1 }],
    ['a zero amount', { ...guide, montant: 0 }],
    ['a fractional duration', { ...guide, duree: 12.5 }],
    ['a duration over 600 months', { ...guide, duree: 601 }],
    ['a rate of 100 %', { ...guide, taux: 100 }],
    ['a negative fee', { ...guide, fraisdossier: -1 }],
    ['an ISO date', { ...guide, datedebut: '2019-01-01' }],
    ['an impossible date', { ...guide, datedebut: '30/02/2019' }],
  ])('rejects %s', (_label, body) => {
    expect(validate(body)).toBe(false);
  });
});
