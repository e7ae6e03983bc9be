import AjvModule, { type ErrorObject, type ValidateFunction } from 'ajv';
import type { Operation } from '../catalogue/operations.ts';
import { findUnstorableText, isStorableText } from '../../platform/http/storable-text.ts';
import { ParticulierError } from '../errors.ts';
import { isSiret } from './siret.ts';
import { badlyEncodedParameter, mayBeBadlyEncoded } from './encoding.ts';

// The surface's only ajv set-up (to be swapped for the platform's shared compiler when it lands).
const Ajv = AjvModule.default ?? AjvModule;
const ajv = new Ajv({ allErrors: false, strict: false, coerceTypes: 'array', useDefaults: false, removeAdditional: false });

/** The query as the operation declares it: integers are numbers, arrays are arrays (`prenoms[]`). */
export type QueryParams = Record<string, string | number | string[]>;

interface CompiledOperation {
  validate: ValidateFunction;
  names: string[];
}

const compiled = new WeakMap<Operation, CompiledOperation>();

/** A JSON schema of the whole query string, derived from the operation's official parameters. */
export function querySchema(op: Operation) {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const p of op.parameters) {
    const { example: _example, ...schema } = p.schema;
    properties[p.name] = schema;
    if (p.required) required.push(p.name);
  }
  return { type: 'object', properties, required };
}

function compile(op: Operation): CompiledOperation {
  let entry = compiled.get(op);
  if (!entry) {
    entry = { validate: ajv.compile(querySchema(op)), names: op.parameters.map((p) => p.name) };
    compiled.set(op, entry);
  }
  return entry;
}

/**
 * `recipient` first (spec §1.5): absent or blank → `00203`, not a SIRET → `00210`, both naming it.
 */
export function checkRecipient(query: Record<string, unknown>): string {
  const raw = query.recipient;
  if (raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0)) throw ParticulierError.generic('00203');
  if (typeof raw !== 'string' || !isSiret(raw.trim())) throw ParticulierError.generic('00210');
  return raw.trim();
}

/**
 * The operation's own parameters, typed by its schema. Unknown parameters are ignored (as the
 * reference implementation does); a blank value counts as absent. With the request as `sent` (its
 * URL, and the names its query used when they are not the operation's: v2), a value whose
 * percent-encoding is not UTF-8 is refused (encoding.ts).
 */
export function parseParams(op: Operation, query: Record<string, unknown>, sent?: { url: string; names?: Record<string, unknown> }): QueryParams {
  const { validate, names } = compile(op);
  const params: Record<string, unknown> = {};
  for (const name of names) {
    const value = query[name];
    if (value === undefined || value === '') continue;
    params[name] = Array.isArray(value) ? value.filter((v) => v !== '') : value;
  }
  if (!validate(params)) throw parameterError(op, validate.errors?.[0]);
  // The platform's rule for every surface: text a database cannot store (NUL, lone surrogates) is a bad parameter.
  if (!allStorable(params)) {
    const [unstorable] = findUnstorableText(params, 1);
    if (unstorable) throw parameterError(op, { keyword: 'unstorableText', instancePath: unstorable.pointer } as ErrorObject);
  }
  if (sent && mayBeBadlyEncoded(params)) {
    const name = badlyEncodedParameter(sent.url, sent.names ?? params);
    if (name !== null) throw parameterError(op, { keyword: 'encoding', instancePath: `/${name.replace(/~/g, '~0').replace(/\//g, '~1')}` } as ErrorObject);
  }
  return params as QueryParams;
}

/** The common case checked flat (the query's values are text, numbers or lists of text); the walk that names the bad one runs only when needed. */
function allStorable(params: Record<string, unknown>): boolean {
  for (const name in params) {
    const value = params[name];
    if (typeof value === 'string') {
      if (!isStorableText(value)) return false;
    } else if (Array.isArray(value)) {
      for (const item of value) if (typeof item !== 'string' || !isStorableText(item)) return false;
    } else if (typeof value !== 'number') return false;
  }
  return true;
}

function parameterOf(error: ErrorObject | undefined): string {
  if (!error) return 'params';
  if (error.keyword === 'required') return String((error.params as { missingProperty: string }).missingProperty);
  const first = error.instancePath.split('/')[1] ?? '';
  return first.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** The documented code for a bad parameter of this operation (spec §2.2, §3.3). */
export function parameterError(op: Operation, error: ErrorObject | undefined): ParticulierError {
  const parameter = parameterOf(error);
  const missing = error?.keyword === 'required';
  if (parameter === 'ine') return ParticulierError.generic('00360', { parameter });
  if (parameter === 'identifiant' && missing) return ParticulierError.generic('00380', { parameter });
  if (parameter === 'sexeEtatCivil' && missing && op.api === 'v3/dsnj/service_national') return ParticulierError.generic('00427', { parameter });
  // Every other malformed or missing parameter: the documented civility code; `source` names the parameter.
  return ParticulierError.generic('00366', { parameter });
}
