import { daysInMonth, parisInstant } from '../../platform/http/paris-dates.ts';
import { localDateTimeToString } from './local-date-time.ts';

const AFTER = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:Z|[+-]\d{2}:?\d{2})?$/;

/**
 * `after` is read as a `LocalDateTime` (§3.1): any offset is dropped, not applied
 * (`2020-01-31T10:30:00.000-05:00` is 10:30 in Paris). Null when it is not a date-time.
 */
export function parseAfter(text: string): Date | null {
  const m = AFTER.exec(text);
  if (!m) return null;
  const [year, month, day, hour, minute] = [1, 2, 3, 4, 5].map((i) => Number(m[i]));
  if (month! < 1 || month! > 12 || day! < 1 || day! > daysInMonth(year!, month!) || hour! > 23 || minute! > 59 || Number(m[6] ?? 0) > 59) return null;
  const base = parisInstant({ year: year!, month: month!, day: day!, hour: hour!, minute: minute! });
  if (!base) return null;
  const millis = Number((m[7] ?? '').padEnd(3, '0').slice(0, 3));
  return new Date(base.getTime() + Number(m[6] ?? 0) * 1000 + millis);
}

export interface ListQuery {
  limit: number;
  orderBy: 'LAST_UPDATE_DATE' | 'CREATION_DATE';
  after: Date | null;
  includeDeleted: boolean;
  includeRevoked: boolean;
}

/** The `nextLink` of §3.1: `after` is the last row's date (`LocalDateTime.toString()`), empty when that row has none. */
export function nextLink(prefix: string, query: ListQuery, last: { date: Date | null } | null): string {
  const after = last ? (last.date ? localDateTimeToString(last.date) : '') : query.after ? localDateTimeToString(query.after) : '';
  return `${prefix}/tenant?limit=${query.limit}&orderBy=${query.orderBy}&after=${after}&includeDeleted=${query.includeDeleted}&includeRevoked=${query.includeRevoked}`;
}
