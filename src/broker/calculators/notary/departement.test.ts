import { describe, expect, it } from 'vitest';
import { CalculatorInputError } from '../input-error.ts';
import {
  departementCodes, departementFromCodePostal, departementName, normalizeDepartement, resolveDepartement,
} from './departement.ts';

describe('departementFromCodePostal', () => {
  it.each([
    ['75011', '75'], ['01000', '01'], ['36000', '36'], ['95000', '95'],
    ['20000', '2A'], ['20090', '2A'], ['20167', '2A'], ['20200', '2B'], ['20600', '2B'], ['20620', '2B'],
    ['97100', '971'], ['97200', '972'], ['97300', '973'], ['97400', '974'], ['97600', '976'],
  ])('%s → %s', (cp, expected) => {
    expect(departementFromCodePostal(cp)).toBe(expected);
  });

  it.each(['00000', '96000', '99999', '20700', '20900', '97500', '97133', '97150', '98000', '7501', 'ABCDE'])(
    'rejects %s on the codepostal field',
    (cp) => {
      expect(() => departementFromCodePostal(cp)).toThrow(CalculatorInputError);
      try {
        departementFromCodePostal(cp);
      } catch (error) {
        expect((error as CalculatorInputError).field).toBe('codepostal');
      }
    },
  );
});

describe('département list', () => {
  it('covers the 96 metropolitan and 5 overseas départements, not the collectivities', () => {
    const codes = departementCodes();
    expect(codes).toHaveLength(101);
    expect(codes).toEqual(expect.arrayContaining(['2A', '2B', '971', '976']));
    expect(codes).not.toContain('20');
    expect(codes).not.toContain('975');
    expect(departementName('2B')).toBe('Haute-Corse');
  });

  it('normalizes explicit codes and rejects unknown ones on the departement field', () => {
    expect(normalizeDepartement('2b')).toBe('2B');
    expect(() => normalizeDepartement('20')).toThrow(expect.objectContaining({ field: 'departement' }));
  });

  it('resolves from either field and requires them to agree', () => {
    expect(resolveDepartement({})).toBeNull();
    expect(resolveDepartement({ codepostal: '20200' })).toBe('2B');
    expect(resolveDepartement({ codepostal: '20200', departement: '2B' })).toBe('2B');
    expect(() => resolveDepartement({ codepostal: '20200', departement: '2A' }))
      .toThrow(expect.objectContaining({ field: 'departement' }));
  });
});
