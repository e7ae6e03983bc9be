import { describe, expect, it } from 'vitest';
import { PerIpLimiter } from './rate-limit.ts';

describe('PerIpLimiter', () => {
  it('allows N requests per address per minute window, then answers the seconds left in the window; a new window starts afresh', () => {
    let now = Date.UTC(2026, 2, 2, 10, 0, 15, 500);
    const limiter = new PerIpLimiter(2, () => now);
    expect([limiter.hit('a'), limiter.hit('a'), limiter.hit('b')]).toEqual([null, null, null]);
    expect(limiter.hit('a')).toBe(45); // 44.5 s left, rounded up
    now = Date.UTC(2026, 2, 2, 10, 0, 59, 900);
    expect(limiter.hit('a')).toBe(1);
    now = Date.UTC(2026, 2, 2, 10, 1, 0, 0);
    expect(limiter.hit('a')).toBeNull();
  });
});
