import { describe, expect, it } from 'vitest';
import { bounded, frenchNumber, RANGES, rangeKeywords, rangeText } from './ranges.ts';

describe('number ranges', () => {
  it('writes numbers the French way, grouping from 10 000 on', () => {
    expect(frenchNumber(100_000_000)).toBe('100 000 000');
    expect(frenchNumber(10_000)).toBe('10 000');
    expect(frenchNumber(2199)).toBe('2199');
    expect(frenchNumber(0.5)).toBe('0,5');
  });

  it('gives JSON-schema keywords that follow exclusivity', () => {
    expect(rangeKeywords(RANGES.amount)).toEqual({ minimum: 0, maximum: 100_000_000 });
    expect(rangeKeywords(RANGES.positiveAmount)).toEqual({ exclusiveMinimum: 0, maximum: 100_000_000 });
    expect(rangeKeywords(RANGES.rate)).toEqual({ minimum: 0, exclusiveMaximum: 100 });
  });

  it('states the bounds in the description', () => {
    expect(rangeText(RANGES.positiveAmount)).toBe('Bornes : > 0 et ≤ 100 000 000 €.');
    expect(rangeText(RANGES.borrowerNumber)).toBe('Bornes : ≥ 0 et ≤ 11.');
    expect(bounded(RANGES.loanMonths, 'Durée du prêt en mois')).toEqual({
      minimum: 1,
      maximum: 600,
      description: 'Durée du prêt en mois. Bornes : ≥ 1 et ≤ 600 mois.',
    });
    expect(bounded(RANGES.rate, 'Taux.').description).toBe('Taux. Bornes : ≥ 0 et < 100 %.');
  });

  it('keeps purchase years within the contract dates', () => {
    expect(RANGES.year).toEqual({ min: 1900, max: 2199 });
  });
});
