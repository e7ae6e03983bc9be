import { describe, expect, it } from 'vitest';
import { decide, windowEnd } from './windows.ts';

const at = (iso: string) => Date.parse(iso);

describe('windowEnd', () => {
  it('ends fixed minute windows on epoch multiples of 60 (the documentation example: reset 10:01:00)', () => {
    const reset = at('2026-03-02T10:01:00Z') / 1000;
    expect(windowEnd(at('2026-03-02T10:00:00Z'), 60)).toBe(reset);
    expect(windowEnd(at('2026-03-02T10:00:20Z'), 60)).toBe(reset);
    expect(windowEnd(at('2026-03-02T10:00:59.900Z'), 60)).toBe(reset);
  });

  it('ends one-second windows at the next second', () => {
    expect(windowEnd(at('2026-03-02T10:00:20.400Z'), 1)).toBe(at('2026-03-02T10:00:21Z') / 1000);
  });
});

describe('decide', () => {
  const now = at('2026-03-02T10:00:30Z');
  const reset = at('2026-03-02T10:01:00Z') / 1000;

  it('shows limit, remaining and reset of the window closest to exhaustion, no Retry-After', () => {
    const d = decide(
      [
        { bucket: 'ip', limit: 1000, periodSeconds: 60, count: 3, reset },
        { bucket: 'token', limit: 50, periodSeconds: 60, count: 3, reset },
      ],
      now,
    );
    expect(d).toEqual({ headers: { 'RateLimit-Limit': '50', 'RateLimit-Remaining': '47', 'RateLimit-Reset': String(reset) }, retryAfter: null });
  });

  it('shows the minute window even when the per-second one has fewer calls left', () => {
    const d = decide(
      [
        { bucket: 'token-s', limit: 20, periodSeconds: 1, count: 1, reset: now / 1000 + 1 },
        { bucket: 'token-m', limit: 1200, periodSeconds: 60, count: 1, reset },
      ],
      now,
    );
    expect(d.headers['RateLimit-Limit']).toBe('1200');
  });

  it('shows the per-second window with Retry-After 1 when it refuses the call', () => {
    const d = decide(
      [
        { bucket: 'token-s', limit: 20, periodSeconds: 1, count: 21, reset: now / 1000 + 1 },
        { bucket: 'token-m', limit: 1200, periodSeconds: 60, count: 21, reset },
      ],
      now,
    );
    expect(d.headers).toEqual({ 'RateLimit-Limit': '20', 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(now / 1000 + 1), 'Retry-After': '1' });
  });

  it('shows the minute window rather than a longer one, until the longer one refuses', () => {
    const hour = { bucket: 'fc-h', limit: 600, periodSeconds: 3600, count: 599, reset: now / 1000 + 1800 };
    const minute = { bucket: 'fc-m', limit: 30, periodSeconds: 60, count: 1, reset };
    expect(decide([hour, minute], now).headers['RateLimit-Limit']).toBe('30');
    const refused = decide([{ ...hour, count: 601 }, minute], now);
    expect([refused.headers['RateLimit-Limit'], refused.retryAfter]).toEqual(['600', 1800]);
  });

  it('gives Retry-After, the seconds to the end of the exhausted window', () => {
    const d = decide([{ bucket: 'token', limit: 50, periodSeconds: 60, count: 51, reset }], now);
    expect(d.retryAfter).toBe(30);
    expect(d.headers).toEqual({ 'RateLimit-Limit': '50', 'RateLimit-Remaining': '0', 'RateLimit-Reset': String(reset), 'Retry-After': '30' });
  });
});
