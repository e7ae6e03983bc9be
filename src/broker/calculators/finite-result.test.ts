import { describe, expect, it } from 'vitest';
import { brokerErrorBody } from '../errors.ts';
import { toBrokerError } from '../http/errors.ts';
import { finiteResult, firstNonFinite, OUTPUT_DRIVERS } from './finite-result.ts';
import { CalculatorInputError } from './input-error.ts';

describe('firstNonFinite', () => {
  it('finds the first NaN or infinite number, at any depth, by JSON path', () => {
    expect(firstNonFinite({ a: 1, b: [0, -2.5], c: { d: 'x', e: null, f: true } })).toBeUndefined();
    expect(firstNonFinite({ mensualite: NaN })).toBe('$.mensualite');
    expect(firstNonFinite({ a: 1, echeancier: [{ interets: 1 }, { interets: Infinity }] })).toBe('$.echeancier[1].interets');
    expect(firstNonFinite({ resultats: [[1, 2, 3], [4, -Infinity, 6]] })).toBe('$.resultats[1][1]');
    expect(firstNonFinite(Number.MAX_VALUE)).toBeUndefined();
    expect(firstNonFinite(Number.MAX_VALUE * 2)).toBe('$');
  });
});

describe('finiteResult', () => {
  it('returns a finite result unchanged', () => {
    const result = { mensualite: 921.02, datefin: '01/01/2034', detail: { tauxdepartemental: null } };
    expect(finiteResult(result, OUTPUT_DRIVERS.loan)).toBe(result);
  });

  it('refuses a result with a non-finite number, naming the input that drives it', () => {
    const refuse = (result: unknown, drivers: (typeof OUTPUT_DRIVERS)[keyof typeof OUTPUT_DRIVERS]) => {
      try {
        finiteResult(result, drivers);
      } catch (error) {
        expect(error).toBeInstanceOf(CalculatorInputError);
        return error as CalculatorInputError;
      }
      throw new Error('not refused');
    };
    expect(refuse({ mensualite: Infinity, totalpaiements: NaN }, OUTPUT_DRIVERS.loan)).toMatchObject({
      field: 'montant',
      kind: 'invalid',
      message: 'montant est hors des limites du calcul : mensualite ne serait pas un nombre fini',
    });
    expect(refuse({ mensualite: 1, taeg: NaN }, OUTPUT_DRIVERS.loan).field).toBe('tauxassurance');
    expect(refuse({ gaintresorerie: 1, resultats: [[NaN]] }, OUTPUT_DRIVERS.buyback).field).toBe('montantancien');
    expect(refuse({ fraisnotaire: 1, detail: { emoluments: -Infinity } }, OUTPUT_DRIVERS.notary).field).toBe('prix');
    // An output key named like an Object.prototype member is not a driver.
    expect(refuse({ constructor: NaN }, OUTPUT_DRIVERS.capacity).field).toBe('revenumensuel');
  });

  it('becomes the contract\'s "Invalid form." naming the field, never a 500', () => {
    let error: unknown;
    try {
      finiteResult({ capacite: Infinity }, OUTPUT_DRIVERS.capacity);
    } catch (e) {
      error = e;
    }
    const brokerError = toBrokerError(error);
    expect(brokerError.status).toBe(409);
    expect(brokerErrorBody(brokerError, 'http://foyer.test/crediteo/guide')).toStrictEqual({
      error: 'Invalid form.',
      apiguide: 'http://foyer.test/crediteo/guide#erreurs',
      code: 409,
      details: [{ field: '$.revenumensuel', message: 'revenumensuel est hors des limites du calcul : capacite ne serait pas un nombre fini' }],
    });
  });
});
