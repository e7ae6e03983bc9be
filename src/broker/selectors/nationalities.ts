/** Feminine French nationality adjectives for the `nationalites` selector (hand-written reference data). */

import { readFileSync } from 'node:fs';

interface NationalitiesFile {
  source: string;
  /** ISO 3166-1 alpha-2 code (XK for Kosovo) → feminine adjective, e.g. "FR": "Française". */
  nationalites: Record<string, string>;
}

const DATA_URL = new URL('../../../data/reference/selecteurs/nationalites.json', import.meta.url);
const collator = new Intl.Collator('fr');
let cache: readonly string[] | undefined;

export function readNationalitiesFile(): NationalitiesFile {
  return JSON.parse(readFileSync(DATA_URL, 'utf8')) as NationalitiesFile;
}

/** Unique adjectives in French order; both Congos share "Congolaise", hence the de-duplication. */
export function nationalityLabels(): readonly string[] {
  if (cache) return cache;
  const labels = Object.values(readNationalitiesFile().nationalites);
  cache = [...new Set(labels)].sort(collator.compare);
  return cache;
}

export const DEFAULT_NATIONALITY = 'Française';
