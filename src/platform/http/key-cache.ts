/** Emitted on a module's events, with the key id, by a revocation run inside the server. */
export const KEY_REVOKED = 'key-revoked';

/** What a credential resolves to: at least the id of the key, so that a revocation can evict it. */
export interface KeyHolder {
  keyId: string;
}

/** How long a valid key is remembered: the longest a key revoked elsewhere keeps working here. */
export const KEY_CACHE_TTL_MS = 5_000;

/**
 * Remembers valid keys for a few seconds so that a busy integration does not pay a database
 * round trip per request. Only hits are kept (an unknown token always asks the database). A key
 * revoked through this server is evicted at once (`evictKey`); one revoked by another process
 * (PostgreSQL deployments) stops working here within `ttlMs`.
 */
export class KeyCache<A extends KeyHolder> {
  #entries = new Map<string, { actor: A; expires: number }>();
  #evictions = 0;

  constructor(
    private readonly load: (token: string) => Promise<A | null>,
    private readonly ttlMs = KEY_CACHE_TTL_MS,
    private readonly maxEntries = 10_000,
  ) {}

  async get(token: string): Promise<A | null> {
    const now = Date.now();
    const hit = this.#entries.get(token);
    if (hit && hit.expires > now) return hit.actor;
    const evictions = this.#evictions;
    const actor = await this.load(token);
    // A lookup that started before a revocation may have read the key as still valid: use, don't keep.
    if (actor && evictions === this.#evictions) {
      if (this.#entries.size >= this.maxEntries) this.#entries.delete(this.#entries.keys().next().value!);
      this.#entries.set(token, { actor, expires: now + this.ttlMs });
    } else {
      this.#entries.delete(token);
    }
    return actor;
  }

  /** Forgets every token of this key (a revocation is rare: a scan of the cache is fine). */
  evictKey(keyId: string): void {
    this.#evictions++;
    for (const [token, entry] of this.#entries) if (entry.actor.keyId === keyId) this.#entries.delete(token);
  }
}
