/**
 * Options of the `villes` selector: one "Nancy (54000)" label per (current commune, postal code)
 * pair, from @etalab/decoupage-administratif (≈35 500 labels).
 */

import { createRequire } from 'node:module';
import { foldForMatch } from './normalize.ts';

interface Commune {
  nom: string;
  type: string;
  codesPostaux?: string[];
}

interface CityEntry {
  label: string;
  name: string;
  foldedLabel: string;
  postalCode: string;
}

const collator = new Intl.Collator('fr');

interface CityIndex {
  labels: readonly string[];
  /** Entries by first character of their folded label and of their postal code, in sorted order. */
  byFirstChar: ReadonlyMap<string, readonly CityEntry[]>;
}

let index: CityIndex | undefined;

function loadCommunes(): Commune[] {
  const require = createRequire(import.meta.url);
  return require('@etalab/decoupage-administratif/data/communes.json') as Commune[];
}

/**
 * Built once, on first use (the source file is 8.6 MB). Labels are folded and bucketed up front
 * so a request only runs `startsWith` over one bucket (≤0.4 ms instead of ~4 ms). Communes without a postal code (the uninhabited TAAF
 * districts) have no postal address and are left out.
 */
function cityIndex(): CityIndex {
  if (index) return index;
  const byLabel = new Map<string, CityEntry>();
  for (const commune of loadCommunes()) {
    if (commune.type !== 'commune-actuelle') continue;
    for (const postalCode of commune.codesPostaux ?? []) {
      const label = `${commune.nom} (${postalCode})`;
      if (byLabel.has(label)) continue;
      byLabel.set(label, { label, name: commune.nom, foldedLabel: foldForMatch(label), postalCode });
    }
  }
  const sorted = [...byLabel.values()].sort(
    (a, b) => collator.compare(a.name, b.name) || a.postalCode.localeCompare(b.postalCode),
  );
  const byFirstChar = new Map<string, CityEntry[]>();
  for (const entry of sorted) {
    for (const key of new Set([entry.foldedLabel.charAt(0), entry.postalCode.charAt(0)])) {
      const bucket = byFirstChar.get(key);
      if (bucket) bucket.push(entry);
      else byFirstChar.set(key, [entry]);
    }
  }
  index = { labels: sorted.map((entry) => entry.label), byFirstChar };
  return index;
}

/**
 * `debut` matches the start of the label, i.e. of the commune name, folded as in normalize.ts
 * ("nancy", "nancy (541"), or the start of the postal code ("540" → the 540xx communes).
 * Without `debut` the whole list is returned (≈800 kB of JSON), as the guide says a selector
 * returns its options; callers should send at least a few characters.
 */
export function cityOptions(debut?: string): string[] {
  const { labels, byFirstChar } = cityIndex();
  const prefix = foldForMatch(debut ?? '');
  if (prefix === '') return [...labels];
  return (byFirstChar.get(prefix.charAt(0)) ?? [])
    .filter((entry) => entry.foldedLabel.startsWith(prefix) || entry.postalCode.startsWith(prefix))
    .map((entry) => entry.label);
}
