/**
 * PTZ rule sets as data (data/reference/ptz/*.json), one file per version keyed by the date from
 * which loan offers follow it. Next year's tables are a new file, not a code change.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { DayDate } from '../../../platform/http/paris-dates.ts';
import { isoDay, ZONES, type Zone } from '../geo/zoning.ts';
import { sourcesProblem, type RuleSource } from '../rule-sources.ts';

export type PtzOperation = 'newBuild' | 'existingWithWorks' | 'socialHousingSale';
export type Dwelling = 'flat' | 'house';
export const PTZ_OPERATIONS: readonly PtzOperation[] = ['newBuild', 'existingWithWorks', 'socialHousingSale'];
export const DWELLINGS: readonly Dwelling[] = ['flat', 'house'];

export interface RepaymentProfile {
  /** Period 1: nothing repaid. */
  deferralMonths: number;
  /** Period 2: constant instalments. */
  repaymentMonths: number;
}

/** The tables of a rule set; each must be covered by at least one source. */
export const PTZ_TABLES = [
  'zoneGroups', 'householdCoefficients', 'incomeCeilings', 'trancheLimits', 'costCeilings', 'quotites',
  'existingWorksMinShare', 'repayment', 'otherLoansCap',
] as const;
export type PtzTable = (typeof PTZ_TABLES)[number];

export interface PtzSource extends RuleSource {
  /** The tables of this rule set that come from this text. */
  tables: PtzTable[];
}

/** Tables indexed by household size keep their last entry for larger households. */
export interface PtzRuleSet {
  id: string;
  /** First day (YYYY-MM-DD) of loan offers under these rules; the set applies until the next one. */
  effectiveFrom: string;
  /** Last day the law itself foresees for these rules, if any. */
  plannedUntil?: string;
  /** French, shown to the user in `hypotheses`. */
  label: string;
  legalBasis: string;
  /** Per table: the text it comes from and the day it was checked; `verify` says what is left to check. */
  sources: PtzSource[];
  notes: string[];
  /** Zone → key of the tables below (the PTZ tables merge A bis with A). */
  zoneGroups: Record<Zone, string>;
  /** By household size (1, 2, …). */
  householdCoefficients: number[];
  /** Ressources ceiling by zone group, by household size. */
  incomeCeilings: Record<string, number[]>;
  /** Upper bound of each tranche for ressources / coefficient, by zone group. */
  trancheLimits: Record<string, number[]>;
  /** Retained-cost ceiling by zone group, by household size. */
  costCeilings: Record<string, number[]>;
  /** Quotité by tranche; an operation is eligible in a zone group only if it has an entry there. */
  quotites: Record<PtzOperation, Record<Dwelling, Record<string, number[]>>>;
  /** Works / total operation cost needed for an existing home. */
  existingWorksMinShare: number;
  /** By tranche. */
  repayment: RepaymentProfile[];
  /** PTZ ≤ factor × other loans; the factor may be higher for a high quotité (L31-10-8 since 2024). */
  otherLoansCap: { factor: number; factorFromQuotite?: { quotite: number; factor: number } };
}

const RULES_DIR = new URL('../../../../data/reference/ptz/', import.meta.url);
let ruleSets: PtzRuleSet[] | undefined;

/** Every rule set on disk, oldest first; validated once. */
export function ptzRuleSets(): readonly PtzRuleSet[] {
  ruleSets ??= readdirSync(RULES_DIR)
    .filter((name) => name.endsWith('.json'))
    .map((name) => {
      const set = JSON.parse(readFileSync(new URL(name, RULES_DIR), 'utf8')) as PtzRuleSet;
      assertRuleSet(set, name);
      return set;
    })
    .sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1));
  return ruleSets;
}

/** The rule set for loan offers issued on `date`; undefined before the first one we hold. */
export function ptzRulesAt(date: DayDate): PtzRuleSet | undefined {
  const day = isoDay(date);
  return ptzRuleSets().filter((set) => set.effectiveFrom <= day).at(-1);
}

/** Size-indexed lookup: households larger than the table use its last entry. */
export function bySize<T>(table: readonly T[], persons: number): T {
  return table[Math.min(persons, table.length) - 1]!;
}

/** Throws on a malformed file, so that a data update fails at load rather than in a computation. */
export function assertRuleSet(set: PtzRuleSet, name: string): void {
  const fail = (what: string) => {
    throw new Error(`PTZ rule set ${name}: ${what}`);
  };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(set.effectiveFrom ?? '')) fail('effectiveFrom must be YYYY-MM-DD');
  const tranches = set.repayment?.length ?? 0;
  if (tranches === 0) fail('repayment must list one profile per tranche');
  const isPositiveList = (list: unknown): list is number[] =>
    Array.isArray(list) && list.length > 0 && list.every((n) => typeof n === 'number' && n > 0);
  if (!isPositiveList(set.householdCoefficients)) fail('householdCoefficients');
  for (const zone of ZONES) {
    const group = set.zoneGroups?.[zone];
    if (!group) fail(`zoneGroups.${zone} missing`);
    const limits = set.trancheLimits?.[group!];
    if (!isPositiveList(limits) || limits.length !== tranches) fail(`trancheLimits.${group} needs ${tranches} entries`);
    if (!isPositiveList(set.incomeCeilings?.[group!])) fail(`incomeCeilings.${group}`);
    if (!isPositiveList(set.costCeilings?.[group!])) fail(`costCeilings.${group}`);
  }
  for (const operation of PTZ_OPERATIONS) {
    for (const dwelling of DWELLINGS) {
      const byGroup = set.quotites?.[operation]?.[dwelling];
      if (!byGroup) fail(`quotites.${operation}.${dwelling} missing (use {} when never eligible)`);
      for (const [group, list] of Object.entries(byGroup!)) {
        const ok = isPositiveList(list) && list.length === tranches && list.every((q) => q <= 1);
        if (!ok) fail(`quotites.${operation}.${dwelling}.${group} needs ${tranches} fractions`);
      }
    }
  }
  for (const p of set.repayment) {
    if (!Number.isInteger(p.deferralMonths) || p.deferralMonths < 0) fail('repayment.deferralMonths');
    if (!Number.isInteger(p.repaymentMonths) || p.repaymentMonths <= 0) fail('repayment.repaymentMonths');
  }
  if (!(set.otherLoansCap?.factor > 0)) fail('otherLoansCap.factor');
  const problem = sourcesProblem(set.sources);
  if (problem) fail(problem);
  for (const [i, source] of set.sources.entries()) {
    const tables = source.tables;
    if (!Array.isArray(tables) || tables.length === 0 || tables.some((t) => !PTZ_TABLES.includes(t))) {
      fail(`sources[${i}].tables must list tables among ${PTZ_TABLES.join(', ')}`);
    }
  }
  const unsourced = PTZ_TABLES.filter((table) => !set.sources.some((s) => s.tables.includes(table)));
  if (unsourced.length > 0) fail(`no source for ${unsourced.join(', ')}`);
}
