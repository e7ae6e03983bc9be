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
  const now = Math.floor(nowMs / 1000);
  const remaining = (s: WindowState) => Math.max(s.limit - s.count, 0);
  // The documented headers speak of one-minute windows: show those when there are any.
  const period = states.some((s) => s.periodSeconds === 60) ? 60 : Math.max(...states.map((s) => s.periodSeconds));
  const shown = states.filter((s) => s.periodSeconds === period).sort((a, b) => remaining(a) - remaining(b))[0];
  if (!shown) return { headers: {}, retryAfter: null };
  const exceeded = states.filter((s) => s.count > s.limit);
  const blocking = exceeded.sort((a, b) => b.reset - a.reset)[0];
  const headers: Record<string, string> = {
    'RateLimit-Limit': String((blocking ?? shown).limit),
    'RateLimit-Remaining': String(remaining(blocking ?? shown)),
    'RateLimit-Reset': String((blocking ?? shown).reset),
  };
  if (!blocking) return { headers, retryAfter: null };
  const retryAfter = Math.max(blocking.reset - now, 0);
  return { headers: { ...headers, 'Retry-After': String(retryAfter) }, retryAfter };
}
