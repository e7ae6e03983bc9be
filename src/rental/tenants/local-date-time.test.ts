import { describe, expect, it } from 'vitest';
import { applicationDateTime, jacksonLocalDateTime, localDateTimeToString } from './local-date-time.ts';

describe('DossierFacile local date-times (Paris wall clock, no offset)', () => {
  it('Jackson style: seconds always, fraction trimmed', () => {
    expect(jacksonLocalDateTime(new Date('2026-01-31T09:30:00Z'))).toBe('2026-01-31T10:30:00');
    expect(jacksonLocalDateTime(new Date('2026-07-31T09:30:05.120Z'))).toBe('2026-07-31T11:30:05.12');
  });

  it('ApplicationModel pattern: six fraction digits', () => {
    expect(applicationDateTime(new Date('2026-01-31T09:30:00Z'))).toBe('2026-01-31T10:30:00.000000');
    expect(applicationDateTime(new Date('2026-01-31T09:30:07.004Z'))).toBe('2026-01-31T10:30:07.004000');
  });

  it('LocalDateTime.toString: zero seconds vanish', () => {
    expect(localDateTimeToString(new Date('2020-01-31T09:30:00Z'))).toBe('2020-01-31T10:30');
    expect(localDateTimeToString(new Date('2020-01-31T09:30:09Z'))).toBe('2020-01-31T10:30:09');
    expect(localDateTimeToString(new Date('2020-01-31T09:30:00.5Z'))).toBe('2020-01-31T10:30:00.500');
  });
});
