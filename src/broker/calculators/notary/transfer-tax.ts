/**
 * Departmental DMTO rate in force for a deed: table, temporary increase, first-time buyers, and the
 * hypotheses that name another rate where a date or a reading is uncertain.
 */
import { compareDays, formatFrenchDate, type DayDate } from '../../../platform/http/paris-dates.ts';
import { departementCodes } from './departement.ts';
import type { DmtoTable, NotaryRules } from './rules.ts';
import { percentFr } from './format.ts';

export interface DepartmentalRate {
  percent: number;
  hypotheses: string[];
}

export function tablePercent(table: DmtoTable, departement: string): number {
  return table.percentByDepartement[departement] ?? table.defaultPercent;
}

const modeCache = new WeakMap<DmtoTable, number>();

/** The rate most départements apply under this table (the higher one on a tie, to stay prudent). */
export function mostCommonDepartmentalPercent(table: DmtoTable): number {
  const cached = modeCache.get(table);
  if (cached !== undefined) return cached;
  const counts = new Map<number, number>();
  for (const code of departementCodes()) {
    const rate = tablePercent(table, code);
    counts.set(rate, (counts.get(rate) ?? 0) + 1);
  }
  let best = table.defaultPercent;
  let bestCount = -1;
  for (const [rate, count] of counts) {
    if (count > bestCount || (count === bestCount && rate > best)) [best, bestCount] = [rate, count];
  }
  modeCache.set(table, best);
  return best;
}

const inIncreaseWindow = ({ increase }: NotaryRules, date: DayDate): boolean =>
  compareDays(increase.from, date) <= 0 && compareDays(date, increase.until) <= 0;

/** The table rate as applied on `date`: the increase only inside its window, never for first-time buyers. */
function applyIncrease(rules: NotaryRules, date: DayDate, rate: number, primoaccedant: boolean | undefined): DepartmentalRate {
  const { increase } = rules;
  if (rate <= increase.ceilingPercent) return { percent: rate, hypotheses: [] };
  if (!inIncreaseWindow(rules, date)) {
    return {
      percent: increase.ceilingPercent,
      hypotheses: [
        `Taux majoré de ${percentFr(rate)} applicable du ${formatFrenchDate(increase.from)} au ` +
          `${formatFrenchDate(increase.until)} seulement : taux ramené à ${percentFr(increase.ceilingPercent)}.`,
      ],
    };
  }
  if (primoaccedant === true) {
    return {
      percent: increase.ceilingPercent,
      hypotheses: [
        `Primo-accédant (résidence principale) : exclu du taux majoré de ${percentFr(rate)}, ` +
          `taux de ${percentFr(increase.ceilingPercent)}.`,
      ],
    };
  }
  return {
    percent: rate,
    hypotheses: [
      `Acquéreur ${primoaccedant === false ? '' : 'supposé '}non primo-accédant : taux majoré de ` +
        `${percentFr(rate)} (primoaccedant à true pour un primo-accédant achetant sa résidence principale).`,
    ],
  };
}

/**
 * For a first-time buyer kept out of the increase: the spec caps the rate at the ceiling, another
 * reading keeps the rate in force before the reform. Said only where the two differ (a département
 * that went from below the ceiling straight to the increased rate).
 */
function firstTimeBuyerReading(rules: NotaryRules, date: DayDate, departement: string, rate: number): string[] {
  const { increase } = rules;
  if (rate <= increase.ceilingPercent || !inIncreaseWindow(rules, date)) return [];
  const { rateInForceOn, hypothesis } = increase.firstTimeBuyerAlternative;
  const before = tablePercent(rules.dmtoForFirstTimeBuyerAlternative, departement);
  if (before >= increase.ceilingPercent) return [];
  return [
    `Primo-accédant : lecture retenue, taux plafonné à ${percentFr(increase.ceilingPercent)} ; ${hypothesis} ` +
      `retiendrait le taux en vigueur au ${formatFrenchDate(rateInForceOn)}, soit ${percentFr(before)} ` +
      `pour ce département.`,
  ];
}

/** The other rate of a département whose start date in this table is uncertain, if it changes the result. */
function uncertainDate(
  rules: NotaryRules, date: DayDate, departement: string, applied: number, primoaccedant: boolean | undefined,
): string[] {
  const group = rules.dmto.uncertain?.find((g) => g.departements.includes(departement));
  if (!group) return [];
  const otherwise = applyIncrease(rules, date, group.otherwisePercent, primoaccedant).percent;
  if (otherwise === applied) return [];
  return [
    `Date de changement de taux incertaine pour ce département (${group.hypothesis}) : ` +
      `${percentFr(applied)} appliqué au ${formatFrenchDate(date)}, ${percentFr(otherwise)} sinon.`,
  ];
}

export function departmentalRate(
  rules: NotaryRules,
  date: DayDate,
  departement: string | null,
  primoaccedant: boolean | undefined,
): DepartmentalRate {
  if (departement === null) {
    const rate = mostCommonDepartmentalPercent(rules.dmto);
    const applied = applyIncrease(rules, date, rate, primoaccedant);
    return {
      percent: applied.percent,
      hypotheses: [
        `Département non renseigné : taux départemental le plus répandu au ${formatFrenchDate(date)} ` +
          `(${percentFr(rate)}).`,
        ...applied.hypotheses,
      ],
    };
  }
  const rate = tablePercent(rules.dmto, departement);
  const applied = applyIncrease(rules, date, rate, primoaccedant);
  return {
    percent: applied.percent,
    hypotheses: [
      ...applied.hypotheses,
      ...(primoaccedant === true ? firstTimeBuyerReading(rules, date, departement, rate) : []),
      ...uncertainDate(rules, date, departement, applied.percent, primoaccedant),
    ],
  };
}
