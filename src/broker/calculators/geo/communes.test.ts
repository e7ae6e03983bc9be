import { describe, expect, it } from 'vitest';
import { communesForPostalCode, normalizeCommuneName, resolveCommune } from './communes.ts';

const PARIS = { code: '75056', nom: 'Paris' };

describe('communesForPostalCode', () => {
  it('maps the arrondissements of Paris, Lyon and Marseille to the whole commune', () => {
    expect(communesForPostalCode('75001')).toEqual([PARIS]);
    expect(communesForPostalCode('75116')).toEqual([PARIS]);
    expect(communesForPostalCode('69003')).toEqual([{ code: '69123', nom: 'Lyon' }]);
    expect(communesForPostalCode('13008')).toEqual([{ code: '13055', nom: 'Marseille' }]);
  });

  it('understands the colloquial 75000, 69000 and 13000', () => {
    expect(communesForPostalCode('75000')).toEqual([PARIS]);
    expect(communesForPostalCode('69000')).toEqual([{ code: '69123', nom: 'Lyon' }]);
    expect(communesForPostalCode('13000')).toEqual([{ code: '13055', nom: 'Marseille' }]);
  });

  it('lists every current commune of a shared postal code, and none for an unknown one', () => {
    expect(communesForPostalCode('10120').map((c) => c.code)).toEqual(['10186', '10333', '10340', '10360']);
    expect(communesForPostalCode('99999')).toEqual([]);
  });

  it('is fast once indexed', () => {
    communesForPostalCode('01000');
    const start = performance.now();
    for (let i = 0; i < 10_000; i++) communesForPostalCode('10120');
    expect(performance.now() - start).toBeLessThan(100);
  });
});

describe('resolveCommune', () => {
  it('returns the commune when the postal code is enough, whatever ville says', () => {
    expect(resolveCommune('75001')).toEqual({ commune: PARIS });
    expect(resolveCommune('75001', '')).toEqual({ commune: PARIS });
    expect(resolveCommune('75000')).toEqual({ commune: PARIS, colloquial: true });
  });

  it('picks the commune named by ville, ignoring case, accents, hyphens and "St"', () => {
    const expected = { commune: { code: '10333', nom: 'Saint-André-les-Vergers' } };
    for (const ville of ['Saint-André-les-Vergers', 'SAINT ANDRE LES VERGERS', 'st-andré-les-vergers', ' saint andré  les vergers ']) {
      expect(resolveCommune('10120', ville)).toEqual(expected);
    }
  });

  it('returns the candidates when ville is missing or matches none', () => {
    for (const ville of [undefined, '', 'Troyes']) {
      const resolution = resolveCommune('10120', ville);
      expect('candidates' in resolution && resolution.candidates.length).toBe(4);
    }
  });

  it('reports an unknown postal code', () => {
    expect(resolveCommune('00000')).toEqual({ unknown: true });
  });
});

describe('normalizeCommuneName', () => {
  it('folds case, accents, ligatures and punctuation', () => {
    expect(normalizeCommuneName("L'Haÿ-les-Roses")).toBe('l hay les roses');
    expect(normalizeCommuneName('Œuilly')).toBe('oeuilly');
    expect(normalizeCommuneName('Ste-Marie')).toBe('sainte marie');
  });
});
