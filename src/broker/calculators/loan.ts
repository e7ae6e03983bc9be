import { addMonths, DATE_YEARS, formatFrenchDate, isInDateRange, parseFrenchDate, type DayDate } from '../../platform/http/paris-dates.ts';
import { amortizationSchedule, annualEquivalentRate, annuityPayment, monthlyIrr } from './annuity.ts';
import { CalculatorInputError } from './input-error.ts';
import type { LoanInput, LoanResult } from './loan.schema.ts';

export { LoanBody, LoanResponse, type LoanInput, type LoanResult } from './loan.schema.ts';

const FEE_FIELDS = ['fraisdossier', 'fraisgarantie', 'fraiscourtage'] as const;

export interface ValidLoan {
  start: DayDate;
  end: DayDate;
  fees: number;
}

/** Rules the schema cannot express; returns the parsed start and end dates and the total upfront fees. */
export function validateLoan(input: LoanInput): ValidLoan {
  const start = parseFrenchDate(input.datedebut);
  if (!start) throw new CalculatorInputError('datedebut', 'datedebut doit être une date valide au format dd/mm/yyyy');
  // Every date the answer shows (schedule, datefin) must stay a contract date.
  const end = addMonths(start, input.duree);
  if (!isInDateRange(end)) {
    throw new CalculatorInputError('datedebut', `datedebut + duree mois doit tomber au plus tard le 31/12/${DATE_YEARS.max}`);
  }
  const fees = FEE_FIELDS.reduce((sum, field) => sum + (input[field] ?? 0), 0);
  if (fees >= input.montant) {
    // Name the largest fee: it is the one the caller most likely mistyped.
    const field = FEE_FIELDS.reduce((a, b) => ((input[b] ?? 0) > (input[a] ?? 0) ? b : a));
    throw new CalculatorInputError(field, 'les frais doivent être inférieurs au montant emprunté');
  }
  return { start, end, fees };
}

/** Guide §11: constant-annuity loan; with `detail`, the schedule, insurance and TAEG as well. */
export function calculateLoan(input: LoanInput): LoanResult {
  const { start, end, fees } = validateLoan(input);
  const { montant, duree, taux } = input;
  const mensualite = annuityPayment(montant, taux, duree);
  const totalpaiements = mensualite * duree;
  const result: LoanResult = {
    mensualite,
    totalpaiements,
    // A zero or near-zero rate can leave m·n an ulp under the capital; interest is never negative.
    totalinterets: Math.max(0, totalpaiements - montant),
    datefin: formatFrenchDate(end),
  };
  if (!input.detail) return result;

  const assurancemensuelle = (montant * (input.tauxassurance ?? 0)) / 1200;
  const flows = new Array<number>(duree).fill(mensualite + assurancemensuelle);
  return {
    ...result,
    echeancier: amortizationSchedule(montant, taux, duree).map((line) => ({
      numero: line.numero,
      date: formatFrenchDate(addMonths(start, line.numero)),
      mensualite: line.mensualite,
      interets: line.interets,
      capital: line.capital,
      capitalrestantdu: line.capitalrestantdu,
    })),
    assurancemensuelle,
    taeg: annualEquivalentRate(monthlyIrr(montant - fees, flows)),
  };
}
