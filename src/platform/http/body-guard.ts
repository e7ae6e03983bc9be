/**
 * The structural guard: walks a parsed request part along its schema before the validator does, and
 * refuses, early and with a few problems only, what would make validation cost more than the body's
 * size suggests. With every error collected, a 1 MiB array of 349 000 empty objects costs the
 * validator seconds of event loop and an error list of hundreds of megabytes; here the array's length
 * is checked before any item, unknown keys are counted before they are listed, and the walk stops at
 * `maxProblems`.
 *
 * The guard only bounds cost: it never refuses what the schema accepts. Where a schema declares a
 * limit (maxItems, maxProperties) the loosest declared one applies; where none does, the generic
 * fallbacks below do. Declared string lengths are left to the validator (a length check is cheap and
 * its full report is more useful); only strings the schema leaves unbounded are capped here.
 */

type Schema = Record<string, unknown>;

export interface StructuralLimits {
  /** Deepest nesting of arrays and objects, whatever the schema says. */
  maxDepth: number;
  /** Fallbacks where the schema declares no bound. */
  maxItems: number;
  maxProperties: number;
  maxLength: number;
  /** The walk stops after this many problems. */
  maxProblems: number;
}

export const DEFAULT_STRUCTURAL_LIMITS: StructuralLimits = {
  maxDepth: 32,
  maxItems: 1000,
  maxProperties: 1000,
  maxLength: 100_000,
  maxProblems: 50,
};

/** Shaped like a validator error (keyword, instance path, params), so one mapping serves both. */
export interface GuardProblem {
  keyword: 'maxItems' | 'maxProperties' | 'maxLength' | 'maxDepth' | 'additionalProperties';
  instancePath: string;
  schemaPath: string;
  params: Record<string, unknown>;
  message: string;
}

const isSchema = (value: unknown): value is Schema => value !== null && typeof value === 'object' && !Array.isArray(value);
const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The schemas that constrain one value: the schema itself and the branches of its combinators.
 * `if` is a test, not a constraint, so it is left out; `then` and `else` are kept (either may apply).
 */
function constraining(schemas: Schema[]): Schema[] {
  const out: Schema[] = [];
  const seen = new Set<Schema>();
  const add = (schema: unknown) => {
    if (!isSchema(schema) || seen.has(schema)) return;
    seen.add(schema);
    out.push(schema);
    for (const key of ['allOf', 'anyOf', 'oneOf'] as const) {
      const branches = schema[key];
      if (Array.isArray(branches)) branches.forEach(add);
    }
    add(schema.then);
    add(schema.else);
  };
  schemas.forEach(add);
  return out;
}

/** The loosest bound the schemas declare for `keyword`, or the fallback when none declares one. */
function loosest(schemas: Schema[], keyword: string, fallback: number): number {
  let bound: number | undefined;
  for (const s of schemas) {
    const value = s[keyword];
    if (typeof value === 'number') bound = bound === undefined ? value : Math.max(bound, value);
  }
  return bound ?? fallback;
}

export function checkStructure(schema: unknown, data: unknown, limits: StructuralLimits = DEFAULT_STRUCTURAL_LIMITS): GuardProblem[] {
  const problems: GuardProblem[] = [];
  const report = (keyword: GuardProblem['keyword'], instancePath: string, params: Record<string, unknown>, message: string) =>
    problems.push({ keyword, instancePath, schemaPath: '#', params, message });

  const visit = (given: Schema[], value: unknown, pointer: string, depth: number): void => {
    if (problems.length >= limits.maxProblems) return;
    const schemas = constraining(given);
    if (Array.isArray(value)) {
      if (depth >= limits.maxDepth) return void report('maxDepth', pointer, { limit: limits.maxDepth }, 'is nested too deeply');
      const limit = loosest(schemas, 'maxItems', limits.maxItems);
      if (value.length > limit) return void report('maxItems', pointer, { limit }, `must NOT have more than ${limit} items`);
      const items = schemas.map((s) => s.items).filter(isSchema);
      for (let i = 0; i < value.length && problems.length < limits.maxProblems; i++) visit(items, value[i], `${pointer}/${i}`, depth + 1);
    } else if (value !== null && typeof value === 'object') {
      if (depth >= limits.maxDepth) return void report('maxDepth', pointer, { limit: limits.maxDepth }, 'is nested too deeply');
      visitObject(schemas, value as Record<string, unknown>, pointer, depth);
    } else if (typeof value === 'string') {
      if (!schemas.some((s) => typeof s.maxLength === 'number') && value.length > limits.maxLength) {
        report('maxLength', pointer, { limit: limits.maxLength }, `must NOT have more than ${limits.maxLength} characters`);
      }
    }
  };

  const visitObject = (schemas: Schema[], value: Record<string, unknown>, pointer: string, depth: number) => {
    const shaping = schemas.filter((s) => 'properties' in s || 'additionalProperties' in s);
    const closed = shaping.length > 0 && shaping.every((s) => s.additionalProperties === false);
    const known = (key: string) => schemas.some((s) => isSchema(s.properties) && Object.hasOwn(s.properties, key));
    if (closed) {
      // A handful of unknown keys is the validator's to list; a flood of them is refused here,
      // counted only until it is known to be one.
      const unknown: string[] = [];
      for (const key in value) {
        if (!Object.hasOwn(value, key) || known(key)) continue;
        unknown.push(key);
        if (unknown.length > limits.maxProblems) break;
      }
      if (unknown.length > limits.maxProblems) {
        for (const key of unknown.slice(0, limits.maxProblems - problems.length)) {
          report('additionalProperties', pointer, { additionalProperty: key }, 'must NOT have additional properties');
        }
        return;
      }
    }
    const keys = Object.keys(value);
    if (!closed) {
      const limit = loosest(schemas, 'maxProperties', limits.maxProperties);
      if (keys.length > limit) return void report('maxProperties', pointer, { limit }, `must NOT have more than ${limit} properties`);
    }
    for (const key of keys) {
      if (problems.length >= limits.maxProblems) return;
      const propertySchemas = schemas.flatMap((s) => (isSchema(s.properties) && Object.hasOwn(s.properties, key) ? [s.properties[key]] : []));
      if (propertySchemas.length === 0 && closed) continue; // reported by the validator, never walked by it
      const childSchemas = propertySchemas.length ? propertySchemas : schemas.map((s) => s.additionalProperties);
      visit(childSchemas.filter(isSchema), value[key], `${pointer}/${escapePointer(key)}`, depth + 1);
    }
  };

  visit(isSchema(schema) ? [schema] : [], data, '', 0);
  return problems;
}
