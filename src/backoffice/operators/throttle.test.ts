import { describe, expect, it } from 'vitest';
import { LoginThrottle } from './throttle.ts';

describe('LoginThrottle', () => {
  const throttle = () => new LoginThrottle({ maxPerAccount: 2, maxPerIp: 3, windowMs: 60_000 });

  it('locks an account after its failures, until the window ends', () => {
    const t = throttle();
    t.fail('a', 'ip1', 0);
    expect(t.retryAfter('a', 'ip2', 1000)).toBe(0);
    t.fail('a', 'ip2', 1000);
    expect(t.retryAfter('a', 'ip3', 1000)).toBe(59);
    expect(t.retryAfter('b', 'ip3', 1000)).toBe(0);
    expect(t.retryAfter('a', 'ip3', 60_000)).toBe(0);
  });

  it('locks an address after failures on any accounts; a success clears the account only', () => {
    const t = throttle();
    t.fail('a', 'ip', 0);
    t.succeed('a');
    t.fail('b', 'ip', 0);
    expect(t.retryAfter('c', 'ip', 0)).toBe(0);
    t.fail('c', 'ip', 0);
    expect(t.retryAfter('d', 'ip', 30_000)).toBe(30);
    expect(t.retryAfter('d', 'other', 30_000)).toBe(0);
  });
});
