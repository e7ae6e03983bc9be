import AjvModule, { type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import fc from 'fast-check';

/**
 * Pieces for fuzzing a surface from its own OpenAPI 3.1 document: its operations with a validator per
 * (status, media type) that resolves the document's `$ref`s, values built from request schemas
 * (valid, or with hostile leaves), and the check that an answer is one the document lists.
 */

// ajv and ajv-formats are CommonJS; their default export sits one level down under NodeNext.
const Ajv = AjvModule.default ?? AjvModule;
const addFormats = addFormatsModule.default ?? addFormatsModule;

export type Schema = Record<string, unknown>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Json = any;

export interface DocumentedResponse {
  /** Validators by media type; empty when the response has no body. */
  media: Map<string, ValidateFunction>;
}

export interface Operation {
  id: string;
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path as the client calls it: the path item's own server path (if any) then the document path. */
  path: string;
  pathParams: { name: string; schema: Schema }[];
  queryParams: { name: string; schema: Schema; required: boolean }[];
  /** Request body schemas by media type. */
  body: Map<string, Schema>;
  responses: Map<number, DocumentedResponse>;
}

/** Every operation of the document, its `$ref`s to `#/components/…` resolved by ajv. */
export function readOperations(doc: Json, options: { formats?: Record<string, (value: string) => boolean> } = {}): Operation[] {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  for (const [name, validate] of Object.entries(options.formats ?? {})) ajv.addFormat(name, { type: 'string', validate });
  ajv.addSchema({ $id: 'doc', components: doc.components ?? {} });
  const rooted = (schema: unknown) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as Schema;
  const serverPath = (servers: Json[] | undefined) => (servers?.[0]?.url ? new URL(servers[0].url).pathname.replace(/\/$/, '') : '');
  const out: Operation[] = [];
  for (const [path, item] of Object.entries<Json>(doc.paths)) {
    for (const [method, op] of Object.entries<Json>(item)) {
      if (!['get', 'post', 'put', 'delete'].includes(method)) continue;
      const parameters: Json[] = op.parameters ?? [];
      const responses = new Map<number, DocumentedResponse>();
      for (const [status, response] of Object.entries<Json>(op.responses)) {
        const media = new Map<string, ValidateFunction>();
        for (const [type, content] of Object.entries<Json>(response.content ?? {})) media.set(type, ajv.compile(rooted(content.schema ?? {})));
        responses.set(Number(status), { media });
      }
      out.push({
        id: op.operationId,
        method: method.toUpperCase() as Operation['method'],
        path: `${serverPath(item.servers)}${path}`,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => ({ name: p.name, schema: p.schema })),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema, required: !!p.required })),
        body: new Map(Object.entries<Json>(op.requestBody?.content ?? {}).map(([type, content]) => [type, content.schema as Schema])),
        responses,
      });
    }
  }
  return out;
}

/**
 * Why an answer is not one the document lists for the operation, or null when it is: its status is
 * listed; an empty body is documented (no content, or a JSON schema that accepts null); otherwise its
 * media type is documented and the body validates (a `format: binary` schema accepts any bytes).
 */
export function undocumented(op: Operation, status: number, contentType: string | undefined, body: string): string | null {
  const response = op.responses.get(status);
  if (!response) return `status ${status} is not in the document`;
  if (body === '') {
    if (response.media.size === 0) return null;
    const json = response.media.get('application/json');
    return json && json(null) ? null : 'empty body where the document promises one';
  }
  if (response.media.size === 0) return 'a body where the document promises none';
  const type = (contentType ?? '').split(';')[0]!.trim();
  const validate = response.media.get(type) ?? (response.media.size === 1 ? [...response.media.values()][0] : undefined);
  if (!validate) return `media type ${type} is not documented`;
  if ((validate.schema as Schema).format === 'binary') return null;
  let value: unknown = body;
  if (type === 'application/json') {
    try {
      value = JSON.parse(body);
    } catch {
      return 'body is not JSON';
    }
  } else if (type !== 'text/plain') return `media type ${type} is not documented`;
  return validate(value) ? null : JSON.stringify(validate.errors?.slice(0, 3));
}

// --- values -------------------------------------------------------------------------------------

/** Mostly absent, so that most requests reach the handler. */
export const rarely = <T>(arbitrary: fc.Arbitrary<T>, weight = 9) => fc.oneof({ weight, arbitrary: fc.constant(null) }, { weight: 1, arbitrary });

/** Text a database cannot store, and other strings that broke services before. */
export const hostileString = fc.constantFrom(
  'a\u0000b', '\u0000', 'x\ud800', '\udc00y', '😀\ud83d', '', ' ', 'x'.repeat(600), 'é'.repeat(5000), 'x'.repeat(70_000),
  '../../etc/passwd', '%00', '${jndi:ldap://x}', 'null', '1e400', '9999-12-31T23:59:59', '0000-00-00T00:00', '-1',
);
export const hostileNumber = fc.constantFrom(1e308, -1e308, -1, -0, 0, 0.5, Number.MAX_SAFE_INTEGER + 2, 2 ** 31, 1e21);
let deepValue: unknown = 'fond';
for (let i = 0; i < 60; i++) deepValue = { n: [deepValue] };
export const hostileLeaf: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.constantFrom(null, true, false, [], {}, [[[[]]]], { a: { b: { c: 1 } } }, deepValue),
  fc.jsonValue({ maxDepth: 3 }),
);

export const typesOf = (schema: Schema): string[] => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type as string] : []);

/** Generators for a surface's own string formats (e.g. the broker's `date-fr`), by format name. */
export type Formats = Record<string, fc.Arbitrary<string>>;

/** A value the schema accepts (cross-field rules are the service's to refuse), or, when `hostile`, one with traps at its leaves. */
export function valueOf(schema: Schema, hostile: boolean, formats: Formats = {}, depth = 0): fc.Arbitrary<unknown> {
  const valid = validValueOf(schema, hostile, formats, depth);
  return hostile ? fc.oneof({ weight: 5, arbitrary: valid }, { weight: 1, arbitrary: hostileLeaf }) : valid;
}

function validValueOf(schema: Schema, hostile: boolean, formats: Formats, depth: number): fc.Arbitrary<unknown> {
  if ('const' in schema) return fc.constant(schema.const);
  if (Array.isArray(schema.enum)) return fc.constantFrom(...(schema.enum as unknown[]));
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (branches) return fc.oneof(...branches.map((b) => valueOf(b, hostile, formats, depth)));
  const types = typesOf(schema);
  if (types.length > 1) return fc.oneof(...types.map((type) => validValueOf({ ...schema, type }, hostile, formats, depth)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: Math.max(Number(schema.minimum ?? -1e6), -1e9), max: Math.min(Number(schema.maximum ?? 1e6), 1e9) });
    case 'number':
      return fc.double({ min: Number(schema.minimum ?? -1e6), max: Math.min(Number(schema.maximum ?? 1e6), 1e9), noNaN: true, noDefaultInfinity: true });
    case 'string':
      return stringOf(schema, formats);
    case 'array': {
      const max = Math.min(Number(schema.maxItems ?? 3), 3);
      return fc.array(valueOf((schema.items as Schema | undefined) ?? {}, hostile, formats, depth + 1), { minLength: Math.min(Number(schema.minItems ?? 0), max), maxLength: max });
    }
    case 'object':
      return objectOf(schema, hostile, formats, depth);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function stringOf(schema: Schema, formats: Formats): fc.Arbitrary<string> {
  const own = typeof schema.format === 'string' ? formats[schema.format] : undefined;
  if (own) return own;
  if (schema.format === 'email') return fc.stringMatching(/^[a-z]{1,8}@[a-z]{1,8}\.fr$/);
  if (typeof schema.pattern === 'string') return fc.stringMatching(new RegExp(schema.pattern)).map((s) => s.slice(0, Number(schema.maxLength ?? 40)) || 'x');
  const maxLength = Math.min(Number(schema.maxLength ?? 40), 40);
  return fc.string({ unit: 'grapheme', minLength: Math.min(Number(schema.minLength ?? 0), maxLength), maxLength });
}

function objectOf(schema: Schema, hostile: boolean, formats: Formats, depth: number): fc.Arbitrary<unknown> {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = new Set((schema.required ?? []) as string[]);
  const fields = Object.fromEntries(Object.entries(properties).map(([key, s]) => [key, valueOf(s, hostile, formats, depth + 1)]));
  // Deep optional branches are left out often, so that most bodies stay small and reach the handlers.
  const optional = Object.keys(properties).filter((k) => !required.has(k));
  const record = fc.record(fields, { requiredKeys: [...required].filter((k) => k in properties) }).chain((value) =>
    fc.subarray(optional, { maxLength: depth === 0 ? optional.length : Math.min(3, optional.length) }).map((kept) => {
      const out = { ...(value as Record<string, unknown>) };
      for (const key of optional) if (!kept.includes(key)) delete out[key];
      return out;
    }),
  );
  if (!hostile) return record;
  // Extra keys, and now and then a missing required one.
  return fc
    .tuple(record, rarely(fc.tuple(fc.oneof(fc.string({ maxLength: 8 }), hostileString), hostileLeaf), 4), rarely(fc.constantFrom(...required, 'x'), 4))
    .map(([value, extra, drop]) => {
      const out = { ...(value as Record<string, unknown>) };
      if (extra) out[extra[0]] = extra[1];
      if (drop) delete out[drop];
      return out;
    });
}

/** Percent-encodes the UTF-8 bytes (a lone surrogate has none: it goes out as U+FFFD, as any client would send it). */
export const encode = (text: string) =>
  [...Buffer.from(text, 'utf8')].map((b) => (/[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`)).join('');

/** Raw path segments that are not clean UTF-8, or too long. */
export const rawSegment = fc.constantFrom('%00', '%ED%A0%80', '%', '%E0%A4%A', '%FF', '%C0%AF', '%2F', '9'.repeat(100), '9'.repeat(300), '1e308', '-1', '0');
