import { addMonths, compareDays, monthsBetween, parseFrenchDate, type DayDate } from '../../platform/http/paris-dates.ts';
import { annuityPayment, outstandingAfter, roundCents } from './annuity.ts';
import type { BuybackInput, BuybackResult } from './buyback.schema.ts';
import { CalculatorInputError } from './input-error.ts';

export { BuybackBody, BuybackResponse, type BuybackInput, type BuybackResult } from './buyback.schema.ts';

/** R313-25 caps: 3 % of the capital repaid, and six months of interest at the loan's rate. */
const IRA_CAP_SHARE = 0.03;
const IRA_CAP_MONTHS = 6;

/**
 * Instalments paid by `at` when instalment k falls on start + k months (the loan calculator's
 * schedule). monthsBetween alone misses end-of-month instalments clamped by addMonths
 * (31/01 + 1 month = 28/02), hence the forward check.
 */
export function instalmentsPaid(start: DayDate, at: DayDate): number {
  let paid = Math.max(0, monthsBetween(start, at));
  while (compareDays(addMonths(start, paid + 1), at) <= 0) paid++;
  return paid;
}

/** Early repayment penalty on `crd` at the annual percentage `taux`, to the cent. */
export function earlyRepaymentPenalty(crd: number, taux: number): number {
  return roundCents(Math.min(IRA_CAP_SHARE * crd, ((crd * taux) / 100) * (IRA_CAP_MONTHS / 12)));
}

/** Old loan's insurance premium for instalment `numero` (1-based): CI constant, CRD on the capital still due. */
export function oldInsurancePremium(input: BuybackInput, numero: number): number {
  const base =
    input.typeassuranceancien === 'CI'
      ? input.montantancien
      : outstandingAfter(input.montantancien, input.tauxhaancien, input.dureeancien, numero - 1);
  return (base * input.tauxassuranceancien) / 1200;
}

export interface ValidBuyback {
  start: DayDate;
  buyback: DayDate;
  /** Instalments of the old loan already paid at the buy-back date. */
  paid: number;
}

/** Rules that depend on today or on several fields; returns the parsed dates and the instalments paid. */
export function validateBuyback(input: BuybackInput, today: DayDate): ValidBuyback {
  const start = parseFrenchDate(input.datedebutancien);
  if (!start) throw new CalculatorInputError('datedebutancien', 'datedebutancien doit être une date valide au format dd/mm/yyyy');
  const buyback = parseFrenchDate(input.daterachat);
  if (!buyback) throw new CalculatorInputError('daterachat', 'daterachat doit être une date valide au format dd/mm/yyyy');
  if (compareDays(buyback, today) < 0) {
    throw new CalculatorInputError('daterachat', 'la date de rachat doit être postérieure ou égale à la date du jour');
  }
  if (compareDays(buyback, start) < 0) {
    throw new CalculatorInputError('daterachat', 'la date de rachat doit être postérieure à la date de début du prêt en cours');
  }
  const paid = instalmentsPaid(start, buyback);
  if (paid >= input.dureeancien) {
    throw new CalculatorInputError('daterachat', 'le prêt en cours est terminé à la date de rachat');
  }
  return { start, buyback, paid };
}

const diff = (old: number, next: number) => roundCents(old - next);

/**
 * Guide §14, computed consistently (spec A.4, D.5): the old loan's remaining instalments are
 * paid + 1 … dureeancien and the capital bought back is the one outstanding after `paid`; the
 * guide's own example pairs 89 remaining instalments with the capital after 112.
 * Each monthly amount is rounded to the cent after adding insurance, as the guide does, and totals
 * are sums of those rounded amounts.
 */
export function calculateBuyback(input: BuybackInput, today: DayDate): BuybackResult {
  const { paid } = validateBuyback(input, today);
  const { montantancien, dureeancien, tauxhaancien, dureenouveau, tauxnominalnouveau } = input;

  const remaining = dureeancien - paid;
  const oldPayment = annuityPayment(montantancien, tauxhaancien, dureeancien);
  let oldTotal = 0;
  let oldFirstTtc = 0;
  for (let numero = paid + 1; numero <= dureeancien; numero++) {
    const ttc = roundCents(oldPayment + oldInsurancePremium(input, numero));
    if (numero === paid + 1) oldFirstTtc = ttc;
    oldTotal += ttc;
  }
  oldTotal = roundCents(oldTotal);

  const crd = roundCents(outstandingAfter(montantancien, tauxhaancien, dureeancien, paid));
  const ira = earlyRepaymentPenalty(crd, tauxhaancien);
  const fees = (input.fraisnouvellegarantie ?? 0) + (input.fraisdossier ?? 0) + (input.fraiscourtage ?? 0);
  const nouveaucapital = roundCents(crd + ira + fees);
  const newPayment = annuityPayment(nouveaucapital, tauxnominalnouveau, dureenouveau);
  const newTtc = roundCents(newPayment + (nouveaucapital * input.tauxassurancenouveau) / 1200);
  const newTotal = roundCents(newTtc * dureenouveau);

  // At a zero rate, instalments rounded down to the cent can undershoot the capital by a few cents.
  const oldCost = Math.max(0, roundCents(oldTotal - crd));
  const newCost = Math.max(0, roundCents(newTotal - nouveaucapital));
  const oldHa = roundCents(oldPayment);
  const newHa = roundCents(newPayment);

  return {
    gaintresorerie: diff(oldTotal, newTotal),
    gaincoutcredit: diff(oldCost, newCost),
    resultats: [
      [remaining, dureenouveau, remaining - dureenouveau],
      [oldHa, newHa, diff(oldHa, newHa)],
      [oldFirstTtc, newTtc, diff(oldFirstTtc, newTtc)],
      [oldCost, newCost, diff(oldCost, newCost)],
    ],
    detail: { moisecoules: paid, crd, ira, nouveaucapital },
  };
}
