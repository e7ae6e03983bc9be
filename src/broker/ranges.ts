import { DATE_YEARS } from '../platform/http/paris-dates.ts';

/**
 * Realistic bounds of every number the broker surface accepts, documented once. Schemas take their
 * `minimum`/`maximum` from here and state them in their descriptions (hence in the OpenAPI
 * document); within them the calculators answer finite numbers (property-tested), and out of them
 * a request is "Invalid form." naming the field.
 */
export interface NumberRange {
  min: number;
  max: number;
  /** The bound itself is refused (> min, < max). */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  unit?: string;
}

/** Any amount in euros (price, loan, income, fee, tax): 100 M€ is beyond any household's file. */
export const MAX_AMOUNT_EUR = 100_000_000;
/** Interest and insurance rates, in percent a year. */
export const MAX_RATE_PERCENT = 100;
/** A loan lasts at most 50 years. */
export const MAX_LOAN_MONTHS = 600;
/** The guide's own cap for the capacity and buy-back calculators (§13, §14). */
export const GUIDE_MAX_LOAN_MONTHS = 540;
/** Debt ratio the capacity calculator accepts, in percent of income (guide §13). */
export const GUIDE_MAX_DEBT_RATIO_PERCENT = 50;
/** Surfaces in m²: 100 hectares, far above any home with its land. */
export const MAX_SURFACE_M2 = 1_000_000;
/** People in one household. */
export const MAX_HOUSEHOLD_PERSONS = 50;
/** Age of a building, in years. */
export const MAX_BUILDING_AGE_YEARS = 1000;
/** Years as a bank's customer: a lifetime. */
export const MAX_CUSTOMER_YEARS = 120;
/** Months of salary paid in a year (12, 13, 14…). */
export const MAX_PAID_MONTHS_A_YEAR = 24;
/** Borrowers of one file are numbered 0 (main) to 11: the update route takes 12 at most. */
export const MAX_BORROWER_NUMBER = 11;

export const RANGES = {
  amount: { min: 0, max: MAX_AMOUNT_EUR, unit: '€' },
  positiveAmount: { min: 0, exclusiveMin: true, max: MAX_AMOUNT_EUR, unit: '€' },
  /** A rate a calculator computes with: 100 % a year and more is refused. */
  rate: { min: 0, max: MAX_RATE_PERCENT, exclusiveMax: true, unit: '%' },
  /** A rate recorded in a loan file. */
  fileRate: { min: 0, max: MAX_RATE_PERCENT, unit: '%' },
  debtRatio: { min: 0, exclusiveMin: true, max: GUIDE_MAX_DEBT_RATIO_PERCENT, unit: '%' },
  loanMonths: { min: 1, max: MAX_LOAN_MONTHS, unit: 'mois' },
  guideLoanMonths: { min: 1, max: GUIDE_MAX_LOAN_MONTHS, unit: 'mois' },
  /** A duration recorded in a loan file. */
  fileMonths: { min: 0, max: MAX_LOAN_MONTHS, unit: 'mois' },
  surface: { min: 0, max: MAX_SURFACE_M2, unit: 'm²' },
  persons: { min: 0, max: MAX_HOUSEHOLD_PERSONS, unit: 'personnes' },
  occupants: { min: 0, exclusiveMin: true, max: MAX_HOUSEHOLD_PERSONS, unit: 'personnes' },
  buildingAge: { min: 0, max: MAX_BUILDING_AGE_YEARS, unit: 'ans' },
  customerYears: { min: 0, max: MAX_CUSTOMER_YEARS, unit: 'ans' },
  extraMonths: { min: 0, max: 11, unit: 'mois' },
  paidMonths: { min: 1, max: MAX_PAID_MONTHS_A_YEAR, unit: 'mois' },
  borrowerNumber: { min: 0, max: MAX_BORROWER_NUMBER },
  year: { min: DATE_YEARS.min, max: DATE_YEARS.max },
} as const satisfies Record<string, NumberRange>;

/** French digits with plain spaces (100 000 000; 0,5; 2199 as a year is written): what a reader expects. */
export function frenchNumber(n: number): string {
  const [whole, fraction] = String(n).split('.');
  const grouped = Math.abs(n) < 10_000 ? whole! : whole!.replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
  return fraction ? `${grouped},${fraction}` : grouped;
}

/** The bounds in words: "Bornes : > 0 et ≤ 100 000 000 €." */
export function rangeText(range: NumberRange): string {
  const unit = range.unit ? ` ${range.unit}` : '';
  return `Bornes : ${range.exclusiveMin ? '>' : '≥'} ${frenchNumber(range.min)} et ` +
    `${range.exclusiveMax ? '<' : '≤'} ${frenchNumber(range.max)}${unit}.`;
}

/** JSON-schema keywords of a range. */
export function rangeKeywords(range: NumberRange) {
  return {
    ...(range.exclusiveMin ? { exclusiveMinimum: range.min } : { minimum: range.min }),
    ...(range.exclusiveMax ? { exclusiveMaximum: range.max } : { maximum: range.max }),
  };
}

/** Keywords and description of a bounded number: `Type.Number(bounded(RANGES.amount, 'Prix.'))`. */
export function bounded(range: NumberRange, description: string) {
  const sentence = /[.!?]$/.test(description) ? description : `${description}.`;
  return { ...rangeKeywords(range), description: `${sentence} ${rangeText(range)}` };
}
