import { presentValue } from './annuity.ts';
import type { CapacityInput, CapacityResult } from './capacity.schema.ts';
import { CalculatorInputError } from './input-error.ts';

export { CapacityBody, CapacityResponse, type CapacityInput, type CapacityResult } from './capacity.schema.ts';

/** Share of the capacity left for the purchase price: a rule of thumb keeping 10 % for costs. */
export const VALEUR_BIEN_RATIO = 0.9;
/** HCSF (D-HCSF-2021-7 as amended): debt ratio ≤ 35 %, maturity ≤ 25 years. */
export const HCSF_MAX_ENDETTEMENT = 35;
export const HCSF_MAX_DUREE = 300;
const MAX_MENSUALITE_SHARE = 0.5;

/** Cross-field rules: exactly one of endettement / mensualite, and mensualite ≤ 50 % of income. */
export function validateCapacity(input: CapacityInput): void {
  const { endettement, mensualite } = input;
  if (endettement !== undefined && mensualite !== undefined) {
    throw new CalculatorInputError('endettement,mensualite', 'renseignez soit endettement soit mensualite, pas les deux');
  }
  if (endettement === undefined && mensualite === undefined) {
    throw new CalculatorInputError('endettement,mensualite', 'renseignez endettement ou mensualite', 'incomplete');
  }
  if (mensualite !== undefined && mensualite > input.revenumensuel * MAX_MENSUALITE_SHARE) {
    throw new CalculatorInputError('mensualite', 'la mensualité ne peut excéder 50 % du revenu mensuel');
  }
}

/** Guide §13: capital that the chosen monthly payment repays over `duree` months at `taux`. */
export function calculateCapacity(input: CapacityInput): CapacityResult {
  validateCapacity(input);
  const { revenumensuel, taux, duree } = input;
  // validateCapacity guarantees exactly one of the two is present.
  const mensualite = input.mensualite ?? (revenumensuel * (input.endettement ?? 0)) / 100;
  const endettement = input.endettement ?? (mensualite / revenumensuel) * 100;
  const capacite = presentValue(mensualite, taux, duree);
  // The slack absorbs mensualite / revenu × 100 landing an ulp above an exact 35 %.
  const respectehcsf = endettement <= HCSF_MAX_ENDETTEMENT + 1e-9 && duree <= HCSF_MAX_DUREE;
  const base = { capacite, valeurbien: capacite * VALEUR_BIEN_RATIO };
  // The guide answers with whichever of the two the caller did not send.
  return input.mensualite === undefined
    ? { ...base, mensualite, respectehcsf }
    : { ...base, endettement, respectehcsf };
}
