import { describe, expect, it } from 'vitest';
import { checkStructure, DEFAULT_STRUCTURAL_LIMITS } from './body-guard.ts';

const closed = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  type: 'object',
  properties,
  additionalProperties: false,
  ...extra,
});

const schema = closed({
  emprunteurs: { type: 'array', maxItems: 2, items: closed({ nom: { type: 'string', maxLength: 5 } }) },
  notes: { type: 'object', additionalProperties: { type: 'string' } },
  libre: {},
});

const fields = (problems: ReturnType<typeof checkStructure>) => problems.map((p) => `${p.keyword} ${p.instancePath}`);

describe('checkStructure', () => {
  it('accepts what the schema accepts, and leaves the rest of validation to the validator', () => {
    expect(checkStructure(schema, { emprunteurs: [{ nom: 'A' }, { nom: 'too long for 5' }], inconnu: 1 })).toStrictEqual([]);
  });

  it('checks an array\'s length before any of its items', () => {
    const data = { emprunteurs: Array.from({ length: 100_000 }, () => ({ x: 1 })) };
    expect(checkStructure(schema, data)).toStrictEqual([
      { keyword: 'maxItems', instancePath: '/emprunteurs', schemaPath: '#', params: { limit: 2 }, message: 'must NOT have more than 2 items' },
    ]);
  });

  it('lists a flood of unknown keys only up to the problem cap', () => {
    const data = Object.fromEntries(Array.from({ length: 10_000 }, (_, i) => [`k${i}`, i]));
    const problems = checkStructure(schema, data);
    expect(problems).toHaveLength(DEFAULT_STRUCTURAL_LIMITS.maxProblems);
    expect(problems[0]).toMatchObject({ keyword: 'additionalProperties', instancePath: '', params: { additionalProperty: 'k0' } });
  });

  it('applies fallbacks where the schema declares no bound: open objects, unbounded strings, schemaless values', () => {
    const limits = { ...DEFAULT_STRUCTURAL_LIMITS, maxProperties: 3, maxItems: 4, maxLength: 10 };
    expect(fields(checkStructure(schema, { notes: { a: 'x', b: 'x', c: 'x', d: 'x' } }, limits))).toStrictEqual(['maxProperties /notes']);
    expect(fields(checkStructure(schema, { notes: { a: 'x'.repeat(11) } }, limits))).toStrictEqual(['maxLength /notes/a']);
    expect(fields(checkStructure(schema, { libre: [1, 2, 3, 4, 5] }, limits))).toStrictEqual(['maxItems /libre']);
    // A declared maxLength is the validator's to check, with its full report.
    expect(checkStructure(schema, { emprunteurs: [{ nom: 'x'.repeat(11) }] }, limits)).toStrictEqual([]);
  });

  it('refuses nesting deeper than the limit, even where the schema says nothing', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(fields(checkStructure(schema, { libre: deep }))).toStrictEqual([`maxDepth /libre${'/0'.repeat(DEFAULT_STRUCTURAL_LIMITS.maxDepth - 1)}`]);
  });

  it('takes the loosest bound of a union, and the constraints of then/else but not of if', () => {
    const union = { anyOf: [{ type: 'array', maxItems: 2 }, { type: 'array', maxItems: 5 }] };
    expect(checkStructure(union, [1, 2, 3, 4, 5])).toStrictEqual([]);
    expect(fields(checkStructure(union, [1, 2, 3, 4, 5, 6]))).toStrictEqual(['maxItems ']);
    const entity = {
      ...closed({ id: { type: 'string' }, supprimer: { type: 'boolean' } }),
      if: { properties: { supprimer: { const: true } }, required: ['supprimer'] },
      else: { required: ['id'] },
    };
    // `if` lists properties without closing the object: the entity stays closed.
    const flood = Object.fromEntries(Array.from({ length: 100 }, (_, i) => [`k${i}`, i]));
    expect(checkStructure(entity, flood)).toHaveLength(DEFAULT_STRUCTURAL_LIMITS.maxProblems);
  });

  it('never walks more than the problem cap', () => {
    const wide = closed({ list: { type: 'array', maxItems: 1 } });
    const data = { list: [1, 2] };
    expect(checkStructure({ type: 'array', maxItems: 1000, items: wide }, Array.from({ length: 1000 }, () => data))).toHaveLength(
      DEFAULT_STRUCTURAL_LIMITS.maxProblems,
    );
  });
});
