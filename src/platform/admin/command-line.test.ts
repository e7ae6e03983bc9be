import { describe, expect, it } from 'vitest';
import { parseCommandLine } from './command-line.ts';

const importLike = { options: { dir: { type: 'string' as const } }, positional: 'dir' };
const plain = { options: { dir: { type: 'string' as const } } };

describe('parseCommandLine', () => {
  it('fills the positional option from the one bare argument, or takes it as an option', () => {
    expect(parseCommandLine(importLike, ['cases'])).toEqual({ dir: 'cases' });
    expect(parseCommandLine(importLike, ['--dir', 'cases'])).toEqual({ dir: 'cases' });
  });

  it('refuses two bare arguments, both forms at once, and bare arguments for a command without a positional', () => {
    expect(() => parseCommandLine(importLike, ['a', 'b'])).toThrow('give --dir once, as an option or as the one argument');
    expect(() => parseCommandLine(importLike, ['a', '--dir', 'b'])).toThrow('give --dir once, as an option or as the one argument');
    expect(() => parseCommandLine(plain, ['cases'])).toThrow(/Unexpected argument 'cases'/);
  });
});
