/**
 * Constant-annuity loan maths (monthly instalments, first one a month after the start), shared by
 * the loan, capacity and buy-back calculators. Rates are annual percentages as the contract sends
 * them (`1.35` for 1.35 %); amounts are plain doubles, never rounded here except by `roundCents`.
 */

/** Monthly rate of an annual percentage: the contract's convention, taux / 12 / 100. */
export function monthlyRate(taux: number): number {
  return taux / 1200;
}

/**
 * Below this n·r the textbook 1 − (1+r)^−n cancels catastrophically (and is 0 once 1 + r rounds
 * to 1), so the annuity factor is taken from expm1/log1p instead. Above it the textbook form is kept
 * because it reproduces the guide's figures bit for bit; no real loan (≥ 0.1 % over ≥ 12 months)
 * falls below it.
 */
const SMALL_RATE_TIMES_MONTHS = 1e-3;

/** Annuity factor (1 − (1+r)^−n) / r for tiny rates, without cancellation or underflow. */
function smallRateFactor(r: number, months: number): number {
  return -Math.expm1(-months * Math.log1p(r)) / r;
}

/** Instalment excluding insurance: P·r / (1 − (1+r)^−n); P / n at a zero rate. */
export function annuityPayment(principal: number, taux: number, months: number): number {
  const r = monthlyRate(taux);
  if (r === 0) return principal / months;
  if (r * months < SMALL_RATE_TIMES_MONTHS) return principal / smallRateFactor(r, months);
  return (principal * r) / (1 - Math.pow(1 + r, -months));
}

/** Capital that `months` instalments of `payment` repay: payment·(1 − (1+r)^−n) / r. */
export function presentValue(payment: number, taux: number, months: number): number {
  const r = monthlyRate(taux);
  if (r === 0) return payment * months;
  if (r * months < SMALL_RATE_TIMES_MONTHS) return payment * smallRateFactor(r, months);
  return (payment * (1 - Math.pow(1 + r, -months))) / r;
}

/**
 * Capital outstanding once `paid` instalments are paid (0 ≤ paid ≤ months). Taken as the present
 * value of the instalments still due rather than P(1+r)^k − m((1+r)^k − 1)/r: same value, but
 * no cancellation, and exactly 0 at the end.
 */
export function outstandingAfter(principal: number, taux: number, months: number, paid: number): number {
  const left = Math.min(Math.max(months - paid, 0), months);
  if (left === 0) return 0;
  return presentValue(annuityPayment(principal, taux, months), taux, left);
}

export interface ScheduleLine {
  numero: number;
  mensualite: number;
  interets: number;
  capital: number;
  capitalrestantdu: number;
}

/**
 * Amortisation table in unrounded doubles. Each line has mensualite = interets + capital. The last
 * line repays whatever capital is left, so the floating-point drift accumulated over the schedule
 * (≈1e-9) lands in its mensualite and capitalrestantdu ends at exactly 0.
 */
export function amortizationSchedule(principal: number, taux: number, months: number): ScheduleLine[] {
  const r = monthlyRate(taux);
  const payment = annuityPayment(principal, taux, months);
  const lines: ScheduleLine[] = [];
  let balance = principal;
  for (let numero = 1; numero <= months; numero++) {
    const interets = balance * r;
    const last = numero === months;
    const capital = last ? balance : payment - interets;
    balance = last ? 0 : balance - capital;
    lines.push({ numero, mensualite: last ? capital + interets : payment, interets, capital, capitalrestantdu: balance });
  }
  return lines;
}

/**
 * Monthly internal rate of return i ≥ 0 of a loan: `net` received at t0, `payments[k]` paid at
 * month k+1, i.e. net = Σ payments[k]·(1+i)^−(k+1). The present value falls as i rises, so a bisection
 * on [0, Σ payments / net] always converges. Returns 0 when the payments do not exceed `net`,
 * with a 1e-12 relative slack because a zero-rate loan's (P/n)·n can come out an ulp above P.
 */
export function monthlyIrr(net: number, payments: readonly number[]): number {
  const total = payments.reduce((sum, p) => sum + p, 0);
  if (!(net > 0) || total <= net * (1 + 1e-12)) return 0;
  const excess = (i: number) => {
    const v = 1 / (1 + i);
    let pv = 0;
    for (let k = payments.length - 1; k >= 0; k--) pv = (pv + payments[k]!) * v;
    return pv - net;
  };
  // At i = total/net every flow is worth less than net·p/total, so the excess is negative there.
  let lo = 0;
  let hi = total / net;
  for (let iter = 0; iter < 200; iter++) {
    const mid = (lo + hi) / 2;
    if (mid <= lo || mid >= hi) break;
    if (excess(mid) > 0) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * TAEG in % from the monthly actuarial rate: (1+i)^12 − 1, the equivalent annual rate of the
 * R314-3 annex (times counted in years, 12 equal months). 12·i (proportional) is only the TEG of
 * business loans (R314-2).
 */
export function annualEquivalentRate(monthly: number): number {
  return (Math.pow(1 + monthly, 12) - 1) * 100;
}

/**
 * Rounds money to the cent, half away from zero. The (1 + ε) nudge makes amounts whose decimal
 * form ends in 5 (1.005, stored as 1.00499…) round up as a person would.
 */
export function roundCents(amount: number): number {
  const cents = Math.round(Math.abs(amount) * 100 * (1 + Number.EPSILON));
  return (Math.sign(amount) * cents) / 100 || 0;
}
