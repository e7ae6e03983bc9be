import fs from 'node:fs';
import { expect } from 'vitest';

/**
 * Shared expectations of the broker suite: the exact error bodies of the guide (§4) and the
 * guide's example bodies, read verbatim from test/fixtures.
 */

/** `startTestApp()` sets FOYER_PUBLIC_URL=http://foyer.test; our guide page is /crediteo/guide (anchors #prerequis, #auth, #erreurs). */
export const GUIDE = 'http://foyer.test/crediteo/guide';

export const ERRORS = {
  notFound: { code: 404, error: 'Request not found.', section: 'erreurs' },
  apiKey: { code: 404, error: 'API KEY not found.', section: 'auth' },
  incomplete: { code: 409, error: 'Incomplete form.', section: 'erreurs' },
  tooMany: { code: 409, error: 'Too many arguments.', section: 'erreurs' },
  invalid: { code: 409, error: 'Invalid form.', section: 'erreurs' },
  creditFields: { code: 409, error: 'Required fields are missing for a credit.', section: 'erreurs' },
  paidWithCredit: { code: 409, error: 'A property already paid can\'t have a credit.', section: 'erreurs' },
  cors: { code: 428, error: 'CORS not enabled.', section: 'prerequis' },
  // Outside the guide, which has no word for these: same body, honest status.
  badRequest: { code: 400, error: 'Bad request.', section: 'erreurs' },
  tooLarge: { code: 413, error: 'Request body too large.', section: 'erreurs' },
  uriTooLong: { code: 414, error: 'Request URI too long.', section: 'erreurs' },
  mediaType: { code: 415, error: 'Unsupported media type.', section: 'erreurs' },
} as const;

export type ErrorKind = keyof typeof ERRORS;

/** The exact body of an error without `details`. */
export function errorBody(kind: ErrorKind) {
  const e = ERRORS[kind];
  return { error: e.error, apiguide: `${GUIDE}#${e.section}`, code: e.code };
}

export interface Res {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
  headers: Record<string, unknown>;
}

/**
 * Asserts the exact status and the exact body. Without `fields` the body must have no `details`;
 * with `fields` the body has `details` listing exactly these JSON paths (any order), each with a
 * non-empty message.
 */
export function expectError(res: Res, kind: ErrorKind, fields?: string[]) {
  const context = JSON.stringify(res.body);
  expect(res.status, context).toBe(ERRORS[kind].code);
  expect(String(res.headers['content-type']), context).toMatch(/^application\/json/);
  if (!fields) {
    expect(res.body).toStrictEqual(errorBody(kind));
    return;
  }
  expect(res.body, context).toStrictEqual({ ...errorBody(kind), details: expect.any(Array) });
  const details = res.body.details as { field: string; message: string }[];
  for (const d of details) {
    expect(Object.keys(d).sort(), context).toEqual(['field', 'message']);
    expect(d.message, context).toMatch(/\S/);
  }
  expect(details.map((d) => d.field).sort(), context).toEqual([...fields].sort());
}

const fixture = (name: string) => fs.readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** §7 example body (a fresh copy each call, so tests can mutate it). */
export const guideProspectComplet = (): Json => JSON.parse(fixture('guide-prospectcomplet.json'));
/** §9 example output. */
export const guideGetOutput = (): Json => JSON.parse(fixture('guide-get-output.json'));
/** §10 example body with its missing comma fixed. */
export const guidePutFixed = (): Json => JSON.parse(fixture('guide-put-fixed.json'));
/** §10 example body exactly as printed (it is not valid JSON). */
export const guidePutAsPrinted = (): string => fixture('guide-put-as-printed.txt');

/** A minimal valid §7 borrower. */
export const borrower = (n = 0, extra: Record<string, unknown> = {}) => ({
  nom: `Nom${n}`,
  prenom: `Prenom${n}`,
  email: `b${n}@example.fr`,
  telephone: `060000000${n}`,
  ...extra,
});

/** A minimal valid §7 credit. */
export const credit = (extra: Record<string, unknown> = {}) => ({
  montantinitial: 10000,
  datedebut: '01/01/2018',
  mensualite: 250,
  rachatpret: false,
  ...extra,
});

/** A minimal valid §7 property. */
export const property = (extra: Record<string, unknown> = {}) => ({
  valeuractuelle: 100000,
  adresse: '1 rue de la Paix',
  codepostal: '75002',
  ville: 'Paris',
  pays: 'France',
  bienpaye: false,
  ...extra,
});

/** Entity ids look like the guide's ("23156-54875"). */
export const ENTITY_ID = /^\d+-\d+$/;

/**
 * Replaces the ids of the guide's §10 example with those of a stored file (as returned by GET),
 * entity by entity in order, so the example can be sent to that file.
 */
export function adaptIds(body: Json, stored: Json): Json {
  const out = structuredClone(body);
  out.dossier.iddossier = stored.dossier.iddossier;
  out.dossier.reference = stored.dossier.reference;
  const pairs: [string, string][] = [
    ['emprunteurs', 'idemprunteur'],
    ['situationsprofessionnelles', 'idsituationprofessionnelle'],
    ['enfants', 'idenfant'],
    ['biens', 'idbien'],
    ['creditsconso', 'idcredit'],
    ['autresrevenus', 'idrevenu'],
    ['autrescharges', 'idcharge'],
    ['situationsbancaires', 'idsituation'],
    ['simulations', 'idsimulation'],
  ];
  for (const [key, idKey] of pairs) {
    (out[key] as Json[]).forEach((entity, i) => {
      entity[idKey] = stored[key][i][idKey];
    });
  }
  (out.biens as Json[]).forEach((b, i) => {
    (b.credits as Json[]).forEach((c, j) => {
      c.idcredit = stored.biens[i].credits[j].idcredit;
    });
  });
  return out;
}

/** Every `id…` value of an output file, with its JSON path. */
export function idsOf(file: Json): { path: string; id: unknown }[] {
  const out: { path: string; id: unknown }[] = [];
  const visit = (value: Json, path: string) => {
    if (Array.isArray(value)) value.forEach((v, i) => visit(v, `${path}[${i}]`));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (/^id[a-z]+$/.test(k) && k !== 'iddossier') out.push({ path: `${path}.${k}`, id: v });
        else visit(v, `${path}.${k}`);
      }
    }
  };
  visit(file, '$');
  return out;
}

/** Lists every key difference between two JSON values (same keys at every level), for readable failures. */
export function keyDiff(actual: Json, expected: Json, path = '$'): string[] {
  if (Array.isArray(expected)) {
    if (!Array.isArray(actual)) return [`${path}: not an array`];
    if (actual.length !== expected.length) return [`${path}: ${actual.length} items instead of ${expected.length}`];
    return expected.flatMap((e: Json, i: number) => keyDiff(actual[i], e, `${path}[${i}]`));
  }
  if (expected && typeof expected === 'object') {
    if (!actual || typeof actual !== 'object' || Array.isArray(actual)) return [`${path}: not an object`];
    const missing = Object.keys(expected).filter((k) => !(k in actual)).map((k) => `${path}.${k}: missing`);
    const extra = Object.keys(actual).filter((k) => !(k in expected)).map((k) => `${path}.${k}: unexpected`);
    const nested = Object.keys(expected).filter((k) => k in actual).flatMap((k) => keyDiff(actual[k], expected[k], `${path}.${k}`));
    return [...missing, ...extra, ...nested];
  }
  return [];
}
