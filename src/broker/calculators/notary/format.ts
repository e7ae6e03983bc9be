/** Money rounding and the French number formats used in the `hypotheses` texts. */

/** Rounds to the cent, half up; the toPrecision step absorbs binary noise (8709.975 → 8709.98). */
export function roundCents(amount: number): number {
  return Math.round(Number((amount * 100).toPrecision(15))) / 100;
}

/** 5 → "5,00 %", 0.715 → "0,715 %". */
export function percentFr(percent: number): string {
  const digits = Math.max(2, (String(percent).split('.')[1] ?? '').length);
  return `${percent.toFixed(Math.min(digits, 5)).replace('.', ',')} %`;
}

/** 1360 → "1360,00 €". */
export function eurosFr(amount: number): string {
  return `${amount.toFixed(2).replace('.', ',')} €`;
}
