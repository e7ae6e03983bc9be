import { describe, expect, it } from 'vitest';
import {
  CATEGORIES, CONTRATS, DESTINATIONS, DPE, ETATS_BIEN, ETATS_PROJET, LIENS_PARENTE, NATURES_PROJET,
  PROPRIETES_BIEN, SITUATIONS_FAMILIALES, SITUATIONS_IMMO, TITRES, TYPES_BIEN, TYPES_BIEN_POSSEDE,
  TYPES_COMPTE, TYPES_TAUX,
} from '../enums.ts';
import { listSelectorNames, listSelectors, selectorOptions } from './catalogue.ts';

const ENUM_SELECTORS: [string[], readonly string[]][] = [
  [['titre'], TITRES],
  [['situationfamiliale'], SITUATIONS_FAMILIALES],
  [['lienparente', 'lienparenteemprunteurprincipal'], LIENS_PARENTE],
  [['situationimmo'], SITUATIONS_IMMO],
  [['categorie'], CATEGORIES],
  [['contrat'], CONTRATS],
  [['natureprojet'], NATURES_PROJET],
  [['typebien'], TYPES_BIEN],
  [['proprietebien', 'propriete'], PROPRIETES_BIEN],
  [['etatprojet'], ETATS_PROJET],
  [['destination'], DESTINATIONS],
  [['etatbien'], ETATS_BIEN],
  [['dpe'], DPE],
  [['typebienpossede', 'type'], TYPES_BIEN_POSSEDE],
  [['typecompte'], TYPES_COMPTE],
  [['typetaux'], TYPES_TAUX],
];

describe('selectorOptions', () => {
  it.each(ENUM_SELECTORS.flatMap(([names, list]) => names.map((name) => [name, list] as const)))(
    '%s returns its enumeration',
    (name, list) => {
      expect(list.length).toBeGreaterThan(0);
      expect(selectorOptions(name)).toEqual({ options: [...list] });
    },
  );

  it('answers every listed name and alias with a non-empty, unique list', () => {
    expect(listSelectors()).toHaveLength(19);
    for (const name of listSelectorNames()) {
      const result = selectorOptions(name);
      expect(result, name).not.toBeNull();
      expect(result?.options.length, name).toBeGreaterThan(0);
      expect(new Set(result?.options).size, name).toBe(result?.options.length);
    }
  });

  it('returns the guide example for pays?debut=f', () => {
    expect(selectorOptions('pays', 'f')).toEqual({
      options: ['Fédération de Russie', 'Fidji', 'Finlande', 'France'],
      selected: 'France',
    });
  });

  it('preselects France and Française, also through aliases', () => {
    expect(selectorOptions('pays')?.selected).toBe('France');
    expect(selectorOptions('paysresidence')?.selected).toBe('France');
    expect(selectorOptions('nationalites')?.selected).toBe('Française');
    expect(selectorOptions('nationalite')?.options).toContain('Française');
  });

  it('omits selected when the filter excludes the default', () => {
    expect(selectorOptions('pays', 'all')).toEqual({ options: ['Allemagne'] });
  });

  it('filters case- and accent-insensitively', () => {
    expect(selectorOptions('pays', 'etats')?.options).toEqual(["États-Unis d'Amérique"]);
    const upper = selectorOptions('pays', 'É')?.options;
    expect(upper).toContain('Égypte');
    expect(upper).toContain('Espagne');
    expect(selectorOptions('pays', 'e')?.options).toEqual(upper);
    expect(selectorOptions('situationimmo', 'HEB')?.options).toEqual(['Hébergé(e) à titre gratuit']);
    expect(selectorOptions('contrat', "contrat d'")?.options).toEqual(['Contrat d’intérim']);
  });

  it('serves villes through both names', () => {
    expect(selectorOptions('villes', 'nancy')?.options).toContain('Nancy (54000)');
    expect(selectorOptions('ville', '75001')).toEqual({ options: ['Paris (75001)'] });
  });

  it('accepts names in any case and accent', () => {
    expect(selectorOptions('situationFamiliale')?.options).toEqual([...SITUATIONS_FAMILIALES]);
    expect(selectorOptions('Pays', 'fr')?.options).toEqual(['France']);
  });

  it('returns null for an unknown selector', () => {
    expect(selectorOptions('inconnu')).toBeNull();
    expect(selectorOptions('')).toBeNull();
    expect(selectorOptions('constructor')).toBeNull();
  });

  it('returns an empty list when nothing matches', () => {
    expect(selectorOptions('dpe', 'z')).toEqual({ options: [] });
  });
});
