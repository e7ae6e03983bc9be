/**
 * Département of the property, from a postal code or an explicit code, checked against the INSEE
 * list of `@etalab/decoupage-administratif`. Only metropolitan and overseas départements (DROM)
 * are accepted: the overseas collectivities (975, 977, 978, 98x) have their own tax codes.
 */
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { CalculatorInputError } from '../input-error.ts';

interface DepartementRecord {
  code: string;
  nom: string;
  zone: string;
}

/** Collectivities whose postal codes sit inside Guadeloupe's 971xx range. */
const COLLECTIVITY_POSTAL_CODES: Record<string, string> = { '97133': '977', '97150': '978' };

let byCode: Map<string, string> | undefined;

function departementNames(): Map<string, string> {
  if (!byCode) {
    const path = createRequire(import.meta.url).resolve('@etalab/decoupage-administratif/data/departements.json');
    const records = JSON.parse(fs.readFileSync(path, 'utf8')) as DepartementRecord[];
    byCode = new Map(
      records.filter((r) => r.zone === 'metro' || r.zone === 'drom').map((r) => [r.code, r.nom]),
    );
  }
  return byCode;
}

/** Codes of every département the calculator covers (96 metropolitan + 5 overseas). */
export function departementCodes(): string[] {
  return [...departementNames().keys()];
}

export function departementName(code: string): string | undefined {
  return departementNames().get(code);
}

/**
 * 75011 → "75", 20000 → "2A" (200xx–201xx), 20200 → "2B" (202xx–206xx), 97200 → "972"
 * (97133 Saint-Barthélemy and 97150 Saint-Martin are collectivities, hence rejected).
 * Throws CalculatorInputError('codepostal') when the code does not belong to a covered département.
 */
export function departementFromCodePostal(codepostal: string): string {
  const invalid = () =>
    new CalculatorInputError('codepostal', `Code postal ${codepostal} : département inconnu ou non couvert.`);
  if (!/^\d{5}$/.test(codepostal)) throw invalid();
  let code = codepostal.slice(0, 2);
  if (code === '20') {
    const hundreds = Number(codepostal[2]);
    if (hundreds <= 1) code = '2A';
    else if (hundreds <= 6) code = '2B';
    else throw invalid();
  } else if (code === '97') {
    code = COLLECTIVITY_POSTAL_CODES[codepostal] ?? codepostal.slice(0, 3);
  }
  if (!departementNames().has(code)) throw invalid();
  return code;
}

/** "2a" → "2A"; throws CalculatorInputError('departement') for a code outside the list. */
export function normalizeDepartement(departement: string): string {
  const code = departement.trim().toUpperCase();
  if (!departementNames().has(code)) {
    throw new CalculatorInputError('departement', `Département ${departement} inconnu ou non couvert.`);
  }
  return code;
}

/**
 * The département given explicitly or derived from the postal code; null if neither is given.
 * When both are given they must agree.
 */
export function resolveDepartement(input: { codepostal?: string; departement?: string }): string | null {
  const fromCp = input.codepostal === undefined ? null : departementFromCodePostal(input.codepostal);
  if (input.departement === undefined) return fromCp;
  const explicit = normalizeDepartement(input.departement);
  if (fromCp !== null && fromCp !== explicit) {
    throw new CalculatorInputError(
      'departement',
      `Le département ${explicit} ne correspond pas au code postal ${input.codepostal}.`,
    );
  }
  return explicit;
}
