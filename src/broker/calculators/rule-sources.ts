/**
 * Where a table of reference data comes from, and when someone last compared it with that text.
 * Every rule-set file in data/reference/ (PTZ, notary) carries these per table; the loaders refuse a
 * table without one, so an unsourced table fails at boot and in the tests, not in a broker's answer.
 */

export const SOURCE_KINDS = ['article', 'loi', 'décret', 'arrêté', 'DGFiP review', 'other'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Kinds that are identified by their date (a code article is identified by its number). */
const DATED_KINDS: ReadonlySet<SourceKind> = new Set(['loi', 'décret', 'arrêté', 'DGFiP review']);

export interface RuleSource {
  kind: SourceKind;
  /** The text: article number, décret/arrêté title, DGFiP review, or the secondary source. */
  text: string;
  /** YYYY-MM-DD: date of the loi, décret, arrêté or DGFiP review (required for those kinds). */
  date?: string;
  /** YYYY-MM-DD: the day the table was last compared with this text. */
  checked: string;
  /** What the check could not confirm; absent once the value is confirmed. */
  verify?: string;
}

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isIsoDay(text: unknown): text is string {
  const m = typeof text === 'string' ? ISO_DAY.exec(text) : null;
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Why `sources` is not a valid list of sources, or undefined when it is. */
export function sourcesProblem(sources: unknown): string | undefined {
  if (!Array.isArray(sources) || sources.length === 0) return 'needs at least one source';
  for (const [i, raw] of sources.entries()) {
    const s = raw as Partial<RuleSource>;
    const at = `sources[${i}]`;
    if (!SOURCE_KINDS.includes(s.kind as SourceKind)) return `${at}.kind must be one of ${SOURCE_KINDS.join(', ')}`;
    if (typeof s.text !== 'string' || s.text.trim() === '') return `${at}.text must name the text`;
    if (s.date !== undefined && !isIsoDay(s.date)) return `${at}.date must be YYYY-MM-DD`;
    if (DATED_KINDS.has(s.kind!) && s.date === undefined) return `${at}.date is required for a ${s.kind}`;
    if (!isIsoDay(s.checked)) return `${at}.checked must be YYYY-MM-DD`;
    if (s.date !== undefined && s.checked < s.date) return `${at}.checked predates the text`;
    if (s.verify !== undefined && (typeof s.verify !== 'string' || s.verify.trim() === '')) {
      return `${at}.verify must say what is left to check`;
    }
  }
  return undefined;
}
