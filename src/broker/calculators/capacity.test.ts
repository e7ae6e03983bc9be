import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { annuityPayment } from './annuity.ts';
import { calculateCapacity, CapacityBody, type CapacityInput } from './capacity.ts';
import { CalculatorInputError } from './input-error.ts';

const guide: CapacityInput = { revenumensuel: 2000, taux: 1.8, endettement: 33, duree: 300 };

function inputError(run: () => unknown): CalculatorInputError {
  try {
    run();
  } catch (error) {
    if (error instanceof CalculatorInputError) return error;
    throw error;
  }
  throw new Error('expected a CalculatorInputError');
}

describe('calculateCapacity: guide §13 example', () => {
  it('reproduces the documented figures bit for bit', () => {
    const result = calculateCapacity(guide);
    expect(result.capacite).toBe(159349.00413884307);
    expect(result.valeurbien).toBe(143414.10372495875);
    expect(result.mensualite).toBe(660);
    expect(result.endettement).toBeUndefined();
    expect(result.respectehcsf).toBe(true);
  });

  it('answers the debt ratio when the monthly payment is given', () => {
    const result = calculateCapacity({ revenumensuel: 2000, taux: 1.8, mensualite: 660, duree: 300 });
    expect(result.capacite).toBe(159349.00413884307);
    expect(result.endettement).toBeCloseTo(33, 12);
    expect(result.mensualite).toBeUndefined();
    expect(Object.keys(result)).toEqual(['capacite', 'valeurbien', 'endettement', 'respectehcsf']);
  });

  it('is the capital whose annuity is the chosen payment', () => {
    const { capacite } = calculateCapacity(guide);
    expect(annuityPayment(capacite, 1.8, 300)).toBeCloseTo(660, 9);
  });

  it('multiplies at a zero rate', () => {
    expect(calculateCapacity({ revenumensuel: 3000, taux: 0, mensualite: 1000, duree: 240 }).capacite).toBe(240000);
  });
});

describe('calculateCapacity: HCSF flag', () => {
  it.each([
    [{ endettement: 35, duree: 300 }, true],
    [{ endettement: 35.01, duree: 300 }, false],
    [{ endettement: 30, duree: 301 }, false],
    [{ endettement: 50, duree: 540 }, false],
  ])('%o → %s', (fields, expected) => {
    expect(calculateCapacity({ revenumensuel: 2500, taux: 3.5, ...fields }).respectehcsf).toBe(expected);
  });

  it('judges a given payment by its ratio', () => {
    expect(calculateCapacity({ revenumensuel: 2000, taux: 1, mensualite: 700, duree: 240 }).respectehcsf).toBe(true);
    expect(calculateCapacity({ revenumensuel: 2000, taux: 1, mensualite: 701, duree: 240 }).respectehcsf).toBe(false);
  });
});

describe('validateCapacity', () => {
  it('refuses both endettement and mensualite as invalid', () => {
    const error = inputError(() => calculateCapacity({ ...guide, mensualite: 500 }));
    expect(error.kind).toBe('invalid');
    expect(error.field).toBe('endettement,mensualite');
  });

  it('refuses neither as incomplete', () => {
    const error = inputError(() => calculateCapacity({ revenumensuel: 2000, taux: 1.8, duree: 300 }));
    expect(error.kind).toBe('incomplete');
    expect(error.field).toBe('endettement,mensualite');
  });

  it('caps the payment at 50 % of income', () => {
    expect(calculateCapacity({ revenumensuel: 2000, taux: 1, mensualite: 1000, duree: 12 }).endettement).toBe(50);
    const error = inputError(() => calculateCapacity({ revenumensuel: 2000, taux: 1, mensualite: 1000.01, duree: 12 }));
    expect(error).toMatchObject({ field: 'mensualite', kind: 'invalid' });
  });
});

describe('CapacityBody schema', () => {
  const validate = new Ajv({ allErrors: true }).compile(CapacityBody);

  it('accepts the guide example', () => {
    expect(validate(guide)).toBe(true);
  });

  it.each([
    ['an extra field', { ...guide, extra: 1 }],
    ['a zero income', { ...guide, revenumensuel: 0 }],
    ['a negative rate', { ...guide, taux: -0.1 }],
    ['a debt ratio over 50 %', { ...guide, endettement: 50.5 }],
    ['a zero debt ratio', { ...guide, endettement: 0 }],
    ['a duration over 540 months', { ...guide, duree: 541 }],
    ['a zero duration', { ...guide, duree: 0 }],
  ])('rejects %s', (_label, body) => {
    expect(validate(body)).toBe(false);
  });

  it('documents every field', () => {
    for (const [name, field] of Object.entries(CapacityBody.properties)) {
      expect((field as { description?: string }).description, name).toBeTruthy();
    }
  });
});
