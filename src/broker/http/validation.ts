import type { ErrorObject } from 'ajv';
import { UNSTORABLE_TEXT, type SurfaceValidationOptions } from '../../platform/http/validation.ts';
import { DATE_YEARS, isFrenchDate, parseParisDateTime } from '../../platform/http/paris-dates.ts';
import { BrokerError, jsonPath, type BrokerErrorCode, type FieldProblem } from '../errors.ts';

/** The broker's date formats, added to the platform's validation (structural guard, schema, text rule). */
export const BROKER_VALIDATION: SurfaceValidationOptions = {
  formats: {
    'date-fr': isFrenchDate,
    'date-fr-or-empty': (s) => s === '' || isFrenchDate(s),
    'datetime-fr-or-empty': (s) => s === '' || parseParisDateTime(s) !== null,
  },
};

const CREDIT_PATH = /\/(credits?|creditsconso)(\/\d+)?$/;

function problem(error: ErrorObject): FieldProblem {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return { field: jsonPath(error.instancePath, String(params.missingProperty)), message: 'is required' };
    case 'additionalProperties':
      return { field: jsonPath(error.instancePath, String(params.additionalProperty)), message: 'is not a known field' };
    case 'enum':
      return {
        field: jsonPath(error.instancePath),
        message: `must be one of: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`,
      };
    case 'format':
      return { field: jsonPath(error.instancePath), message: formatMessage(String(params.format)) };
    case UNSTORABLE_TEXT:
      return { field: jsonPath(error.instancePath), message: error.message ?? 'cannot be stored' };
    case 'minLength':
      if (isEmptyRequired(error)) return { field: jsonPath(error.instancePath), message: 'is required (it is empty)' };
      return { field: jsonPath(error.instancePath), message: error.message ?? 'is too short' };
    default:
      return { field: jsonPath(error.instancePath), message: error.message ?? 'is invalid' };
  }
}

/**
 * Required strings are `minLength: 1`: an empty one is a field left blank (the guide's jQuery form
 * sends "" for an empty input), i.e. a missing field, not an invalid one.
 */
function isEmptyRequired(error: ErrorObject): boolean {
  return error.keyword === 'minLength' && (error.params as { limit?: number }).limit === 1;
}

const YEARS = `from 01/01/${DATE_YEARS.min} to 31/12/${DATE_YEARS.max}`;

function formatMessage(format: string): string {
  if (format === 'date-fr') return `must be a real date formatted dd/mm/yyyy, ${YEARS}`;
  if (format === 'date-fr-or-empty') return `must be a real date formatted dd/mm/yyyy, ${YEARS}, or empty`;
  if (format === 'datetime-fr-or-empty') return `must be a real date and time formatted dd/mm/yyyy HH:MM, ${YEARS}, that exists in Paris, or empty`;
  if (format === 'email') return 'must be a valid email address';
  return `must match format "${format}"`;
}

/**
 * Maps schema errors onto the contract's codes. Unknown fields, over-long arrays and over-full objects
 * mean "Too many arguments"; a missing field inside a credit is the credit error; any other missing (or empty
 * required) field means "Incomplete form"; everything else (type, enum, format, range) is
 * "Invalid form", and so is text the database cannot store. Every problem is listed
 * in `details` (up to the platform's cap) whatever the code.
 */
export function brokerErrorFromValidation(errors: ErrorObject[]): BrokerError {
  // anyOf/oneOf wrappers only repeat what their branches already said.
  const relevant = errors.filter((e) => e.keyword !== 'anyOf' && e.keyword !== 'oneOf' && e.keyword !== 'if');
  const list = relevant.length ? relevant : errors;
  const dedup = new Map<string, FieldProblem>();
  // A union of literals fails once per literal: say which values it accepts, once.
  const constants = new Map<string, unknown[]>();
  for (const e of list) {
    if (e.keyword === 'const') {
      const allowed = constants.get(e.instancePath) ?? [];
      allowed.push((e.params as { allowedValue: unknown }).allowedValue);
      constants.set(e.instancePath, allowed);
    }
  }
  for (const [path, allowed] of constants) {
    dedup.set(jsonPath(path), { field: jsonPath(path), message: `must be one of: ${allowed.map((v) => JSON.stringify(v)).join(', ')}` });
  }
  for (const e of list) {
    const p = problem(e);
    if (!dedup.has(p.field)) dedup.set(p.field, p);
  }
  const details = [...dedup.values()];
  const has = (pred: (e: ErrorObject) => boolean) => list.some(pred);
  let code: BrokerErrorCode = 'INVALID_FORM';
  if (has((e) => e.keyword === 'additionalProperties' || e.keyword === 'maxItems' || e.keyword === 'maxProperties')) code = 'TOO_MANY_ARGUMENTS';
  else if (has((e) => e.keyword === 'required' && CREDIT_PATH.test(e.instancePath))) code = 'CREDIT_FIELDS_MISSING';
  else if (has((e) => e.keyword === 'required' || e.keyword === 'minItems' || isEmptyRequired(e))) code = 'INCOMPLETE_FORM';
  return new BrokerError(code, details);
}
