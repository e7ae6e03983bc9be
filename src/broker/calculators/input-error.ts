/**
 * Raised by a calculator's pure validation when an input breaks a rule the schema cannot express
 * (a range that depends on another field, a date before today…). The route turns it into the
 * broker contract's error: `incomplete` → 409 "Incomplete form.", `invalid` → 409 "Invalid form.",
 * with `details` naming the field.
 */
export class CalculatorInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
    readonly kind: 'incomplete' | 'invalid' = 'invalid',
  ) {
    super(message);
    this.name = 'CalculatorInputError';
  }
}
