/**
 * Selector catalogue of the broker API (`GET /selecteurs/{nomselecteur}?debut=`, guide §17):
 * selector name → options, optionally filtered by the start of the label.
 */

import {
  CATEGORIES, CONTRATS, DESTINATIONS, DPE, ETATS_BIEN, ETATS_PROJET, LIENS_PARENTE, NATURES_PROJET,
  PROPRIETES_BIEN, SITUATIONS_FAMILIALES, SITUATIONS_IMMO, TITRES, TYPES_BIEN, TYPES_BIEN_POSSEDE,
  TYPES_COMPTE, TYPES_TAUX,
} from '../enums.ts';
import { cityOptions } from './cities.ts';
import { countryNames, DEFAULT_COUNTRY } from './countries.ts';
import { DEFAULT_NATIONALITY, nationalityLabels } from './nationalities.ts';
import { filterByPrefix, foldForMatch } from './normalize.ts';

export interface SelectorResult {
  options: string[];
  selected?: string;
}

interface SelectorSource {
  options: (debut: string | undefined) => string[];
  selected?: string;
}

/** Enumerations keep the guide's order; generated lists (countries, nationalities, cities) are sorted. */
function fromList(list: readonly string[] | (() => readonly string[]), selected?: string): SelectorSource {
  const read = typeof list === 'function' ? list : () => list;
  return { options: (debut) => filterByPrefix(read(), debut), ...(selected ? { selected } : {}) };
}

const SELECTORS = new Map<string, SelectorSource>([
  ['titre', fromList(TITRES)],
  ['situationfamiliale', fromList(SITUATIONS_FAMILIALES)],
  ['lienparente', fromList(LIENS_PARENTE)],
  ['situationimmo', fromList(SITUATIONS_IMMO)],
  ['categorie', fromList(CATEGORIES)],
  ['contrat', fromList(CONTRATS)],
  ['natureprojet', fromList(NATURES_PROJET)],
  ['typebien', fromList(TYPES_BIEN)],
  ['proprietebien', fromList(PROPRIETES_BIEN)],
  ['etatprojet', fromList(ETATS_PROJET)],
  ['destination', fromList(DESTINATIONS)],
  ['etatbien', fromList(ETATS_BIEN)],
  ['dpe', fromList(DPE)],
  ['typebienpossede', fromList(TYPES_BIEN_POSSEDE)],
  ['typecompte', fromList(TYPES_COMPTE)],
  ['typetaux', fromList(TYPES_TAUX)],
  ['pays', fromList(countryNames, DEFAULT_COUNTRY)],
  ['nationalites', fromList(nationalityLabels, DEFAULT_NATIONALITY)],
  ['villes', { options: cityOptions }],
]);

/** The guide's field names, so a broker can ask for the selector of the field it is filling. */
const ALIASES = new Map<string, string>([
  ['lienparenteemprunteurprincipal', 'lienparente'],
  ['propriete', 'proprietebien'],
  ['type', 'typebienpossede'],
  ['paysresidence', 'pays'],
  ['paystravail', 'pays'],
  ['nationalite', 'nationalites'],
  ['ville', 'villes'],
]);

/** Canonical selector names, in catalogue order (aliases not included). */
export function listSelectors(): string[] {
  return [...SELECTORS.keys()];
}

/** Every accepted name, canonical names and aliases. */
export function listSelectorNames(): string[] {
  return [...SELECTORS.keys(), ...ALIASES.keys()];
}

/** Name lookup is case- and accent-insensitive too ("situationFamiliale", "Pays"). */
function resolveSelector(name: string): SelectorSource | undefined {
  const key = foldForMatch(name.trim());
  return SELECTORS.get(ALIASES.get(key) ?? key);
}

/**
 * Options of the selector, filtered by `debut` (prefix of the whole label, see normalize.ts);
 * null for an unknown selector. `selected` is reported only when the default is among the
 * returned options, so a client is never told to preselect a value it was not given.
 */
export function selectorOptions(name: string, debut?: string): SelectorResult | null {
  const source = resolveSelector(name);
  if (!source) return null;
  const options = source.options(debut);
  if (source.selected !== undefined && options.includes(source.selected)) {
    return { options, selected: source.selected };
  }
  return { options };
}
