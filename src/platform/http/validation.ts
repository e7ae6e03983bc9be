import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FastifyInstance, FastifySchemaCompiler } from 'fastify';
import { checkStructure, DEFAULT_STRUCTURAL_LIMITS, type StructuralLimits } from './body-guard.ts';
import { findUnstorableText } from './storable-text.ts';

// ajv and ajv-formats are CommonJS; their default export sits one level down under NodeNext.
const Ajv = AjvModule.default ?? AjvModule;
const addFormats = addFormatsModule.default ?? addFormatsModule;

/** No error body lists more field problems than this, whatever the request. */
export const MAX_DETAILS = 50;

/** The keyword of the shared text rule's problems (see `storable-text.ts`). */
export const UNSTORABLE_TEXT = 'unstorableText';

export interface SurfaceValidationOptions {
  /** The surface's own string formats (e.g. its date syntax), by name. */
  formats?: Record<string, (value: string) => boolean>;
  limits?: Partial<StructuralLimits>;
}

/**
 * The validator compiler every surface uses. Each compiled check runs, in order:
 * 1. the structural guard (array lengths before items, unknown-key floods, depth): if it finds
 *    anything, that is the answer and the validator never runs;
 * 2. the schema, with every error collected (bodies as sent; query strings and path parameters coerced);
 * 3. the shared text rule: strings and keys the database cannot store.
 * Problems come out as ajv errors (keyword, instancePath, params); the surface maps them to its codes.
 */
export function surfaceValidatorCompiler(options: SurfaceValidationOptions = {}): FastifySchemaCompiler<unknown> {
  const limits = { ...DEFAULT_STRUCTURAL_LIMITS, ...options.limits };
  const bodyAjv = makeAjv(false, options.formats ?? {});
  const coercingAjv = makeAjv(true, options.formats ?? {});
  return ({ schema, httpPart }) => {
    const validate = (httpPart === 'body' ? bodyAjv : coercingAjv).compile(schema as object);
    const check = ((data: unknown) => {
      const structural = checkStructure(schema, data, limits);
      if (structural.length) {
        check.errors = structural as ErrorObject[];
        return false;
      }
      const valid = validate(data);
      const errors = [...(valid ? [] : (validate.errors ?? [])), ...unstorableTextErrors(data)];
      check.errors = errors.length ? errors : null;
      return errors.length === 0;
    }) as ValidateFunction;
    return check;
  };
}

/** Installs the compiler on a surface's scope, with an error message that costs nothing to build. */
export function installSurfaceValidation(scope: FastifyInstance, options: SurfaceValidationOptions = {}): void {
  scope.setValidatorCompiler(surfaceValidatorCompiler(options));
  // Fastify's default formatter joins every error into the message; the surface renders its own body.
  scope.setSchemaErrorFormatter((errors, dataVar) => new Error(`${dataVar} is invalid (${errors.length} problems)`));
}

function unstorableTextErrors(data: unknown): ErrorObject[] {
  return findUnstorableText(data).map(({ pointer, inKey }) => ({
    keyword: UNSTORABLE_TEXT,
    instancePath: pointer,
    schemaPath: '#',
    params: { inKey },
    message: inKey
      ? 'is a key containing a character that cannot be stored (U+0000 or a lone UTF-16 surrogate)'
      : 'contains a character that cannot be stored (U+0000 or a lone UTF-16 surrogate)',
  }));
}

function makeAjv(coerceTypes: boolean, formats: Record<string, (value: string) => boolean>) {
  const ajv = new Ajv({ allErrors: true, strict: false, coerceTypes, useDefaults: false, removeAdditional: false });
  addFormats(ajv, ['email']);
  for (const [name, validate] of Object.entries(formats)) ajv.addFormat(name, { type: 'string', validate });
  return ajv;
}
