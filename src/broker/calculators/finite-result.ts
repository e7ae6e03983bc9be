import { CalculatorInputError } from './input-error.ts';

/**
 * The calculators' last line of defence. Within the schemas' bounds every result is finite (the
 * property tests cover the whole input space); should a future rule break that, JSON would turn
 * NaN and ±Infinity into `null` and answer 200. The routes pass every result through
 * `finiteResult`, which refuses it instead as invalid input naming the field that drives it.
 */

/** Path of the first number of `value` that is NaN or infinite (`$.echeancier[3].interets`), else undefined. */
export function firstNonFinite(value: unknown): string | undefined {
  return nonFiniteSegments(value)?.reduce<string>((path, s) => (typeof s === 'number' ? `${path}[${s}]` : `${path}.${s}`), '$');
}

/** The walk builds no string unless it finds something: results are checked on every response. */
function nonFiniteSegments(value: unknown): (string | number)[] | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : [];
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = nonFiniteSegments(value[i]);
      if (found) return [i, ...found];
    }
    return undefined;
  }
  if (value !== null && typeof value === 'object') {
    for (const key in value) {
      const found = nonFiniteSegments((value as Record<string, unknown>)[key]);
      if (found) return [key, ...found];
    }
  }
  return undefined;
}

/** Top-level output key → the input field that drives it; `*` for every other key. */
export type OutputDrivers = Readonly<{ '*': string } & Record<string, string>>;

/** Which input each calculator blames for an output that is not a finite number. */
export const OUTPUT_DRIVERS = {
  loan: { '*': 'montant', assurancemensuelle: 'tauxassurance', taeg: 'tauxassurance' },
  capacity: { '*': 'revenumensuel' },
  buyback: { '*': 'montantancien' },
  ptz: { '*': 'couttotalprojet' },
  notary: { '*': 'prix' },
} as const satisfies Record<string, OutputDrivers>;

/** Returns `result` if every number in it is finite; otherwise throws the "Invalid form." input error. */
export function finiteResult<T>(result: T, drivers: OutputDrivers): T {
  const path = firstNonFinite(result);
  if (path === undefined) return result;
  const key = /^\$\.([^.[]+)/.exec(path)?.[1];
  const field = (key !== undefined && Object.hasOwn(drivers, key) ? drivers[key] : undefined) ?? drivers['*'];
  throw new CalculatorInputError(field, `${field} est hors des limites du calcul : ${path.slice(2)} ne serait pas un nombre fini`);
}
