import { describe, expect, it } from 'vitest';
import { mockingKey } from './matching.ts';

describe('mockingKey (Rails to_query of the lower-cased mocking params)', () => {
  it('lower-cases strings, keeps array order, sorts pairs', () => {
    expect(mockingKey({ prenoms: ['JEAN', 'Laure'], nomNaissance: 'DUPONT', anneeDateNaissance: 1990 })).toBe(
      'anneeDateNaissance=1990&nomNaissance=dupont&prenoms%5B%5D=jean&prenoms%5B%5D=laure',
    );
  });

  it('is the same whatever the key order, and differs on one more key', () => {
    expect(mockingKey({ a: 'X', b: 1 })).toBe(mockingKey({ b: 1, a: 'x' }));
    expect(mockingKey({ a: 'X', b: 1 })).not.toBe(mockingKey({ a: 'X', b: 1, c: 'y' }));
  });

  it('renders numbers as text: 5 meets "5" but not "05"', () => {
    expect(mockingKey({ mois: 5 })).toBe(mockingKey({ mois: '5' }));
    expect(mockingKey({ mois: 5 })).not.toBe(mockingKey({ mois: '05' }));
  });

  it('escapes like CGI.escape (space as +, apostrophe encoded)', () => {
    expect(mockingKey({ nomCommuneNaissance: "L'Haÿ les Roses" })).toBe('nomCommuneNaissance=l%27ha%C3%BF+les+roses');
  });

  it('does not reorder array items', () => {
    expect(mockingKey({ prenoms: ['a', 'b'] })).not.toBe(mockingKey({ prenoms: ['b', 'a'] }));
  });

  it('never throws on a lone surrogate', () => {
    expect(mockingKey({ nomNaissance: 'A\uD800B' })).toBe('nomNaissance=a%EF%BF%BDb');
  });
});
