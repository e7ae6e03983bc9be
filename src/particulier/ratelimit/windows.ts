/** One fixed, epoch-aligned window: `limit` calls per `periodSeconds` for `bucket`. */
export interface WindowSpec {
  bucket: string;
  limit: number;
  periodSeconds: number;
}

export interface WindowState extends WindowSpec {
  count: number;
  /** End of the window, epoch seconds: `now + (period − now mod period)` (spec §4). */
  reset: number;
}

/** End of the current window for `period`, in epoch seconds. */
export function windowEnd(nowMs: number, periodSeconds: number): number {
  const now = Math.floor(nowMs / 1000);
  return now + (periodSeconds - (now % periodSeconds));
}

export interface RateDecision {
  headers: Record<string, string>;
  /** Seconds until the exhausted window ends, when a window is exhausted. */
  retryAfter: number | null;
}

/**
 * The headers every response carries: those of the per-minute windows the documentation describes,
 * the one closest to exhaustion among them; another window (20/s per token, FranceConnect's hourly
 * one) shows only when it is the one refusing the call, with `Retry-After`.
 */
export function decide(states: readonly WindowState[], nowMs: number): RateDecision {
  // Plain loops: this runs on every call, and the arrays and closures of filter/sort showed in profiles.
  let hasMinute = false;
  let longest = 0;
  for (const s of states) {
    if (s.periodSeconds === 60) hasMinute = true;
    if (s.periodSeconds > longest) longest = s.periodSeconds;
  }
  // The documented headers speak of one-minute windows: show those when there are any.
  const period = hasMinute ? 60 : longest;
  let shown: WindowState | undefined;
  let blocking: WindowState | undefined;
  for (const s of states) {
    if (s.periodSeconds === period && (!shown || remaining(s) < remaining(shown))) shown = s;
    if (s.count > s.limit && (!blocking || s.reset > blocking.reset)) blocking = s;
  }
  if (!shown) return { headers: {}, retryAfter: null };
  const shownOrBlocking = blocking ?? shown;
  const headers: Record<string, string> = {
    'RateLimit-Limit': String(shownOrBlocking.limit),
    'RateLimit-Remaining': String(remaining(shownOrBlocking)),
    'RateLimit-Reset': String(shownOrBlocking.reset),
  };
  if (!blocking) return { headers, retryAfter: null };
  const retryAfter = Math.max(blocking.reset - Math.floor(nowMs / 1000), 0);
  headers['Retry-After'] = String(retryAfter);
  return { headers, retryAfter };
}

const remaining = (s: WindowState) => Math.max(s.limit - s.count, 0);
