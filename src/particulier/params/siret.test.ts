import { describe, expect, it } from 'vitest';
import { isSiret } from './siret.ts';

describe('isSiret', () => {
  it.each(['13002526500013', '91978102100010', '78951073200017', '10000001700010', '35600000000051'])('accepts %s', (siret) => {
    expect(isSiret(siret)).toBe(true);
  });

  it.each([
    ['13002526500014', 'bad checksum'],
    ['1300252650001', '13 digits'],
    ['130025265000130', '15 digits'],
    ['1300252650001A', 'a letter'],
    [' 13002526500013', 'a space'],
    ['１３００２５２６５０００１３', 'full-width digits'],
    ['35600000000052', 'La Poste, digit sum not a multiple of 5'],
    ['', 'empty'],
  ])('refuses %s (%s)', (siret) => {
    expect(isSiret(siret)).toBe(false);
  });
});
