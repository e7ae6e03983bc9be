/** Zone A bis / A / B1 / B2 / C of a commune (CCH R304-1), from the dated lists in data/reference/zonage/. */
import { readdirSync, readFileSync } from 'node:fs';
import type { DayDate } from '../../../platform/http/paris-dates.ts';

export type Zone = 'Abis' | 'A' | 'B1' | 'B2' | 'C';
export const ZONES: readonly Zone[] = ['Abis', 'A', 'B1', 'B2', 'C'];

export interface ZoneLookup {
  /** Undefined for a commune outside the list (COM such as Saint-Martin, Saint-Pierre-et-Miquelon). */
  zone: Zone | undefined;
  /** Effective date (YYYY-MM-DD) of the list that was used. */
  zoningEffectiveFrom: string;
  /** True when asOf predates every list we hold, so the oldest one was used in its place. */
  predatesZoning: boolean;
}

interface ZoningDataset {
  effectiveFrom: string;
  zones: Record<string, Zone>;
}

const ZONING_DIR = new URL('../../../../data/reference/zonage/', import.meta.url);
const FILE_RE = /^zonage-(\d{4}-\d{2}-\d{2})\.json$/;

let datasetDates: string[] | undefined;
const datasets = new Map<string, ZoningDataset>();

/** `YYYY-MM-DD`, which orders like the date itself. */
export function isoDay(d: DayDate): string {
  return `${String(d.year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

export function fromIsoDay(iso: string): DayDate {
  const [year, month, day] = iso.split('-').map(Number);
  return { year: year!, month: month!, day: day! };
}

/** Effective dates of the zoning lists on disk, oldest first. A new revision is just a new file. */
export function zoningDates(): readonly string[] {
  datasetDates ??= readdirSync(ZONING_DIR)
    .map((name) => FILE_RE.exec(name)?.[1])
    .filter((date): date is string => date !== undefined)
    .sort();
  if (datasetDates.length === 0) throw new Error('No zoning list in data/reference/zonage/');
  return datasetDates;
}

function dataset(effectiveFrom: string): ZoningDataset {
  let loaded = datasets.get(effectiveFrom);
  if (!loaded) {
    const text = readFileSync(new URL(`zonage-${effectiveFrom}.json`, ZONING_DIR), 'utf8');
    loaded = JSON.parse(text) as ZoningDataset;
    if (loaded.effectiveFrom !== effectiveFrom) throw new Error(`zonage-${effectiveFrom}.json: effectiveFrom mismatch`);
    datasets.set(effectiveFrom, loaded);
  }
  return loaded;
}

export function zoneOf(inseeCode: string, asOf: DayDate): ZoneLookup {
  const day = isoDay(asOf);
  const dates = zoningDates();
  const applicable = dates.filter((date) => date <= day).at(-1);
  const effectiveFrom = applicable ?? dates[0]!;
  return {
    zone: dataset(effectiveFrom).zones[inseeCode],
    zoningEffectiveFrom: effectiveFrom,
    predatesZoning: applicable === undefined,
  };
}
