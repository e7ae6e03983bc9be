import { describe, expect, it } from 'vitest';
import { winAnsi } from './win-ansi.ts';

describe('winAnsi', () => {
  it('encodes French text in WinAnsiEncoding: Latin-1 as is, œ € ’ from the 0x80 row, others as ?', () => {
    expect([...winAnsi("clin d'œil é 2 000 € — l’été ✓")]).toEqual([
      ...Buffer.from("clin d'", 'latin1'), 0x9c, ...Buffer.from('il ', 'latin1'), 0xe9, ...Buffer.from(' 2 000 ', 'latin1'), 0x80, 0x20, 0x97, 0x20, 0x6c, 0x92, 0xe9, 0x74, 0xe9, 0x20, 0x3f,
    ]);
    // Non-breaking spaces (French number formatting) become plain spaces.
    expect([...winAnsi('2\u202f000\u00a0€')]).toEqual([0x32, 0x20, 0x30, 0x30, 0x30, 0x20, 0x80]);
  });
});
