/**
 * Notary-fee rules as versioned data (data/reference/notaire/*.json). Each list is ordered by
 * `effectiveFrom`; an entry is in force until the next one starts, so a new barème or DMTO table
 * is a data change only.
 */
import fs from 'node:fs';
import { compareDays, type DayDate } from '../../../platform/http/paris-dates.ts';
import { sourcesProblem, type RuleSource } from '../rule-sources.ts';

export interface EmolumentTranche {
  /** Upper bound of the tranche in euros; null for the last one. */
  upTo: number | null;
  ratePercent: number;
}

interface Sourced {
  /** The texts this table comes from and when it was checked against them. */
  sources: RuleSource[];
  notes: string[];
}

interface Versioned extends Sourced {
  effectiveFrom: DayDate;
}

export interface EmolumentScale extends Versioned {
  name: string;
  /** Last day covered by a published text; later dates reuse the scale as a projection. */
  knownUntil?: DayDate;
  tranches: EmolumentTranche[];
  minimum: number;
  capPercentOfValue: number;
}

export interface TaxEra extends Versioned {
  vatPercent: number;
  vatPercentByDepartement: Record<string, number>;
  csi: { ratePercent: number; minimum: number };
  newBuildPublicityPercent: number;
  communalPercent: number;
  stateFeePercentOfDepartmental: number;
}

export interface FormalitiesEra extends Versioned {
  convention: string;
  amount: number;
  amountByDepartement: Record<string, number>;
}

/**
 * Départements whose rate in a table rests on an uncertain start date: the sources disagree, or the
 * date is derived. The output says so whenever the other rate would change the calculation.
 */
export interface DmtoUncertainty {
  departements: string[];
  /** The rate if the change had not yet taken effect on the deed date. */
  otherwisePercent: number;
  /** French, shown in `hypotheses`: what is uncertain and why. */
  hypothesis: string;
}

export interface DmtoTable extends Versioned {
  defaultPercent: number;
  percentByDepartement: Record<string, number>;
  uncertain?: DmtoUncertainty[];
}

/** The temporary departmental rate above the usual ceiling (LFI 2025 art. 116). */
export interface DmtoIncrease extends Sourced {
  ratePercent: number;
  ceilingPercent: number;
  from: DayDate;
  until: DayDate;
  /**
   * First-time buyers are exempt from the part above ceilingPercent. Another reading keeps them at
   * the rate in force on this day; the output names the reading applied where the two differ.
   */
  firstTimeBuyerAlternative: { rateInForceOn: DayDate; hypothesis: string };
}

export interface NotaryRules {
  emoluments: EmolumentScale;
  taxes: TaxEra;
  formalities: FormalitiesEra;
  dmto: DmtoTable;
  increase: DmtoIncrease;
  /** The DMTO table in force on increase.firstTimeBuyerAlternative.rateInForceOn. */
  dmtoForFirstTimeBuyerAlternative: DmtoTable;
}

export interface NotaryRuleSets {
  scales: EmolumentScale[];
  taxEras: TaxEra[];
  formalityEras: FormalitiesEra[];
  dmtoTables: DmtoTable[];
  increase: DmtoIncrease;
}

const DATE_KEYS = new Set(['effectiveFrom', 'knownUntil', 'from', 'until', 'rateInForceOn']);
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

function readJson<T>(name: string): T {
  const url = new URL(`../../../../data/reference/notaire/${name}`, import.meta.url);
  return JSON.parse(fs.readFileSync(url, 'utf8'), (key, value: unknown) => {
    if (!DATE_KEYS.has(key)) return value;
    const m = typeof value === 'string' ? ISO_DAY.exec(value) : null;
    if (!m) throw new Error(`${name}: "${key}" must be an ISO date (yyyy-mm-dd)`);
    return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) } satisfies DayDate;
  }) as T;
}

function assertSourced(name: string, entry: Sourced): void {
  const problem = sourcesProblem(entry.sources);
  if (problem) throw new Error(`${name}: ${problem}`);
}

function ordered<T extends Versioned>(name: string, list: T[] | undefined): T[] {
  if (!Array.isArray(list) || list.length === 0) throw new Error(`${name}: no rule set`);
  list.forEach((entry, i) => {
    assertSourced(`${name}, entry ${i + 1}`, entry);
    if (i > 0 && compareDays(list[i - 1]!.effectiveFrom, entry.effectiveFrom) >= 0) {
      throw new Error(`${name}: entries must be in strictly increasing effectiveFrom order`);
    }
  });
  return list;
}

/** An uncertain département must really have another rate in the table, or the note is noise. */
export function assertDmtoTable(name: string, table: DmtoTable): void {
  for (const group of table.uncertain ?? []) {
    if (!Array.isArray(group.departements) || group.departements.length === 0 || !group.hypothesis?.trim()) {
      throw new Error(`${name}: uncertain entries need departements and a hypothesis`);
    }
    for (const code of group.departements) {
      const rate = table.percentByDepartement[code] ?? table.defaultPercent;
      if (rate === group.otherwisePercent) throw new Error(`${name}: ${code} is at ${rate} % either way`);
    }
  }
}

let cache: NotaryRuleSets | undefined;

/** Every rule set, loaded from disk on first use. */
export function notaryRuleSets(): NotaryRuleSets {
  if (!cache) {
    const dmto = readJson<{ increase: DmtoIncrease; tables: DmtoTable[] }>('dmto.json');
    const dmtoTables = ordered('dmto.json', dmto.tables);
    dmtoTables.forEach((table, i) => assertDmtoTable(`dmto.json, entry ${i + 1}`, table));
    assertSourced('dmto.json, increase', dmto.increase);
    cache = {
      scales: ordered('emoluments.json', readJson<{ scales: EmolumentScale[] }>('emoluments.json').scales),
      taxEras: ordered('taxes.json', readJson<{ eras: TaxEra[] }>('taxes.json').eras),
      formalityEras: ordered('formalites.json', readJson<{ eras: FormalitiesEra[] }>('formalites.json').eras),
      dmtoTables,
      increase: dmto.increase,
    };
  }
  return cache;
}

function inForce<T extends Versioned>(list: T[], date: DayDate): T | undefined {
  let found: T | undefined;
  for (const entry of list) {
    if (compareDays(entry.effectiveFrom, date) <= 0) found = entry;
  }
  return found;
}

/** The rules in force on `date`, or undefined before the oldest rule set of every kind. */
export function notaryRulesAt(date: DayDate): NotaryRules | undefined {
  const sets = notaryRuleSets();
  const emoluments = inForce(sets.scales, date);
  const taxes = inForce(sets.taxEras, date);
  const formalities = inForce(sets.formalityEras, date);
  const dmto = inForce(sets.dmtoTables, date);
  if (!emoluments || !taxes || !formalities || !dmto) return undefined;
  const increase = sets.increase;
  const dmtoForFirstTimeBuyerAlternative =
    inForce(sets.dmtoTables, increase.firstTimeBuyerAlternative.rateInForceOn) ?? sets.dmtoTables[0]!;
  return { emoluments, taxes, formalities, dmto, increase, dmtoForFirstTimeBuyerAlternative };
}

/** First day on which every kind of rule is known. */
export function earliestNotaryRuleDate(): DayDate {
  const sets = notaryRuleSets();
  const firsts = [sets.scales, sets.taxEras, sets.formalityEras, sets.dmtoTables].map((l) => l[0]!.effectiveFrom);
  return firsts.reduce((latest, d) => (compareDays(d, latest) > 0 ? d : latest));
}
