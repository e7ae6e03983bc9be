import { intlWallClock } from '../../platform/http/paris-dates.ts';

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

function wall(instant: Date) {
  const c = intlWallClock(instant);
  return { ...c, millis: instant.getTime() - Math.floor(instant.getTime() / 1000) * 1000 };
}

/**
 * DossierFacile's dates are `LocalDateTime`s of a server in Paris, without offset. Jackson writes them
 * ISO style with seconds always and the fraction only as long as needed: `2026-12-01T10:30:00`,
 * `2026-12-01T10:30:00.12`.
 */
export function jacksonLocalDateTime(instant: Date): string {
  const c = wall(instant);
  const base = `${c.year}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}`;
  return c.millis ? `${base}.${pad(c.millis, 3).replace(/0+$/, '')}` : base;
}

/** `ApplicationModel`'s fixed pattern `yyyy-MM-dd'T'HH:mm:ss.SSSSSS` (§5.2). */
export function applicationDateTime(instant: Date): string {
  const c = wall(instant);
  return `${c.year}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}:${pad(c.second)}.${pad(c.millis, 3)}000`;
}

/**
 * `LocalDateTime.toString()`, used in the list's `nextLink`: seconds and fraction vanish when zero
 * (`2020-01-31T10:30`).
 */
export function localDateTimeToString(instant: Date): string {
  const c = wall(instant);
  const base = `${c.year}-${pad(c.month)}-${pad(c.day)}T${pad(c.hour)}:${pad(c.minute)}`;
  if (!c.second && !c.millis) return base;
  return c.millis ? `${base}:${pad(c.second)}.${pad(c.millis, 3)}` : `${base}:${pad(c.second)}`;
}
