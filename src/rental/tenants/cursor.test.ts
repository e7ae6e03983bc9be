import { describe, expect, it } from 'vitest';
import { nextLink, parseAfter } from './cursor.ts';

describe('the list cursor (§3.1)', () => {
  it('drops any offset: the wall-clock time is read in Paris', () => {
    expect(parseAfter('2020-01-31T10:30:00.000-05:00')?.toISOString()).toBe('2020-01-31T09:30:00.000Z');
    expect(parseAfter('2020-01-31T10:30')?.toISOString()).toBe('2020-01-31T09:30:00.000Z');
    expect(parseAfter('2020-07-31T10:30:15.5Z')?.toISOString()).toBe('2020-07-31T08:30:15.500Z');
  });

  it('refuses what is not a date-time', () => {
    for (const text of ['', 'yesterday', '2020-13-01T10:00', '2020-01-31', '2020-01-31T25:00', '2021-02-29T10:00', '2020-01-31T10:30:61']) expect(parseAfter(text)).toBeNull();
  });

  it("builds nextLink as the contract's example shows it", () => {
    const query = { limit: 10, orderBy: 'LAST_UPDATE_DATE' as const, after: parseAfter('2020-01-31T10:30:00.000-05:00'), includeDeleted: true, includeRevoked: false };
    expect(nextLink('/api-partner', query, null)).toBe('/api-partner/tenant?limit=10&orderBy=LAST_UPDATE_DATE&after=2020-01-31T10:30&includeDeleted=true&includeRevoked=false');
    expect(nextLink('/api-partner', query, { date: null })).toBe('/api-partner/tenant?limit=10&orderBy=LAST_UPDATE_DATE&after=&includeDeleted=true&includeRevoked=false');
    expect(nextLink('/api-partner', query, { date: new Date('2021-03-01T11:00:05Z') })).toContain('&after=2021-03-01T12:00:05&');
  });
});
