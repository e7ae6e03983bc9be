import { Type, type Static, type TSchema, type TUnsafe } from 'typebox';
import { DATE_RANGE_FR } from '../../../platform/http/paris-dates.ts';
import { bounded, RANGES, type NumberRange } from '../../ranges.ts';

/**
 * Field kinds of the broker contract. Optional fields also accept `null` (the API shows nulls in
 * its output, so clients send them back). Numbers take their bounds from `RANGES` (money by
 * default) and state them in their description; dates are limited to `DATE_YEARS`.
 */
type Extra = Record<string, unknown>;

export const str = (description: string, extra: Extra = {}) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: 500, description, ...extra });

/** A required, non-empty string. */
export const reqStr = (description: string, extra: Extra = {}) =>
  Type.Unsafe<string>({ type: 'string', minLength: 1, maxLength: 500, description, ...extra });

export const email = (description: string) => reqStr(description, { format: 'email', maxLength: 254 });

/** An optional `dd/mm/yyyy` date; the guide's own examples send "" for an unknown date. */
export const date = (description: string) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], format: 'date-fr-or-empty', description: `${description} (dd/mm/yyyy, ${DATE_RANGE_FR})` });

export const reqDate = (description: string) =>
  Type.Unsafe<string>({ type: 'string', format: 'date-fr', description: `${description} (dd/mm/yyyy, ${DATE_RANGE_FR})` });

export const num = (description: string, range: NumberRange = RANGES.amount) =>
  Type.Unsafe<number | null>({ type: ['number', 'null'], ...bounded(range, description) });

export const reqNum = (description: string, range: NumberRange = RANGES.amount) =>
  Type.Unsafe<number>({ type: 'number', ...bounded(range, description) });

export const int = (description: string, range: NumberRange) =>
  Type.Unsafe<number | null>({ type: ['integer', 'null'], ...bounded(range, description) });

export const reqInt = (description: string, range: NumberRange) =>
  Type.Unsafe<number>({ type: 'integer', ...bounded(range, description) });

export const bool = (description: string) => Type.Unsafe<boolean | null>({ type: ['boolean', 'null'], description });

export const reqBool = (description: string) => Type.Unsafe<boolean>({ type: 'boolean', description });

export const oneOf = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T | null>({ type: ['string', 'null'], enum: [...values, null], description });

export const reqOneOf = <T extends string>(values: readonly T[], description: string) =>
  Type.Unsafe<T>({ type: 'string', enum: [...values], description });

/** An entity id: `null` asks for a new entity, a string names an existing one. */
export const entityId = (description: string) =>
  Type.Unsafe<string | null>({ type: ['string', 'null'], maxLength: 64, description });

export const deleteFlag = (what: string) => bool(`true pour supprimer ${what}`);

type Props = Record<string, TSchema>;

/** A closed object (unknown keys are "Too many arguments."). */
export function object<P extends Props, R extends keyof P & string = never>(properties: P, required: R[], description: string, nullable = false) {
  const schema = Type.Object(properties, { additionalProperties: false, description });
  const json = { ...schema, required, ...(nullable ? { type: ['object', 'null'] } : {}) } as Record<string, unknown>;
  if (!required.length) delete json.required;
  return Type.Unsafe<ObjectOf<P, R>>(json);
}

/**
 * An entity of the update route: with `supprimer: true` only its id is needed; otherwise every
 * required field must be there.
 */
export function upsertEntity<P extends Props>(properties: P, idKey: keyof P & string, required: (keyof P & string)[], description: string) {
  const schema = Type.Object(properties, { additionalProperties: false, description });
  return Type.Unsafe<ObjectOf<P>>({
    ...schema,
    required: [idKey],
    if: { properties: { supprimer: { const: true } }, required: ['supprimer'] },
    else: { required },
  });
}

export const list = <T extends TSchema>(item: T, maxItems: number, description: string) =>
  Type.Array(item, { maxItems, description });

type StaticOf<S> = S extends TUnsafe<infer T> ? T : S extends TSchema ? Static<S> : unknown;
export type ObjectOf<P extends Props, R extends keyof P = never> = { [K in R]: StaticOf<P[K]> } & {
  [K in Exclude<keyof P, R>]?: StaticOf<P[K]>;
};
