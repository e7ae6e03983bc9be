import { describe, expect, it } from 'vitest';
import { ParticulierError } from '../errors.ts';
import { toParticulierError } from './framework-errors.ts';

const fastifyError = (code: string, statusCode: number) => Object.assign(new Error(code), { code, statusCode });

describe('toParticulierError: every failure in the contract body', () => {
  it('keeps the surface\'s own errors', () => {
    const own = ParticulierError.generic('00203');
    expect(toParticulierError(own)).toBe(own);
  });

  it('body too large → 413 00413; another client error → 400 00400; anything else → 500 00500', () => {
    expect([toParticulierError(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413)).status, toParticulierError(fastifyError('FST_ERR_CTP_BODY_TOO_LARGE', 413)).body.code]).toEqual([413, '00413']);
    const bad = toParticulierError(fastifyError('FST_ERR_CTP_INVALID_JSON_BODY', 400));
    expect([bad.status, bad.body]).toEqual([400, { code: '00400', title: 'Requête invalide', detail: "La requête n'a pas pu être lue.", source: null, meta: {} }]);
    const internal = toParticulierError(new TypeError('boom'));
    expect([internal.status, internal.body]).toEqual([
      500,
      { code: '00500', title: 'Erreur interne', detail: "Une erreur interne est survenue. Transmettez l'X-Request-ID au support.", source: null, meta: {} },
    ]);
  });
});
