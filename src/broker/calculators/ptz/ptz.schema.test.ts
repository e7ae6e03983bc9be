import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import { isFrenchDate } from '../../../platform/http/paris-dates.ts';
import { PtzBody } from './ptz.schema.ts';
import { GUIDE_EXAMPLES } from '../guide-examples.ts';

const ajv = new Ajv({ allErrors: true, strict: false });
ajv.addFormat('date-fr', { type: 'string', validate: isFrenchDate });
const validate = ajv.compile(PtzBody);

const guide = GUIDE_EXAMPLES.ptz;

describe('PtzBody', () => {
  it('accepts the guide example, with or without the optional fields', () => {
    expect(validate(guide)).toBe(true);
    const { ville: _v, couttravaux: _c, ...minimal } = guide;
    expect(validate(minimal)).toBe(true);
    expect(validate({ ...guide, typebien: 'Maison', dateeffet: '01/04/2025' })).toBe(true);
  });

  it.each([
    ['a boolean flag', { primoaccedant: true }],
    ['a flag other than "true"/"false"', { logementhlm: 'oui' }],
    ['RFR of 0', { revenufiscalreference: 0 }],
    ['0 occupants', { nboccupants: 0 }],
    ['fractional occupants', { nboccupants: 2.5 }],
    ['an unknown etatbien', { etatbien: 'Rénové' }],
    ['an unknown natureprojet', { natureprojet: 'Achat' }],
    ['negative works', { couttravaux: -1 }],
    ['a zero total cost', { couttotalprojet: 0 }],
    ['a 4-digit postal code', { codepostal: '7500' }],
    ['a numeric postal code', { codepostal: 75000 }],
    ['an unknown typebien', { typebien: 'Studio' }],
    ['an ISO dateeffet', { dateeffet: '2025-04-01' }],
    ['an impossible dateeffet', { dateeffet: '30/02/2025' }],
    ['an extra property', { apport: 10000 }],
  ])('rejects %s', (_label, patch) => {
    expect(validate({ ...guide, ...patch })).toBe(false);
  });

  it('requires every guide field except ville (and couttravaux, optional here)', () => {
    expect([...PtzBody.required].sort()).toEqual(
      Object.keys(guide).filter((k) => k !== 'ville' && k !== 'couttravaux').sort(),
    );
  });

  it('describes every field', () => {
    for (const [name, schema] of Object.entries(PtzBody.properties)) expect((schema as { description?: string }).description, name).toBeTruthy();
  });
});
