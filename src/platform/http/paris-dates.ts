/**
 * Dates of the French contracts: `dd/mm/yyyy` and `dd/mm/yyyy HH:MM` (a Europe/Paris wall-clock
 * time), parsed strictly and limited to `DATE_YEARS`. Calendar maths is plain arithmetic on the
 * proleptic Gregorian calendar: `Date.UTC(y, …)` and `new Date(y, …)` read the years 0–99 as
 * 1900–1999, so neither is used here.
 */

export interface DayDate {
  year: number;
  month: number; // 1..12
  day: number; // 1..31
}

export interface WallClock extends DayDate {
  hour: number;
  minute: number;
}

/**
 * Years a contract date may take. Wide enough for a birth date or a building's purchase and for a
 * 50-year loan started today; narrow enough that every computed date and every JS conversion stays exact.
 */
export const DATE_YEARS = { min: 1900, max: 2199 } as const;

/** The range in words, for OpenAPI descriptions: "du 01/01/1900 au 31/12/2199". */
export const DATE_RANGE_FR = `du 01/01/${DATE_YEARS.min} au 31/12/${DATE_YEARS.max}`;

const DAY_MS = 86_400_000;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : MONTH_DAYS[month - 1]!;
}

/** Days from 1970-01-01 to a calendar day, for any year (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Epoch milliseconds of a UTC calendar time, for any year (what `Date.UTC` gets wrong below 100). */
export function utcMillis(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + minute) * 60 + second) * 1000;
}

export function isInDateRange(d: DayDate): boolean {
  return d.year >= DATE_YEARS.min && d.year <= DATE_YEARS.max;
}

const DAY_RE = /^(\d{2})\/(\d{2})\/(\d{4})$/;

/** Parses `dd/mm/yyyy` for any year 0001–9999; null for anything else, including 31/02/2020. */
export function parseDayDate(text: string): DayDate | null {
  const m = DAY_RE.exec(text);
  if (!m) return null;
  const day = Number(m[1]);
  const month = Number(m[2]);
  const year = Number(m[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1) return null;
  if (day > daysInMonth(year, month)) return null;
  return { year, month, day };
}

/** Parses a contract date: `dd/mm/yyyy`, a real day, within `DATE_YEARS`; null otherwise. */
export function parseFrenchDate(text: string): DayDate | null {
  const d = parseDayDate(text);
  return d && isInDateRange(d) ? d : null;
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
  const month = index - year * 12 + 1;
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

// Formatters are costly to build; one serves the rare calls outside the fast path. Seconds are
// asked for because Paris time was UTC+00:09:21 until 1911.
const PARIS_SECOND = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

interface WallClockSeconds extends WallClock {
  second: number;
}

/** UTC instant of the last Sunday of a month at 01:00 UTC, when EU clocks change. */
function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = daysFromCivil(year, month, daysInMonth(year, month));
  const weekday = (((lastDay + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday (4)
  return (lastDay - weekday) * DAY_MS + 3_600_000;
}

/**
 * Paris wall-clock time. Since 1996 France follows the EU rule (UTC+2 from the last Sunday of March
 * to the last Sunday of October, at 01:00 UTC; UTC+1 otherwise), which arithmetic applies in a few
 * nanoseconds; Intl.formatToParts costs tens of microseconds and lists format one date per row.
 * Other years ask Intl. A test checks both agree over random instants.
 */
function parisWallClock(instant: Date): WallClockSeconds {
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
    second: local.getUTCSeconds(),
  };
}

/** Paris wall-clock time by the time-zone database (Intl), for any instant. */
export function intlWallClock(instant: Date): WallClockSeconds {
  const parts = PARIS_SECOND.formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
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

/** Paris offset from UTC at an instant, in milliseconds (3 600 000 in winter since 1945). */
function parisOffsetAt(t: number): number {
  const c = parisWallClock(new Date(t));
  return utcMillis(c.year, c.month, c.day, c.hour, c.minute, c.second) - Math.floor(t / 1000) * 1000;
}

function showsWallClock(t: number, wall: WallClock): boolean {
  const c = parisWallClock(new Date(t));
  return c.year === wall.year && c.month === wall.month && c.day === wall.day && c.hour === wall.hour && c.minute === wall.minute;
}

/**
 * The instant a Paris wall-clock time names, for any year. A time the clocks skip (29/03/2026 02:30,
 * spring forward) names none: null. A time the clocks show twice (25/10/2026 02:30, fall back) names
 * its first occurrence, still in summer time, as a person writing it before the change would mean.
 * Paris changes offset at most once in any two days, so the offsets a day before and a day after
 * are the only candidates.
 */
export function parisInstant(wall: WallClock): Date | null {
  const naive = utcMillis(wall.year, wall.month, wall.day, wall.hour, wall.minute);
  const a = naive - parisOffsetAt(naive - DAY_MS);
  const b = naive - parisOffsetAt(naive + DAY_MS);
  for (const t of a <= b ? [a, b] : [b, a]) if (showsWallClock(t, wall)) return new Date(t);
  return null;
}

const DATETIME_RE = /^(\d{2}\/\d{2}\/\d{4}) (\d{2}):(\d{2})$/;

/**
 * Parses a contract date-time `dd/mm/yyyy HH:MM` (Paris time, within `DATE_YEARS`); null if it is
 * malformed, out of range or skipped by the spring clock change (see `parisInstant`).
 */
export function parseParisDateTime(text: string): Date | null {
  const m = DATETIME_RE.exec(text);
  if (!m) return null;
  const day = parseFrenchDate(m[1]!);
  const hour = Number(m[2]);
  const minute = Number(m[3]);
  if (!day || hour > 23 || minute > 59) return null;
  return parisInstant({ ...day, hour, minute });
}

/** Today in Paris by a clock (the surface's `now`, fixed in tests). */
export const parisTodayBy = (clock: () => Date = () => new Date()) => () => parisDay(clock());
