import { describe, expect, it } from 'vitest';
import { findUnstorableText, isStorableText, printableText } from './storable-text.ts';

describe('isStorableText', () => {
  it('accepts any well-formed text, astral characters included', () => {
    for (const text of ['', 'Durand', 'Élodie d’Estaing', '😀 𝔘 日本', '\ud83d\ude00']) expect(isStorableText(text), text).toBe(true);
  });

  it('refuses U+0000 and lone surrogates wherever they are', () => {
    for (const text of ['\u0000', 'a\u0000', 'a\ud800', '\ud800b', '\udc00', 'a\udc00b', '\ude00\ud83d', '😀\ud800']) {
      expect(isStorableText(text), JSON.stringify(text)).toBe(false);
    }
  });
});

describe('printableText', () => {
  it('writes the unstorable code units as \\uXXXX and keeps the rest', () => {
    expect(printableText('a\u0000b\ud800c😀\udc01')).toBe('a\\u0000b\\ud800c😀\\udc01');
  });
});

describe('findUnstorableText', () => {
  it('finds values and keys, in document order, by JSON pointer', () => {
    const data = { a: ['ok', 'x\u0000'], 'b\ud800': 1, c: { 'd/e~': '\udc00' } };
    expect(findUnstorableText(data)).toStrictEqual([
      { pointer: '/a/1', inKey: false },
      { pointer: '/b\\ud800', inKey: true },
      { pointer: '/c/d~1e~0', inKey: false },
    ]);
  });

  it('stops at the first few', () => {
    expect(findUnstorableText(Array.from({ length: 100 }, () => '\u0000'), 3)).toHaveLength(3);
  });

  it('walks any depth without using the stack', () => {
    let deep: unknown = '\u0000';
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(findUnstorableText(deep)).toHaveLength(1);
  });

  it('finds nothing in ordinary data', () => {
    expect(findUnstorableText({ nom: 'Durand', n: 1, ok: true, none: null, list: [{ ville: 'Nancy' }] })).toStrictEqual([]);
  });
});
