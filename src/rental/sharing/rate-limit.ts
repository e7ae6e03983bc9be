/**
 * Requests per address per minute on the public share-link routes (fixed windows, in this process):
 * enough to stop the enumeration of tokens or a scraper, with a Retry-After the client can honour.
 */
export class PerIpLimiter {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(
    private readonly perMinute: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** null: allowed; otherwise the seconds until the address may come back. */
  hit(ip: string): number | null {
    const now = this.clock();
    const start = now - (now % 60_000);
    let window = this.windows.get(ip);
    if (!window || window.start !== start) {
      // Old windows are dropped as the map grows: memory stays bounded by the addresses of one minute.
      if (this.windows.size >= 50_000) for (const [key, w] of this.windows) if (w.start !== start) this.windows.delete(key);
      window = { start, count: 0 };
      this.windows.set(ip, window);
    }
    window.count++;
    return window.count > this.perMinute ? Math.max(1, Math.ceil((start + 60_000 - now) / 1000)) : null;
  }
}
