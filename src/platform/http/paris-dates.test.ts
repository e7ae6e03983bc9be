import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  DATE_YEARS,
  daysFromCivil,
  daysInMonth,
  formatFrenchDate,
  formatParisDateTime,
  intlWallClock,
  isFrenchDate,
  parisDay,
  parisInstant,
  parseDayDate,
  parseFrenchDate,
  parseParisDateTime,
  utcMillis,
} from './paris-dates.ts';

/** The ISO parser reads four-digit years as written, so it is the oracle for years below 100. */
const iso = (text: string) => new Date(text).getTime();

describe('dd/mm/yyyy', () => {
  it('parses strictly', () => {
    expect(parseFrenchDate('29/02/2020')).toEqual({ year: 2020, month: 2, day: 29 });
    for (const bad of ['31/02/2020', '29/02/2019', '2020-02-01', '1/2/2020', '00/01/2020', '01/13/2020', '', '01/01/0000']) {
      expect(parseFrenchDate(bad), bad).toBeNull();
    }
  });

  it(`accepts only the years ${DATE_YEARS.min}–${DATE_YEARS.max} as contract dates`, () => {
    expect(DATE_YEARS).toEqual({ min: 1900, max: 2199 });
    expect(isFrenchDate('01/01/1900')).toBe(true);
    expect(isFrenchDate('31/12/2199')).toBe(true);
    for (const outside of ['31/12/1899', '01/01/2200', '31/12/9999', '01/01/0050', '29/02/0004']) {
      expect(isFrenchDate(outside), outside).toBe(false);
    }
  });

  it('parses and formats any year 0001–9999 exactly, years below 100 included', () => {
    expect(parseDayDate('01/01/0050')).toEqual({ year: 50, month: 1, day: 1 });
    expect(parseDayDate('31/12/9999')).toEqual({ year: 9999, month: 12, day: 31 });
    expect(formatFrenchDate({ year: 50, month: 1, day: 1 })).toBe('01/01/0050');
    expect(formatFrenchDate({ year: 5, month: 3, day: 9 })).toBe('09/03/0005');
    // Leap years below 100 follow the Gregorian rule, not that of the 19xx year Date.UTC would pick.
    expect(parseDayDate('29/02/0004')).toEqual({ year: 4, month: 2, day: 29 });
    expect(parseDayDate('29/02/0100')).toBeNull();
    expect(daysInMonth(0, 2)).toBe(29); // year 0 is a leap year; 1900 (what Date.UTC(0, …) means) is not
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2000, 2)).toBe(29);
  });

  it('converts calendar days to instants for any year, where Date.UTC turns 0050 into 1950', () => {
    expect(utcMillis(50, 1, 1)).toBe(iso('0050-01-01T00:00:00Z'));
    expect(utcMillis(50, 1, 1)).not.toBe(Date.UTC(50, 0, 1));
    expect(utcMillis(1, 1, 1, 12, 30, 15)).toBe(iso('0001-01-01T12:30:15Z'));
    expect(utcMillis(99, 12, 31, 23, 59)).toBe(iso('0099-12-31T23:59:00Z'));
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9999 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }), (year, month, d) => {
        const day = Math.min(d, daysInMonth(year, month));
        const text = `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}T00:00:00Z`;
        expect(utcMillis(year, month, day)).toBe(iso(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('adds months, clamping to the end of the month, in any year', () => {
    expect(addMonths({ year: 2019, month: 1, day: 1 }, 180)).toEqual({ year: 2034, month: 1, day: 1 });
    expect(addMonths({ year: 2020, month: 1, day: 31 }, 1)).toEqual({ year: 2020, month: 2, day: 29 });
    expect(addMonths({ year: 3, month: 1, day: 31 }, 13)).toEqual({ year: 4, month: 2, day: 29 });
    expect(addMonths({ year: 50, month: 1, day: 31 }, 1)).toEqual({ year: 50, month: 2, day: 28 });
    expect(addMonths({ year: 2020, month: 3, day: 31 }, -1)).toEqual({ year: 2020, month: 2, day: 29 });
    expect(addMonths({ year: 1, month: 1, day: 15 }, -1)).toEqual({ year: 0, month: 12, day: 15 });
  });
});

describe('Paris time', () => {
  it('shows Paris time on both sides of the clock changes', () => {
    expect(formatParisDateTime(new Date('2019-09-27T13:27:00Z'))).toBe('27/09/2019 15:27');
    expect(formatParisDateTime(new Date('2019-12-22T12:37:00Z'))).toBe('22/12/2019 13:37');
    expect(formatParisDateTime(new Date('2026-03-29T00:59:00Z'))).toBe('29/03/2026 01:59');
    expect(formatParisDateTime(new Date('2026-03-29T01:00:00Z'))).toBe('29/03/2026 03:00');
    expect(formatParisDateTime(new Date('2026-10-25T00:59:00Z'))).toBe('25/10/2026 02:59');
    expect(formatParisDateTime(new Date('2026-10-25T01:00:00Z'))).toBe('25/10/2026 02:00');
    expect(parisDay(new Date('2026-12-31T23:30:00Z'))).toEqual({ year: 2027, month: 1, day: 1 });
  });

  it('shows years below 100 with four digits', () => {
    expect(formatParisDateTime(new Date('0050-06-15T12:00:00Z'))).toBe('15/06/0050 12:09');
  });

  it('agrees with the time-zone database on any instant', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(1980, 0, 1), max: Date.UTC(2099, 11, 31) }), (t) => {
        const instant = new Date(t);
        const c = intlWallClock(instant);
        const pad = (n: number) => String(n).padStart(2, '0');
        expect(formatParisDateTime(instant)).toBe(`${pad(c.day)}/${pad(c.month)}/${c.year} ${pad(c.hour)}:${pad(c.minute)}`);
      }),
      { numRuns: 5000 },
    );
  });

  it('reads a Paris wall-clock time back to the same instant', () => {
    expect(parseParisDateTime('27/09/2019 15:27')?.toISOString()).toBe('2019-09-27T13:27:00.000Z');
    expect(parseParisDateTime('22/12/2019 13:37')?.toISOString()).toBe('2019-12-22T12:37:00.000Z');
    expect(parseParisDateTime('31/02/2019 13:37')).toBeNull();
    expect(parseParisDateTime('22/12/2019 24:00')).toBeNull();
    expect(parseParisDateTime('31/12/2199 23:59')?.toISOString()).toBe('2199-12-31T22:59:00.000Z');
    // Until 1911 Paris time was UTC+00:09:21.
    expect(parseParisDateTime('01/01/1900 12:09')?.toISOString()).toBe('1900-01-01T11:59:39.000Z');
  });

  it('refuses a time outside the year range, but converts any year exactly', () => {
    expect(parseParisDateTime('15/06/0050 12:00')).toBeNull();
    expect(parseParisDateTime('01/01/2200 00:00')).toBeNull();
    expect(parseParisDateTime('31/12/1899 23:59')).toBeNull();
    expect(parisInstant({ year: 50, month: 6, day: 15, hour: 12, minute: 9 })?.toISOString()).toBe('0050-06-15T11:59:39.000Z');
    expect(parisInstant({ year: 2250, month: 7, day: 1, hour: 12, minute: 0 })?.toISOString()).toBe('2250-07-01T10:00:00.000Z');
  });

  it('refuses the times the spring change skips (29/03/2026 02:00–02:59)', () => {
    expect(parseParisDateTime('29/03/2026 01:59')?.toISOString()).toBe('2026-03-29T00:59:00.000Z');
    for (const skipped of ['29/03/2026 02:00', '29/03/2026 02:30', '29/03/2026 02:59']) {
      expect(parseParisDateTime(skipped), skipped).toBeNull();
    }
    expect(parseParisDateTime('29/03/2026 03:00')?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
  });

  it('reads the times the autumn change repeats (25/10/2026 02:00–02:59) as their first occurrence', () => {
    expect(parseParisDateTime('25/10/2026 01:59')?.toISOString()).toBe('2026-10-24T23:59:00.000Z');
    expect(parseParisDateTime('25/10/2026 02:00')?.toISOString()).toBe('2026-10-25T00:00:00.000Z');
    expect(parseParisDateTime('25/10/2026 02:30')?.toISOString()).toBe('2026-10-25T00:30:00.000Z');
    expect(parseParisDateTime('25/10/2026 02:59')?.toISOString()).toBe('2026-10-25T00:59:00.000Z');
    expect(parseParisDateTime('25/10/2026 03:00')?.toISOString()).toBe('2026-10-25T02:00:00.000Z');
  });

  it('round-trips every minute that exists, over the whole range', () => {
    const pad = (n: number) => String(n).padStart(2, '0');
    fc.assert(
      fc.property(fc.integer({ min: utcMillis(1900, 1, 2) / 60_000, max: utcMillis(2199, 12, 31) / 60_000 }), (minutes) => {
        const instant = new Date(minutes * 60_000);
        const c = intlWallClock(instant);
        const text = `${pad(c.day)}/${pad(c.month)}/${String(c.year).padStart(4, '0')} ${pad(c.hour)}:${pad(c.minute)}`;
        const back = parseParisDateTime(text);
        expect(back, text).not.toBeNull();
        // Same wall clock; the instant is this one or, for a repeated autumn hour, the hour before
        // (less the seconds of the pre-1911 offset, which the minute cannot carry).
        expect(formatParisDateTime(back!)).toBe(text);
        expect([0, 3_600_000]).toContain(instant.getTime() - back!.getTime() - c.second * 1000);
      }),
      { numRuns: 3000 },
    );
  });
});
