/** Departmental DMTO rate in force for a deed: table, temporary increase, first-time buyers. */
import { compareDays, formatFrenchDate, type DayDate } from '../../dates.ts';
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

export function departmentalRate(
  rules: NotaryRules,
  date: DayDate,
  departement: string | null,
  primoaccedant: boolean | undefined,
): DepartmentalRate {
  const { dmto, increase } = rules;
  const hypotheses: string[] = [];
  let percent: number;
  if (departement === null) {
    percent = mostCommonDepartmentalPercent(dmto);
    hypotheses.push(
      `Département non renseigné : taux départemental le plus répandu au ${formatFrenchDate(date)} ` +
        `(${percentFr(percent)}).`,
    );
  } else {
    percent = tablePercent(dmto, departement);
  }
  if (dmto.approximate) {
    hypotheses.push(
      `Table départementale du ${formatFrenchDate(dmto.effectiveFrom)} approximative : ` +
        'la date de hausse de chaque département reste à vérifier.',
    );
  }
  if (percent > increase.ceilingPercent) {
    const inWindow = compareDays(increase.from, date) <= 0 && compareDays(date, increase.until) <= 0;
    if (!inWindow) {
      hypotheses.push(
        `Taux majoré de ${percentFr(percent)} applicable du ${formatFrenchDate(increase.from)} au ` +
          `${formatFrenchDate(increase.until)} seulement : taux ramené à ${percentFr(increase.ceilingPercent)}.`,
      );
      percent = increase.ceilingPercent;
    } else if (primoaccedant === true) {
      hypotheses.push(
        `Primo-accédant (résidence principale) : exclu du taux majoré de ${percentFr(percent)}, ` +
          `taux de ${percentFr(increase.ceilingPercent)}.`,
      );
      percent = increase.ceilingPercent;
    } else {
      hypotheses.push(
        `Acquéreur ${primoaccedant === false ? '' : 'supposé '}non primo-accédant : taux majoré de ` +
          `${percentFr(percent)} (primoaccedant à true pour un primo-accédant achetant sa résidence principale).`,
      );
    }
  }
  return { percent, hypotheses };
}
