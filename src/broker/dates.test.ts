import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  formatParisDateTime,
  intlWallClock,
  parisDay,
  parseFrenchDate,
  parseParisDateTime,
} from './dates.ts';

describe('broker dates', () => {
  it('parses dd/mm/yyyy strictly', () => {
    expect(parseFrenchDate('29/02/2020')).toEqual({ year: 2020, month: 2, day: 29 });
    for (const bad of ['31/02/2020', '29/02/2019', '2020-02-01', '1/2/2020', '00/01/2020', '01/13/2020', '']) {
      expect(parseFrenchDate(bad)).toBeNull();
    }
  });

  it('adds months, clamping to the end of the month', () => {
    expect(addMonths({ year: 2019, month: 1, day: 1 }, 180)).toEqual({ year: 2034, month: 1, day: 1 });
    expect(addMonths({ year: 2020, month: 1, day: 31 }, 1)).toEqual({ year: 2020, month: 2, day: 29 });
  });

  it('shows Paris time on both sides of the clock changes', () => {
    expect(formatParisDateTime(new Date('2019-09-27T13:27:00Z'))).toBe('27/09/2019 15:27');
    expect(formatParisDateTime(new Date('2019-12-22T12:37:00Z'))).toBe('22/12/2019 13:37');
    expect(formatParisDateTime(new Date('2026-03-29T00:59:00Z'))).toBe('29/03/2026 01:59');
    expect(formatParisDateTime(new Date('2026-03-29T01:00:00Z'))).toBe('29/03/2026 03:00');
    expect(formatParisDateTime(new Date('2026-10-25T00:59:00Z'))).toBe('25/10/2026 02:59');
    expect(formatParisDateTime(new Date('2026-10-25T01:00:00Z'))).toBe('25/10/2026 02:00');
    expect(parisDay(new Date('2026-12-31T23:30:00Z'))).toEqual({ year: 2027, month: 1, day: 1 });
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
  });
});
