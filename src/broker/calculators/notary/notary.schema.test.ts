import { Format } from 'typebox/format';
import { Value } from 'typebox/value';
import { beforeAll, describe, expect, it } from 'vitest';
import { isFrenchDate } from '../../../platform/http/paris-dates.ts';
import { NotaryBody } from './notary.schema.ts';

const GUIDE_EXAMPLE = { etatbien: 'Neuf', natureprojet: 'Acquisition', prix: 160000.0, prixmobilier: 10000.0 };

describe('NotaryBody', () => {
  beforeAll(() => Format.Set('date-fr', isFrenchDate));

  it('accepts the guide example and every optional field', () => {
    expect(Value.Check(NotaryBody, GUIDE_EXAMPLE)).toBe(true);
    expect(Value.Check(NotaryBody, {
      ...GUIDE_EXAMPLE, natureprojet: 'Renégociation de crédits', codepostal: '20200', departement: '2B',
      primoaccedant: true, dateeffet: '01/03/2026',
    })).toBe(true);
  });

  it.each([
    ['an unknown property', { ...GUIDE_EXAMPLE, notaire: 'x' }],
    ['a nature without its accent', { ...GUIDE_EXAMPLE, natureprojet: 'Renegociation de credits' }],
    ['an unknown état', { ...GUIDE_EXAMPLE, etatbien: 'neuf' }],
    ['a zero price', { ...GUIDE_EXAMPLE, prix: 0 }],
    ['negative furniture', { ...GUIDE_EXAMPLE, prixmobilier: -1 }],
    ['a 4-digit postal code', { ...GUIDE_EXAMPLE, codepostal: '7501' }],
    ['a département name', { ...GUIDE_EXAMPLE, departement: 'Paris' }],
    ['an ISO date', { ...GUIDE_EXAMPLE, dateeffet: '2026-03-01' }],
    ['a missing price', { etatbien: 'Neuf', natureprojet: 'Acquisition' }],
  ])('rejects %s', (_label, body) => {
    expect(Value.Check(NotaryBody, body)).toBe(false);
  });

  it('describes every field', () => {
    for (const [name, schema] of Object.entries(NotaryBody.properties)) {
      expect(typeof (schema as { description?: unknown }).description, name).toBe('string');
    }
  });
});
