/**
 * Folding used to compare a broker's `debut` with selector labels: case-, accent- and
 * ligature-insensitive, so "etats" finds "États-Unis" and "oe" finds "Œ…".
 */

const COMBINING_MARKS = /\p{M}/gu;
const TYPOGRAPHIC_APOSTROPHES = /[\u2018\u2019\u02BC\u2032]/g;

export function foldForMatch(s: string): string {
  return s
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(TYPOGRAPHIC_APOSTROPHES, "'")
    .normalize('NFD')
    .replace(COMBINING_MARKS, '');
}

/**
 * The guide says the filter keeps the values "commençant par" `debut`: we match a prefix of the
 * whole label only (not of any word), so "russie" does not find "Fédération de Russie".
 * `debut` is not trimmed ("Le " is a meaningful prefix); an absent or empty `debut` keeps everything.
 */
export function filterByPrefix(labels: readonly string[], debut: string | undefined): string[] {
  const prefix = foldForMatch(debut ?? '');
  if (prefix === '') return [...labels];
  return labels.filter((label) => foldForMatch(label).startsWith(prefix));
}
