/**
 * Text the database cannot store as sent. PostgreSQL refuses U+0000 in `text` and in `jsonb`, and a
 * lone UTF-16 surrogate has no UTF-8 form: `jsonb` refuses its escape, while a `text` column silently
 * stores U+FFFD instead — so the write either fails with a 500 or keeps something else than what the
 * client sent (and what a write-through cache would then serve). Every surface refuses such text up
 * front, naming the field.
 */

// Without the `u` flag a regular expression sees UTF-16 code units, so a lone surrogate is matchable.
// eslint-disable-next-line no-control-regex -- U+0000 is precisely what is looked for
const UNSTORABLE = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// eslint-disable-next-line no-control-regex
const UNSTORABLE_ALL = /\u0000|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function isStorableText(text: string): boolean {
  return !UNSTORABLE.test(text);
}

/** The text with every unstorable code unit written as `\uXXXX`, so that it can be echoed (paths, logs). */
export function printableText(text: string): string {
  return text.replace(UNSTORABLE_ALL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface UnstorableText {
  /** JSON pointer (`/emprunteurs/0/nom`) of the value, or of the key itself when `inKey`. */
  pointer: string;
  inKey: boolean;
}

const escapePointer = (key: string) => printableText(key).replace(/~/g, '~0').replace(/\//g, '~1');

/**
 * The first `max` strings of a parsed request part (values and object keys) that cannot be stored.
 * Iterative, so nesting depth costs no stack; linear in the size of the data, which the body limit
 * and the structural guard bound.
 */
export function findUnstorableText(data: unknown, max = 5): UnstorableText[] {
  const found: UnstorableText[] = [];
  // [value, pointer, key refused]: a refused key is reported in document order, its value not visited.
  const stack: [unknown, string, boolean][] = [[data, '', false]];
  while (stack.length && found.length < max) {
    const [value, pointer, refusedKey] = stack.pop()!;
    if (refusedKey) {
      found.push({ pointer, inKey: true });
    } else if (typeof value === 'string') {
      if (!isStorableText(value)) found.push({ pointer, inKey: false });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push([value[i], `${pointer}/${i}`, false]);
    } else if (value !== null && typeof value === 'object') {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) {
        const key = keys[i]!;
        stack.push([(value as Record<string, unknown>)[key], `${pointer}/${escapePointer(key)}`, !isStorableText(key)]);
      }
    }
  }
  return found;
}
