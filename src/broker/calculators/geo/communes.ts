/** Postal code → current communes (INSEE COG, @etalab/decoupage-administratif), indexed once, lazily. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export interface Commune {
  /** INSEE code (Paris, Lyon and Marseille as a whole: 75056, 69123, 13055). */
  code: string;
  nom: string;
}

export type CommuneResolution =
  | { commune: Commune; colloquial?: true }
  | { candidates: Commune[] }
  | { unknown: true };

interface CogEntry {
  code: string;
  nom: string;
  type: string;
  commune?: string;
  codesPostaux?: string[];
}

/** Codes people use for the whole city; La Poste never issued them. */
const COLLOQUIAL: Record<string, Commune> = {
  '75000': { code: '75056', nom: 'Paris' },
  '69000': { code: '69123', nom: 'Lyon' },
  '13000': { code: '13055', nom: 'Marseille' },
};

let index: Map<string, Commune[]> | undefined;

function buildIndex(): Map<string, Commune[]> {
  const path = createRequire(import.meta.url).resolve('@etalab/decoupage-administratif/data/communes.json');
  const entries = JSON.parse(readFileSync(path, 'utf8')) as CogEntry[];
  const byCode = new Map<string, Commune>();
  for (const e of entries) if (e.type === 'commune-actuelle') byCode.set(e.code, { code: e.code, nom: e.nom });

  const byPostalCode = new Map<string, Commune[]>();
  const add = (cp: string, commune: Commune) => {
    const list = byPostalCode.get(cp);
    if (!list) byPostalCode.set(cp, [commune]);
    else if (!list.some((c) => c.code === commune.code)) list.push(commune);
  };
  for (const e of entries) {
    // Municipal arrondissements (751xx, 6938x, 132xx) are zoned through their parent commune.
    const commune =
      e.type === 'commune-actuelle' ? byCode.get(e.code)
      : e.type === 'arrondissement-municipal' && e.commune ? byCode.get(e.commune)
      : undefined;
    if (commune) for (const cp of e.codesPostaux ?? []) add(cp, commune);
  }
  return byPostalCode;
}

export function communesForPostalCode(cp: string): readonly Commune[] {
  const colloquial = COLLOQUIAL[cp];
  if (colloquial) return [colloquial];
  index ??= buildIndex();
  return index.get(cp) ?? [];
}

/** Case-, accent- and punctuation-insensitive form of a commune name; "St"/"Ste" spelled out. */
export function normalizeCommuneName(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .split(/[^a-z0-9]+/)
    .filter((word) => word !== '')
    .map((word) => (word === 'st' ? 'saint' : word === 'ste' ? 'sainte' : word))
    .join(' ');
}

/**
 * One commune when the postal code names a single one, or when `ville` picks exactly one of several;
 * otherwise the candidates. `ville` is not checked when the postal code alone is enough.
 */
export function resolveCommune(cp: string, ville?: string): CommuneResolution {
  if (COLLOQUIAL[cp]) return { commune: COLLOQUIAL[cp], colloquial: true };
  const candidates = communesForPostalCode(cp);
  if (candidates.length === 0) return { unknown: true };
  if (candidates.length === 1) return { commune: candidates[0]! };
  const wanted = ville ? normalizeCommuneName(ville) : '';
  if (wanted !== '') {
    const matches = candidates.filter((c) => normalizeCommuneName(c.nom) === wanted);
    if (matches.length === 1) return { commune: matches[0]! };
  }
  return { candidates: [...candidates] };
}
