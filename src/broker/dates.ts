/** Broker-contract dates: `dd/mm/yyyy` (and `dd/mm/yyyy HH:MM`), parsed strictly. */

export interface DayDate {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

const DAY_RE = /^(\d{2})\/(\d{2})\/(\d{4})$/;

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Parses `dd/mm/yyyy`; returns null for anything else, including impossible dates (31/02/2020). */
export function parseFrenchDate(text: string): DayDate | null {
  const m = DAY_RE.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

export function isFrenchDate(text: string): boolean {
  return parseFrenchDate(text) !== null;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

export function formatFrenchDate(d: DayDate): string {
  return `${pad2(d.day)}/${pad2(d.month)}/${String(d.year).padStart(4, '0')}`;
}

/** Adds whole months; the day is clamped to the target month's length (31/01 + 1 month = 28/02 or 29/02). */
export function addMonths(d: DayDate, months: number): DayDate {
  const index = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return { year, month, day: Math.min(d.day, daysInMonth(year, month)) };
}

/** Negative, zero or positive like a comparator. */
export function compareDays(a: DayDate, b: DayDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

/** Whole months from `from` to `to` (a month counts once its day is reached). */
export function monthsBetween(from: DayDate, to: DayDate): number {
  let months = (to.year - from.year) * 12 + (to.month - from.month);
  if (to.day < from.day) months -= 1;
  return months;
}

// Formatters are costly to build; one of each serves the rare calls outside the fast path.
const PARIS_MINUTE = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});

interface WallClock extends DayDate {
  hour: number;
  minute: number;
}

/** UTC instant of the last Sunday of a month at 01:00 UTC, when EU clocks change. */
function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = Date.UTC(year, month, 0, 1);
  return lastDay - new Date(lastDay).getUTCDay() * 86_400_000;
}

/**
 * Paris wall-clock time. Since 1996 France follows the EU rule (UTC+2 from the last Sunday of March
 * to the last Sunday of October, at 01:00 UTC; UTC+1 otherwise), which arithmetic applies in a few
 * nanoseconds; Intl.formatToParts costs tens of microseconds and lists format one date per row.
 * Other years ask Intl. A test checks both agree over random instants.
 */
function parisWallClock(instant: Date): WallClock {
  const t = instant.getTime();
  const year = instant.getUTCFullYear();
  if (year < 1997 || year > 2099 || Number.isNaN(t)) return intlWallClock(instant);
  const summer = t >= lastSundayAt1Utc(year, 3) && t < lastSundayAt1Utc(year, 10);
  const local = new Date(t + (summer ? 2 : 1) * 3_600_000);
  return {
    year: local.getUTCFullYear(),
    month: local.getUTCMonth() + 1,
    day: local.getUTCDate(),
    hour: local.getUTCHours(),
    minute: local.getUTCMinutes(),
  };
}

export function intlWallClock(instant: Date): WallClock {
  const parts = PARIS_MINUTE.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute') };
}

/** Calendar date in Europe/Paris for an instant. */
export function parisDay(instant: Date): DayDate {
  const { year, month, day } = parisWallClock(instant);
  return { year, month, day };
}

/** `dd/mm/yyyy HH:MM` in Europe/Paris, as the contract shows `datedernieremodification`. */
export function formatParisDateTime(instant: Date): string {
  const c = parisWallClock(instant);
  return `${formatFrenchDate(c)} ${pad2(c.hour)}:${pad2(c.minute)}`;
}

const DATETIME_RE = /^(\d{2}\/\d{2}\/\d{4}) (\d{2}):(\d{2})$/;

/** Parses `dd/mm/yyyy HH:MM` as a Europe/Paris wall-clock time; null if invalid. */
export function parseParisDateTime(text: string): Date | null {
  const m = DATETIME_RE.exec(text);
  if (!m) return null;
  const day = parseFrenchDate(m[1]!);
  const hour = Number(m[2]);
  const minute = Number(m[3]);
  if (!day || hour > 23 || minute > 59) return null;
  // Guess the instant as if Paris were UTC, then correct by the zone offset at that instant.
  const naive = Date.UTC(day.year, day.month - 1, day.day, hour, minute);
  let instant = naive;
  for (let i = 0; i < 2; i++) {
    const shown = parisWallClockUtc(new Date(instant));
    instant += naive - shown;
  }
  return new Date(instant);
}

function parisWallClockUtc(instant: Date): number {
  const c = parisWallClock(instant);
  return Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute);
}

/** Today in Paris by a clock (the broker's `now`, fixed in tests). */
export const parisTodayBy = (clock: () => Date = () => new Date()) => () => parisDay(clock());
