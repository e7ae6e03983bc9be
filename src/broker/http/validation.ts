import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifySchemaCompiler } from 'fastify';
import { DATE_YEARS, isFrenchDate, parseParisDateTime } from '../../platform/http/paris-dates.ts';
import { BrokerError, jsonPath, type BrokerErrorCode, type FieldProblem } from '../errors.ts';

// ajv and ajv-formats are CommonJS; their default export sits one level down under NodeNext.
const Ajv = AjvModule.default ?? AjvModule;
const addFormats = addFormatsModule.default ?? addFormatsModule;

function makeAjv(coerceTypes: boolean) {
  const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes, useDefaults: false, removeAdditional: false });
  addFormats(ajv, ['email']);
  ajv.addFormat('date-fr', { type: 'string', validate: isFrenchDate });
  ajv.addFormat('date-fr-or-empty', { type: 'string', validate: (s: string) => s === '' || isFrenchDate(s) });
  ajv.addFormat('datetime-fr-or-empty', { type: 'string', validate: (s: string) => s === '' || parseParisDateTime(s) !== null });
  return ajv;
}

const bodyAjv = makeAjv(false);
const queryAjv = makeAjv(true);

/** Bodies are validated as sent (no coercion, no stripping); query strings are coerced. */
export const brokerValidatorCompiler: FastifySchemaCompiler<unknown> = ({ schema, httpPart }) => {
  const ajv = httpPart === 'body' ? bodyAjv : queryAjv;
  return ajv.compile(schema as object) as ValidateFunction;
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
 * Maps schema errors onto the contract's codes. Unknown fields and over-long arrays mean "Too many
 * arguments"; a missing field inside a credit is the credit error; any other missing (or empty
 * required) field means "Incomplete form"; everything else (type, enum, format, range) is
 * "Invalid form". Every problem
 * is listed in `details` whatever the code.
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
  if (has((e) => e.keyword === 'additionalProperties' || e.keyword === 'maxItems')) code = 'TOO_MANY_ARGUMENTS';
  else if (has((e) => e.keyword === 'required' && CREDIT_PATH.test(e.instancePath))) code = 'CREDIT_FIELDS_MISSING';
  else if (has((e) => e.keyword === 'required' || e.keyword === 'minItems' || isEmptyRequired(e))) code = 'INCOMPLETE_FORM';
  return new BrokerError(code, details);
}
