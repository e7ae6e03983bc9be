import { describe, expect, it } from 'vitest';
import { filterByPrefix, foldForMatch } from './normalize.ts';

describe('foldForMatch', () => {
  it('lowercases and strips diacritics', () => {
    expect(foldForMatch('États-Unis')).toBe('etats-unis');
    expect(foldForMatch('Fédération de Russie')).toBe('federation de russie');
    expect(foldForMatch('Ça Où Ï')).toBe('ca ou i');
  });

  it('folds ligatures and typographic apostrophes', () => {
    expect(foldForMatch('Œuvre Æther')).toBe('oeuvre aether');
    expect(foldForMatch('Contrat d’intérim')).toBe("contrat d'interim");
  });
});

describe('filterByPrefix', () => {
  const labels = ['États-Unis', 'Estonie', 'Éthiopie', 'Fédération de Russie', 'Contrat d’intérim'];

  it('matches case- and accent-insensitively', () => {
    expect(filterByPrefix(labels, 'etats')).toEqual(['États-Unis']);
    expect(filterByPrefix(labels, 'É')).toEqual(['États-Unis', 'Estonie', 'Éthiopie']);
    expect(filterByPrefix(labels, 'e')).toEqual(['États-Unis', 'Estonie', 'Éthiopie']);
    expect(filterByPrefix(labels, "contrat d'i")).toEqual(['Contrat d’intérim']);
  });

  it('matches the start of the whole label only', () => {
    expect(filterByPrefix(labels, 'russie')).toEqual([]);
  });

  it('keeps everything for an absent or empty debut', () => {
    expect(filterByPrefix(labels, undefined)).toEqual(labels);
    expect(filterByPrefix(labels, '')).toEqual(labels);
  });
});
