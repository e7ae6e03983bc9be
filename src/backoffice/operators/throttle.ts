/**
 * Failed-login counters per account and per client IP over a fixed window. Kept in the process: a
 * back-office runs in one server process (workers serve no HTTP); with several servers behind a
 * balancer each counts on its own, which multiplies the allowance by their number.
 */
export class LoginThrottle {
  #failures = new Map<string, { count: number; resetAt: number }>();

  constructor(private readonly options: { maxPerAccount: number; maxPerIp: number; windowMs: number }) {}

  /** Seconds until a login for this account from this IP may be tried again; 0 when allowed now. */
  retryAfter(account: string, ip: string, now: number): number {
    const wait = (key: string, max: number) => {
      const entry = this.#failures.get(key);
      if (!entry || entry.resetAt <= now) return 0;
      return entry.count >= max ? Math.ceil((entry.resetAt - now) / 1000) : 0;
    };
    return Math.max(wait(`a:${account}`, this.options.maxPerAccount), wait(`i:${ip}`, this.options.maxPerIp));
  }

  fail(account: string, ip: string, now: number): void {
    for (const key of [`a:${account}`, `i:${ip}`]) {
      const entry = this.#failures.get(key);
      if (!entry || entry.resetAt <= now) this.#failures.set(key, { count: 1, resetAt: now + this.options.windowMs });
      else entry.count += 1;
    }
    // Bounded memory: expired entries go once the map grows.
    if (this.#failures.size > 10_000) for (const [key, entry] of this.#failures) if (entry.resetAt <= now) this.#failures.delete(key);
  }

  /** A successful login clears its account's count (not the IP's: one good password does not excuse a spray). */
  succeed(account: string): void {
    this.#failures.delete(`a:${account}`);
  }
}
