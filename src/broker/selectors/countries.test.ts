import { describe, expect, it } from 'vitest';
import { countryNames } from './countries.ts';
import { nationalityLabels, readNationalitiesFile } from './nationalities.ts';

describe('countryNames', () => {
  it('names Russia as the guide does', () => {
    expect(countryNames()).toContain('Fédération de Russie');
    expect(countryNames()).not.toContain('Russie');
  });

  it('is unique and in French order', () => {
    const names = countryNames();
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort(new Intl.Collator('fr').compare)).toEqual(names);
    expect(names.indexOf('Égypte')).toBeLessThan(names.indexOf('Espagne'));
  });
});

describe('nationalityLabels', () => {
  it('covers the sovereign states with capitalised feminine adjectives', () => {
    const labels = nationalityLabels();
    expect(labels.length).toBeGreaterThanOrEqual(190);
    expect(labels).toEqual(expect.arrayContaining(['Française', 'Allemande', 'Belge', 'Américaine', 'Égyptienne']));
    for (const label of labels) expect(label[0]).toBe(label[0]?.toLocaleUpperCase('fr'));
    expect(new Set(labels).size).toBe(labels.length);
  });

  it('is keyed by ISO 3166-1 alpha-2 codes and documents its source', () => {
    const file = readNationalitiesFile();
    expect(file.source).not.toBe('');
    for (const code of Object.keys(file.nationalites)) expect(code).toMatch(/^[A-Z]{2}$/);
    expect(file.nationalites.FR).toBe('Française');
  });
});
