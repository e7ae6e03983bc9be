/**
 * The DSS response cache (spec §1.6): 200 answers kept for the operation's TTL, keyed by operation
 * and normalised parameters, bounded in entries (oldest dropped first). Personal data stays in this
 * process's memory only, for at most the contract's TTL.
 */
export class ResponseCache {
  #entries = new Map<string, { body: unknown; expiresAt: number }>();
  constructor(private readonly maxEntries = 10_000) {}

  get(key: string, nowMs: number): { body: unknown; expiresIn: number } | null {
    const entry = this.#entries.get(key);
    if (!entry) return null;
    if (entry.expiresAt <= nowMs) {
      this.#entries.delete(key);
      return null;
    }
    return { body: entry.body, expiresIn: Math.ceil((entry.expiresAt - nowMs) / 1000) };
  }

  set(key: string, body: unknown, ttlSeconds: number, nowMs: number): void {
    this.#entries.delete(key);
    this.#entries.set(key, { body, expiresAt: nowMs + ttlSeconds * 1000 });
    if (this.#entries.size > this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
